/**
 * Hidden HTML comments that let a later run find and update its own comment instead of adding
 * one. Stack names are URI-encoded so no name can end the HTML comment early.
 */

const TOOL = "homelab-plan-comment";

/** Identifies one comment series: the sorted set of stacks it reports on. */
export function commentKey(stacks: readonly string[]): string {
  return [...stacks].sort().map(encodeURIComponent).join("+");
}

/** The marker that opens every part of a comment. */
export function partMarker(key: string, part: number): string {
  return `<!-- ${TOOL} key="${key}" part="${part}" -->`;
}

/** The marker in front of each stack's header. */
export function stackMarker(stack: string): string {
  return `<!-- ${TOOL} stack="${encodeURIComponent(stack)}" -->`;
}

const partPattern = new RegExp(`<!-- ${TOOL} key="([^"]*)" part="(\\d+)" -->`);

/** Reads the part marker of a comment body, if it has one. */
export function readPartMarker(body: string): { key: string; part: number } | undefined {
  const match = partPattern.exec(body);
  return match ? { key: match[1], part: Number(match[2]) } : undefined;
}
