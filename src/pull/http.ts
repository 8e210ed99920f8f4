/**
 * HTTP for `pull`, on Node's fetch: a bounded number of requests at a time; a timeout for the response
 * headers and for every stall of a body; redirects followed by hand (at most 10) so credentials are sent
 * only to the origin they belong to and every hop's headers can be checked (`X-Repo-Commit`); 429 and 5xx
 * answers and network failures retried with exponential backoff, honouring `Retry-After`. Any other
 * status is an `HttpError` at once, with a message that names the method, the URL and the status.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { packageVersion } from "../config/package-root.js";
import { UserError } from "../errors.js";

export interface HttpOptions {
  /** Requests in flight at once. @default 4 */
  concurrency: number;
  /** Tries per request: the first and its retries (on network errors, timeouts, 429 and 5xx). @default 5 */
  attempts: number;
  /** The first retry's delay, doubled for each next one (at most 60 s) when no `Retry-After` says otherwise. @default 1000 */
  backoffMs: number;
  /** The longest `Retry-After` waited for; a server asking for more fails the request. @default 300000 */
  maxWaitMs: number;
  /** For the response headers, and for each stretch of a body without a byte. @default 30000 */
  timeoutMs: number;
  /** `Authorization` values by origin (`https://huggingface.co`); never sent elsewhere, never printed. */
  auth: ReadonlyMap<string, string>;
  /** Told about every retry, e.g. for stderr. */
  log: (message: string) => void;
}

const HTTP_DEFAULTS: HttpOptions = {
  concurrency: 4,
  attempts: 5,
  backoffMs: 1000,
  maxWaitMs: 300_000,
  timeoutMs: 30_000,
  auth: new Map(),
  log: () => {},
};

/** A response status that is not retried (or no longer): 404, 401, 403, or a 429/5xx after every attempt. */
export class HttpError extends UserError {
  override name = "HttpError";
  readonly status: number;
  readonly url: string;
  constructor(method: string, url: string, status: number, statusText: string, hint?: string) {
    super("E_NETWORK", `${method} ${url}: ${status} ${statusText || "error"}${hint ? ` (${hint})` : ""}`);
    this.status = status;
    this.url = url;
  }
}

/** A response with its body unread, the URL it came from after redirects, and the headers of every hop. */
export interface Answer {
  response: Response;
  url: string;
  hops: Headers[];
  /** Read the body as bytes, chunk by chunk, each chunk within the timeout. */
  chunks(): AsyncGenerator<Uint8Array>;
  /** Stop reading (and free the connection). */
  cancel(): Promise<void>;
}

export interface RequestInit {
  method?: "GET" | "HEAD";
  headers?: Record<string, string>;
}

const RETRIED = new Set([408, 425, 429, 500, 502, 503, 504]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** One client per pull: its options and the slots that bound concurrency. */
export class HttpClient {
  readonly options: HttpOptions;
  /** HTTP requests sent so far (every redirect hop counts). */
  requests = 0;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(options: Partial<HttpOptions> = {}) {
    this.options = { ...HTTP_DEFAULTS, ...options };
  }

  /** Run `work` in one of the client's slots. */
  async slot<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.options.concurrency) await new Promise<void>((wake) => this.waiting.push(wake));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  /** A 2xx answer for `url`, after redirects and retries; throws HttpError on any other final status. */
  async request(url: string, init: RequestInit = {}): Promise<Answer> {
    const method = init.method ?? "GET";
    for (let attempt = 1; ; attempt++) {
      let answer: Answer;
      try {
        answer = await this.once(url, method, init.headers ?? {});
      } catch (error) {
        if (error instanceof HttpError) throw error;
        const why = describeFailure(error, this.options.timeoutMs);
        if (attempt >= this.options.attempts) throw new UserError("E_NETWORK", `${method} ${url}: ${why}, after ${attempt} attempt(s).`);
        await this.pause(method, url, why, attempt, undefined);
        continue;
      }
      const { status, statusText } = answer.response;
      if (status >= 200 && status < 300) return answer;
      await answer.cancel();
      const retryAfter = retryAfterMs(answer.response.headers.get("retry-after"));
      if (!RETRIED.has(status) || attempt >= this.options.attempts) {
        const hint = RETRIED.has(status) ? `after ${attempt} attempt(s)` : undefined;
        throw new HttpError(method, answer.url, status, statusText, hint);
      }
      if (retryAfter !== undefined && retryAfter > this.options.maxWaitMs) {
        throw new HttpError(
          method,
          answer.url,
          status,
          statusText,
          `the server asks to retry after ${Math.ceil(retryAfter / 1000)} s, longer than ${Math.ceil(this.options.maxWaitMs / 1000)} s`,
        );
      }
      await this.pause(method, answer.url, `${status} ${statusText}`, attempt, retryAfter);
    }
  }

  /** A text body (at most 256 MB) and the URL it came from. */
  async text(url: string, headers: Record<string, string> = {}): Promise<{ text: string; url: string }> {
    return this.slot(async () => {
      const answer = await this.request(url, { headers });
      return { text: await readText(answer, 256 * 2 ** 20), url: answer.url };
    });
  }

  /** A JSON body (at most 256 MB). */
  async json(url: string, headers: Record<string, string> = {}): Promise<unknown> {
    const answer = await this.text(url, { accept: "application/json", ...headers });
    try {
      return JSON.parse(answer.text) as unknown;
    } catch {
      throw new UserError("E_NETWORK", `GET ${answer.url}: the answer is not JSON: ${JSON.stringify(answer.text.slice(0, 200))}`);
    }
  }

  private async pause(method: string, url: string, why: string, attempt: number, retryAfter: number | undefined): Promise<void> {
    const wait = retryAfter ?? Math.min(this.options.backoffMs * 2 ** (attempt - 1), 60_000);
    this.options.log(`${method} ${url}: ${why}; retrying in ${formatMs(wait)} (attempt ${attempt + 1} of ${this.options.attempts})`);
    await sleep(wait);
  }

  /** One try: redirects followed, credentials only for their own origin. */
  private async once(start: string, method: string, headers: Record<string, string>): Promise<Answer> {
    let url = start;
    const hops: Headers[] = [];
    for (let redirects = 0; ; redirects++) {
      const controller = new AbortController();
      const origin = new URL(url).origin;
      const auth = this.options.auth.get(origin);
      const timer = setTimeout(() => controller.abort(new TimeoutError()), this.options.timeoutMs);
      let response: Response;
      this.requests++;
      try {
        response = await fetch(url, {
          method,
          redirect: "manual",
          signal: controller.signal,
          headers: {
            "user-agent": `iml-bench/${packageVersion()}`,
            "accept-encoding": "identity",
            ...headers,
            ...(auth && { authorization: auth }),
          },
        });
      } finally {
        clearTimeout(timer);
      }
      hops.push(response.headers);
      const location = response.headers.get("location");
      if (REDIRECTS.has(response.status) && location !== null) {
        await response.body?.cancel();
        if (redirects >= 10) throw new HttpError(method, start, response.status, "too many redirects");
        url = new URL(location, url).toString();
        continue;
      }
      return answerOf(response, url, hops, controller, this.options.timeoutMs);
    }
  }
}

class TimeoutError extends Error {
  override name = "TimeoutError";
}

function answerOf(response: Response, url: string, hops: Headers[], controller: AbortController, timeoutMs: number): Answer {
  return {
    response,
    url,
    hops,
    async *chunks() {
      const reader = response.body?.getReader();
      if (reader === undefined) return;
      for (;;) {
        const timer = setTimeout(() => controller.abort(new TimeoutError()), timeoutMs);
        let next: Awaited<ReturnType<typeof reader.read>>;
        try {
          next = await reader.read();
        } finally {
          clearTimeout(timer);
        }
        if (next.done) return;
        yield next.value;
      }
    },
    async cancel() {
      await response.body?.cancel().catch(() => {});
    },
  };
}

async function readText(answer: Answer, limit: number): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of answer.chunks()) {
    size += chunk.length;
    if (size > limit) {
      await answer.cancel();
      throw new UserError("E_NETWORK", `GET ${answer.url}: the answer is larger than ${limit} bytes.`);
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString("utf8");
}

/** `Retry-After` in ms: seconds, or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Why a request failed without a status, in words: a timeout, or the network error's code. */
export function describeFailure(error: unknown, timeoutMs: number): string {
  const reason = error instanceof Error && error.name === "AbortError" ? (error.cause ?? error) : error;
  if (reason instanceof TimeoutError || (error instanceof Error && error.name === "TimeoutError"))
    return `no answer within ${formatMs(timeoutMs)} (timed out)`;
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  return error instanceof Error ? error.message : String(error);
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
