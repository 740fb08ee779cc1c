/**
 * A loopback HTTP server that answers the few comment endpoints of GitHub and GitLab that plan
 * review uses (list, create, update), records every request, and can be told to fail.
 */
import * as http from "http";
import type { AddressInfo } from "net";

/** A stored comment (GitHub issue comment or GitLab note). */
export interface StoredComment {
  id: number;
  body: string;
  system?: boolean;
}

/** One request the server received. */
export interface SeenRequest {
  method: string;
  path: string;
  authorization?: string;
  privateToken?: string;
}

/** The running server and its state. */
export interface FakePlatform {
  readonly url: string;
  readonly comments: StoredComment[];
  readonly requests: SeenRequest[];
  /** Statuses to answer, one per coming request, before answering normally again. */
  readonly failures: number[];
  /** Comments per page of a list answer. */
  pageSize: number;
  close(): Promise<void>;
}

const github = {
  list: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
  update: /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/,
};
const gitlab = {
  list: /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes$/,
  update: /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes\/(\d+)$/,
};

/** Starts the server on 127.0.0.1 with a free port. `repo`, `project` and `number` are the only ones that exist. */
export async function startFakePlatform(known: { repo: string; project: string; number: number }): Promise<FakePlatform> {
  const state = { comments: [] as StoredComment[], requests: [] as SeenRequest[], failures: [] as number[], pageSize: 100 };
  let nextId = 1000;
  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      state.requests.push({
        method: req.method ?? "",
        path: url.pathname,
        authorization: req.headers.authorization,
        privateToken: req.headers["private-token"] as string | undefined,
      });
      const failure = state.failures.shift();
      if (failure !== undefined) return send(res, failure, { message: `forced ${failure}` });
      const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { body: string }) : undefined;
      const page = Number(url.searchParams.get("page") ?? "1");
      const listPage = (): { items: StoredComment[]; next?: number } => {
        const start = (page - 1) * state.pageSize;
        const items = state.comments.slice(start, start + state.pageSize);
        return { items, next: start + state.pageSize < state.comments.length ? page + 1 : undefined };
      };
      let match = github.list.exec(url.pathname);
      if (match) {
        if (`${match[1]}/${match[2]}` !== known.repo || Number(match[3]) !== known.number) return send(res, 404, { message: "Not Found" });
        if (req.method === "GET") {
          const { items, next } = listPage();
          const link: Record<string, string> = next ? { link: `<http://${req.headers.host ?? "127.0.0.1"}${url.pathname}?per_page=${state.pageSize}&page=${next}>; rel="next"` } : {};
          return send(res, 200, items.map(({ id, body: text }) => ({ id, body: text })), link);
        }
        if (req.method === "POST" && body) {
          const comment = { id: nextId++, body: body.body };
          state.comments.push(comment);
          return send(res, 201, comment);
        }
      }
      match = github.update.exec(url.pathname);
      if (match && req.method === "PATCH" && body) {
        const comment = state.comments.find((c) => c.id === Number(match?.[3]));
        if (!comment || `${match[1]}/${match[2]}` !== known.repo) return send(res, 404, { message: "Not Found" });
        comment.body = body.body;
        return send(res, 200, comment);
      }
      match = gitlab.list.exec(url.pathname);
      if (match) {
        if (decodeURIComponent(match[1]) !== known.project || Number(match[2]) !== known.number) return send(res, 404, { message: "404 Not found" });
        if (req.method === "GET") {
          const { items, next } = listPage();
          return send(res, 200, items, { "x-next-page": next ? String(next) : "" });
        }
        if (req.method === "POST" && body) {
          const note = { id: nextId++, body: body.body, system: false };
          state.comments.push(note);
          return send(res, 201, note);
        }
      }
      match = gitlab.update.exec(url.pathname);
      if (match && req.method === "PUT" && body) {
        const note = state.comments.find((c) => c.id === Number(match?.[3]));
        if (!note) return send(res, 404, { message: "404 Not found" });
        note.body = body.body;
        return send(res, 200, note);
      }
      return send(res, 404, { message: "no such endpoint" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  });
}
