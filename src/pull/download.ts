/**
 * One file downloaded so that nothing incomplete ever looks complete: bytes go to a `.partial` file in
 * the pull's own folder, a later attempt (or a later pull) resumes it with an HTTP Range request, and
 * the file is moved into place (one rename on the same file system) only after its size and sha256 are
 * what was expected. A stalled or broken body is retried from where it stopped; a full disk leaves the
 * `.partial` to resume and says so.
 */
import { createHash, type Hash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { UserError } from "../errors.js";
import { type Answer, describeFailure, type HttpClient, HttpError } from "./http.js";

interface Expected {
  size?: number;
  sha256?: string;
}

export interface DownloadRequest {
  url: string;
  /** Where the file goes once complete and checked. */
  dest: string;
  /** The folder of `.partial` files (on the same file system as `dest`). */
  partialDir: string;
  expected?: Expected;
  headers?: Record<string, string>;
  /** Check the answer (e.g. its `X-Repo-Commit`) before any byte is kept; throw to refuse it. */
  inspect?: (answer: Answer) => void;
  /** Told about every chunk written, for progress. */
  onBytes?: (n: number) => void;
}

export interface Downloaded {
  size: number;
  sha256: string;
}

/** The `.partial` file of a destination: stable across runs, so an interrupted pull resumes it. */
export function partialPath(partialDir: string, dest: string): string {
  const key = createHash("sha256").update(dest).digest("hex").slice(0, 16);
  return join(partialDir, `${key}-${basename(dest)}.partial`);
}

/** Download `url` to `dest`, resuming a partial file, checked before it is moved into place. */
export async function download(client: HttpClient, request: DownloadRequest): Promise<Downloaded> {
  const partial = partialPath(request.partialDir, request.dest);
  await mkdir(request.partialDir, { recursive: true });
  let restarted = false;
  for (let attempt = 1; ; attempt++) {
    let got: Downloaded;
    try {
      got = await client.slot(() => fetchInto(client, request, partial));
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      if (attempt >= client.options.attempts)
        throw new UserError(
          "E_NETWORK",
          `GET ${request.url}: ${error.message}, after ${attempt} attempt(s); the bytes so far are kept and the next pull resumes them.`,
        );
      client.options.log(`GET ${request.url}: ${error.message}; resuming (attempt ${attempt + 1} of ${client.options.attempts})`);
      continue;
    }
    const problem = mismatch(got, request.expected);
    if (problem === undefined) {
      await mkdir(dirname(request.dest), { recursive: true });
      await rename(partial, request.dest);
      return got;
    }
    await rm(partial, { force: true });
    // A resumed file may join two versions of the resource: one clean try from the first byte.
    if (restarted) throw new UserError("E_NETWORK", `GET ${request.url}: ${problem}; the download was discarded, pull again.`);
    restarted = true;
    client.options.log(`GET ${request.url}: ${problem}; downloading it again from the start`);
  }
}

/** A body that broke off (a network error or a stall): the bytes so far are kept for the next attempt. */
class BodyError extends Error {
  override name = "BodyError";
}

function mismatch(got: Downloaded, expected: Expected | undefined): string | undefined {
  if (expected?.size !== undefined && got.size !== expected.size) return `${got.size} bytes, expected ${expected.size}`;
  if (expected?.sha256 !== undefined && got.sha256 !== expected.sha256) return `sha256 ${got.sha256}, expected ${expected.sha256}`;
  return undefined;
}

/** One request, appending to the partial file from its current size; the whole file's size and sha256. */
async function fetchInto(client: HttpClient, request: DownloadRequest, partial: string): Promise<Downloaded> {
  let start = existsSync(partial) ? (await stat(partial)).size : 0;
  const size = request.expected?.size;
  if (size !== undefined && start > size) start = await truncate(partial);
  if (size !== undefined && start === size && request.expected?.sha256 !== undefined) return { size: start, ...(await hashOf(partial)) };
  const answer = await requestFrom(client, request, partial, start);
  try {
    request.inspect?.(answer);
  } catch (error) {
    await answer.cancel();
    throw error;
  }
  if (start > 0 && !resumesAt(answer, start)) start = await truncate(partial);
  const hash = createHash("sha256");
  if (start > 0) await hashInto(hash, partial);
  const file = await open(partial, start > 0 ? "a" : "w");
  let written = start;
  try {
    for await (const chunk of answer.chunks()) {
      await writeAll(file, chunk, partial);
      hash.update(chunk);
      written += chunk.length;
      request.onBytes?.(chunk.length);
    }
    await file.sync();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new BodyError(describeFailure(error, client.options.timeoutMs));
  } finally {
    await file.close();
  }
  return { size: written, sha256: hash.digest("hex") };
}

/** The request for what is missing; a range the server cannot satisfy (416) starts the file over. */
async function requestFrom(client: HttpClient, request: DownloadRequest, partial: string, start: number): Promise<Answer> {
  try {
    return await client.request(request.url, { headers: { ...request.headers, ...(start > 0 && { range: `bytes=${start}-` }) } });
  } catch (error) {
    if (!(error instanceof HttpError && error.status === 416 && start > 0)) throw error;
    await truncate(partial);
    return client.request(request.url, { headers: { ...request.headers } });
  }
}

/** Whether a ranged request was answered from `start` (206 with a matching Content-Range). */
function resumesAt(answer: Answer, start: number): boolean {
  if (answer.response.status !== 206) return false;
  const range = /^bytes (\d+)-/.exec(answer.response.headers.get("content-range") ?? "");
  return range !== null && Number(range[1]) === start;
}

async function truncate(partial: string): Promise<0> {
  await rm(partial, { force: true });
  return 0;
}

async function writeAll(file: Awaited<ReturnType<typeof open>>, chunk: Uint8Array, partial: string): Promise<void> {
  try {
    await file.write(chunk);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOSPC" || code === "EDQUOT")
      throw new UserError(
        "E_DISK",
        `disk full while writing ${partial}: free some space and pull again (the download resumes from there).`,
      );
    throw new UserError("E_DISK", `cannot write ${partial}: ${code ?? (error as Error).message}.`);
  }
}

async function hashInto(hash: Hash, file: string): Promise<void> {
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
}

async function hashOf(file: string): Promise<{ sha256: string }> {
  const hash = createHash("sha256");
  await hashInto(hash, file);
  return { sha256: hash.digest("hex") };
}
