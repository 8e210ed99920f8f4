/**
 * A loopback HTTP server of our own (127.0.0.1, port 0) for pull tests: static resources with HTTP Range
 * support, redirects, and faults queued per path (a status with Retry-After, a body cut after N bytes,
 * a stall). Every request is logged, so a test can count them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Resource {
  body: Buffer;
  headers?: Record<string, string>;
  status?: number;
}

export type Fault =
  | { status: number; retryAfter?: string; body?: string }
  /** Answer normally but close the connection after this many body bytes. */
  | { cutAfter: number }
  /** Send the headers, then nothing for this long. */
  | { stallMs: number };

export interface Logged {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
}

export class Loopback {
  readonly log: Logged[] = [];
  private readonly resources = new Map<string, Resource | { redirect: string; headers?: Record<string, string> }>();
  private readonly faults = new Map<string, Fault[]>();
  private readonly guards = new Map<string, string>();
  private readonly server: Server;
  base = "";

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((done) => this.server.listen(0, "127.0.0.1", done));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  /** Serve `body` at `path` (a JSON value is served as JSON). */
  serve(path: string, body: Buffer | string | object, headers: Record<string, string> = {}, status = 200): void {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
    const type = Buffer.isBuffer(body) ? "application/octet-stream" : typeof body === "string" ? "text/plain" : "application/json";
    this.resources.set(path, { body: bytes, headers: { "content-type": type, ...headers }, status });
  }

  redirect(path: string, to: string, headers: Record<string, string> = {}): void {
    this.resources.set(path, { redirect: to, headers });
  }

  /** Faults answered, in order, by the next requests to `path`. */
  fail(path: string, ...faults: Fault[]): void {
    this.faults.set(path, [...(this.faults.get(path) ?? []), ...faults]);
  }

  /** Paths under `prefix` answer 401 to a request without `authorization: <value>` (a gated dataset). */
  guard(prefix: string, value: string): void {
    this.guards.set(prefix, value);
  }

  /** Requests whose path starts with `prefix` (all when omitted). */
  count(prefix = ""): number {
    return this.log.filter((r) => r.path.startsWith(prefix)).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const full = decodeURIComponent((req.url ?? "/").split("#")[0] as string);
    this.log.push({ method: req.method ?? "GET", path: full, headers: req.headers });
    for (const [prefix, value] of this.guards) {
      if (path.startsWith(prefix) && req.headers.authorization !== value) {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "Access to this dataset is restricted." }));
        return;
      }
    }
    const fault = this.faults.get(path)?.shift() ?? this.faults.get(full)?.shift();
    if (fault && "status" in fault) {
      res.writeHead(fault.status, { ...(fault.retryAfter !== undefined && { "retry-after": fault.retryAfter }) });
      res.end(fault.body ?? "");
      return;
    }
    const found = this.resources.get(full) ?? this.resources.get(path);
    if (found === undefined) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: `not found: ${path}` }));
      return;
    }
    if ("redirect" in found) {
      res.writeHead(302, { location: found.redirect, ...found.headers });
      res.end();
      return;
    }
    let body = found.body;
    let status = found.status ?? 200;
    const headers: Record<string, string> = { ...found.headers, "accept-ranges": "bytes" };
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    if (range && status === 200) {
      const start = Number(range[1]);
      if (start >= body.length) {
        res.writeHead(416, { "content-range": `bytes */${body.length}` });
        res.end();
        return;
      }
      headers["content-range"] = `bytes ${start}-${body.length - 1}/${body.length}`;
      body = body.subarray(start);
      status = 206;
    }
    headers["content-length"] = String(body.length);
    res.writeHead(status, headers);
    if (req.method === "HEAD") return void res.end();
    if (fault && "cutAfter" in fault) {
      res.write(body.subarray(0, fault.cutAfter), () => setTimeout(() => res.socket?.end(), 50));
      return;
    }
    if (fault && "stallMs" in fault) {
      res.flushHeaders();
      await new Promise((done) => setTimeout(done, fault.stallMs));
    }
    res.end(body);
  }
}
