/**
 * Creates or updates the parts of a rendered comment on a pull/merge request: each part
 * replaces the earlier comment that carries the same key and part number, so re-running a
 * pipeline never piles up comments.
 */
import type { RenderedComment } from "../markdown";
import { partMarker, readPartMarker } from "../markers";

/** A comment already on the pull/merge request. */
export interface PostedComment {
  readonly id: number;
  readonly body: string;
}

/** The three calls a platform must offer. */
export interface CommentApi {
  /** Every comment on the pull/merge request, oldest first. */
  list(): Promise<PostedComment[]>;
  create(body: string): Promise<void>;
  update(id: number, body: string): Promise<void>;
}

/** What a post did. */
export interface PostResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Earlier parts beyond the new part count, overwritten with a short note. */
  retired: number;
}

/** The body left in a part the latest plan no longer needs. */
export function retiredBody(key: string, part: number, total: number): string {
  return `${partMarker(key, part)}\n_This part is no longer used: the latest plan fits in ${total} part${total === 1 ? "" : "s"}._\n`;
}

/** Creates or updates one comment per part of `comment`. */
export async function upsertComment(api: CommentApi, comment: RenderedComment): Promise<PostResult> {
  const existing = new Map<number, PostedComment>();
  for (const posted of await api.list()) {
    const marker = readPartMarker(posted.body);
    if (marker && marker.key === comment.key && !existing.has(marker.part)) existing.set(marker.part, posted);
  }
  const result: PostResult = { created: 0, updated: 0, unchanged: 0, retired: 0 };
  const total = comment.parts.length;
  for (let i = 0; i < total; i++) {
    const body = comment.parts[i];
    const posted = existing.get(i + 1);
    if (posted === undefined) {
      await api.create(body);
      result.created++;
    } else if (posted.body.replace(/\r\n/g, "\n") === body) {
      result.unchanged++;
    } else {
      await api.update(posted.id, body);
      result.updated++;
    }
  }
  for (const [part, posted] of existing) {
    if (part <= total) continue;
    const body = retiredBody(comment.key, part, total);
    if (posted.body.replace(/\r\n/g, "\n") !== body) {
      await api.update(posted.id, body);
      result.retired++;
    }
  }
  return result;
}

/** One line for the job log. */
export function describeResult(result: PostResult, where: string): string {
  return `${where}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.retired} retired comment part(s).`;
}
