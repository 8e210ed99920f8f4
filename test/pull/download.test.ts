/** Robust downloads against a loopback server: retries and Retry-After, clear errors, resumed partial files, checks before the move. */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { download, partialPath } from "../../src/pull/download.js";
import { HttpClient, HttpError, retryAfterMs } from "../../src/pull/http.js";
import { removeDir, tempDir } from "../pipeline/helpers.js";
import { Loopback } from "./loopback.js";

const BODY = Buffer.from(Array.from({ length: 5000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(""));
const SHA = createHash("sha256").update(BODY).digest("hex");

let server: Loopback;
let dir: string;
let logs: string[];
const client = (options: Partial<HttpClient["options"]> = {}) =>
  new HttpClient({ backoffMs: 5, attempts: 3, timeoutMs: 2000, log: (m) => logs.push(m), ...options });

beforeAll(async () => {
  server = new Loopback();
  await server.start();
});
afterAll(async () => server.close());
beforeEach(async () => {
  dir = await tempDir();
  logs = [];
  server.log.length = 0;
  server.serve("/file.bin", BODY);
});
afterEach(async () => removeDir(dir));

const get = (http: HttpClient, path = "/file.bin", expected: { size?: number; sha256?: string } = { size: BODY.length, sha256: SHA }) =>
  download(http, { url: `${server.base}${path}`, dest: join(dir, "out", "file.bin"), partialDir: join(dir, ".partial"), expected });

describe("retries", () => {
  it("waits as Retry-After says on 429, then succeeds", async () => {
    server.fail("/file.bin", { status: 429, retryAfter: "1" });
    const started = Date.now();
    expect(await get(client())).toEqual({ size: BODY.length, sha256: SHA });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(logs).toEqual([`GET ${server.base}/file.bin: 429 Too Many Requests; retrying in 1 s (attempt 2 of 3)`]);
    expect(readFileSync(join(dir, "out", "file.bin"))).toEqual(BODY);
  });

  it("backs off on 5xx and gives up after the last attempt with a clear message", async () => {
    server.fail("/file.bin", { status: 503 }, { status: 502 }, { status: 500 });
    await expect(get(client())).rejects.toThrow(`GET ${server.base}/file.bin: 500 Internal Server Error (after 3 attempt(s))`);
    expect(server.count("/file.bin")).toBe(3);
    expect(logs.map((l) => l.replace(/ in .* \(/, " ("))).toEqual([
      `GET ${server.base}/file.bin: 503 Service Unavailable; retrying (attempt 2 of 3)`,
      `GET ${server.base}/file.bin: 502 Bad Gateway; retrying (attempt 3 of 3)`,
    ]);
    expect(existsSync(join(dir, "out", "file.bin"))).toBe(false);
  });

  it("fails at once on 404, naming the URL", async () => {
    const error = await get(client(), "/nothing.bin").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).message).toBe(`GET ${server.base}/nothing.bin: 404 Not Found`);
    expect((error as HttpError).status).toBe(404);
    expect(server.count()).toBe(1);
  });

  it("refuses a Retry-After longer than it may wait", async () => {
    server.fail("/file.bin", { status: 429, retryAfter: "3600" });
    await expect(get(client({ maxWaitMs: 60_000 }))).rejects.toThrow(
      `GET ${server.base}/file.bin: 429 Too Many Requests (the server asks to retry after 3600 s, longer than 60 s)`,
    );
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(retryAfterMs("7")).toBe(7000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

describe("partial files", () => {
  it("resumes a truncated download with a Range request", async () => {
    server.fail("/file.bin", { cutAfter: 1200 });
    expect(await get(client())).toEqual({ size: BODY.length, sha256: SHA });
    const [first, second] = server.log;
    expect(first?.headers.range).toBeUndefined();
    expect(second?.headers.range).toBe("bytes=1200-");
    expect(readFileSync(join(dir, "out", "file.bin"))).toEqual(BODY);
    expect(existsSync(partialPath(join(dir, ".partial"), join(dir, "out", "file.bin")))).toBe(false);
  });

  it("leaves an interrupted download as a .partial only, and a later run resumes it", async () => {
    server.fail("/file.bin", { cutAfter: 3000 });
    await expect(get(client({ attempts: 1 }))).rejects.toThrow(/GET .*file\.bin/);
    expect(existsSync(join(dir, "out", "file.bin"))).toBe(false);
    expect(readFileSync(partialPath(join(dir, ".partial"), join(dir, "out", "file.bin")))).toEqual(BODY.subarray(0, 3000));
    await get(client());
    expect(server.log.at(-1)?.headers.range).toBe("bytes=3000-");
    expect(readFileSync(join(dir, "out", "file.bin"))).toEqual(BODY);
  });

  it("resumes a body that stalls past the timeout", async () => {
    server.fail("/file.bin", { stallMs: 1500 });
    expect(await get(client({ timeoutMs: 300 }))).toEqual({ size: BODY.length, sha256: SHA });
    expect(logs.some((l) => l.includes("timed out"))).toBe(true);
  });

  it("starts over when the server ignores the range, and when the partial file is already longer", async () => {
    const partial = partialPath(join(dir, ".partial"), join(dir, "out", "file.bin"));
    await mkdir(join(dir, ".partial"), { recursive: true });
    await writeFile(partial, Buffer.concat([BODY, Buffer.from("junk")]));
    expect(await get(client())).toEqual({ size: BODY.length, sha256: SHA });
    expect(server.log[0]?.headers.range).toBeUndefined();
    await writeFile(partial, BODY.subarray(0, 10));
    expect(await get(client(), "/file.bin", {})).toEqual({ size: BODY.length, sha256: SHA });
  });

  it("checks size and sha256 before the move: a wrong file is tried once more, then refused and removed", async () => {
    server.serve("/tampered.bin", Buffer.concat([BODY.subarray(0, -1), Buffer.from("!")]));
    await expect(get(client(), "/tampered.bin")).rejects.toThrow(
      /sha256 [0-9a-f]{64}, expected [0-9a-f]{64}; the download was discarded, pull again/,
    );
    expect(server.count("/tampered.bin")).toBe(2);
    expect(existsSync(join(dir, "out", "file.bin"))).toBe(false);
    expect(existsSync(partialPath(join(dir, ".partial"), join(dir, "out", "file.bin")))).toBe(false);
  });

  it("says a full disk is a full disk, and moves nothing into place", async () => {
    const partial = partialPath(join(dir, ".partial"), join(dir, "out", "file.bin"));
    await mkdir(join(dir, ".partial"), { recursive: true });
    await symlink("/dev/full", partial);
    await expect(get(client(), "/file.bin", {})).rejects.toThrow(`disk full while writing ${partial}: free some space and pull again`);
    expect(existsSync(join(dir, "out", "file.bin"))).toBe(false);
  });
});

describe("redirects and credentials", () => {
  let other: Loopback;
  beforeAll(async () => {
    other = new Loopback();
    await other.start();
  });
  afterAll(async () => other.close());

  it("follows a 302, sends the token to its own origin only, and shows every hop's headers", async () => {
    other.serve("/cdn/file.bin", BODY);
    server.redirect("/resolve/file.bin", `${other.base}/cdn/file.bin`, { "x-repo-commit": "c".repeat(40) });
    const seen: string[] = [];
    const http = client({ auth: new Map([[server.base, "Bearer secret-token"]]) });
    await download(http, {
      url: `${server.base}/resolve/file.bin`,
      dest: join(dir, "file.bin"),
      partialDir: join(dir, ".partial"),
      expected: { sha256: SHA },
      inspect: (answer) => seen.push(...answer.hops.map((h) => h.get("x-repo-commit") ?? "-")),
    });
    expect(seen).toEqual(["c".repeat(40), "-"]);
    expect(server.log[0]?.headers.authorization).toBe("Bearer secret-token");
    expect(other.log[0]?.headers.authorization).toBeUndefined();
  });

  it("refuses an answer its inspector refuses, keeping nothing", async () => {
    const refused = download(client(), {
      url: `${server.base}/file.bin`,
      dest: join(dir, "file.bin"),
      partialDir: join(dir, ".partial"),
      inspect: () => {
        throw new Error("wrong revision");
      },
    });
    await expect(refused).rejects.toThrow("wrong revision");
    expect(existsSync(join(dir, "file.bin"))).toBe(false);
  });

  it("bounds the requests in flight", async () => {
    const http = client({ concurrency: 2 });
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        http.slot(async () => {
          most = Math.max(most, ++inFlight);
          await new Promise((done) => setTimeout(done, 20));
          inFlight--;
        }),
      ),
    );
    expect(most).toBe(2);
  });
});
