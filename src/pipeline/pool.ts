/**
 * Where a build's per-task jobs run: worker threads, or the build's own thread. Either way a batch of
 * jobs gives its results in job order, and the first failure in job order is the one thrown, so a build
 * is the same (outputs, and the error it stops with) for any number of workers and any timing.
 *
 * Worker threads run the compiled JavaScript (worker.js beside this file). Each holds at most
 * `perWorker` jobs at once (one task being read while another is parsed), so memory is bounded by the
 * largest tasks in flight, not by the corpus.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isAbsolute } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { exposeCollector } from "../core/old-space.js";
import { reviveError, type SentError, UserError } from "../errors.js";
import type { Sources } from "../sources/registry.js";
import type { BuildContext } from "./context.js";
import { type Job, type JobContext, type JobResult, runJob, workerSetup } from "./jobs.js";

/** Jobs by position: an array, or a list that makes each job when it is taken (each is taken once). */
interface JobList<J> {
  readonly length: number;
  at(index: number): J | undefined;
}

export interface Pool {
  /** Give the jobs their context, once the build's context is loaded. */
  start(ctx: BuildContext): void;
  /** Run `jobs`, at most `perWorker` at a time per worker, and yield their results in job order. */
  ordered<J extends Job>(jobs: JobList<J>, perWorker: number): AsyncGenerator<JobResult<J>>;
  /** Stop the workers (again: nothing more). */
  close(): Promise<void>;
}

export interface PoolOptions {
  /**
   * Worker threads that scan and render tasks; 0 does both on the calling thread. Outputs are the same for
   * any number. Worker threads run the compiled JavaScript (dist/); from the TypeScript sources, or with a
   * `registry` of your own and no `registryModule`, tasks run on the calling thread. Starting worker threads
   * sets V8's `--expose-gc` for the process: each thread bounds its old generation's garbage with it
   * (core/old-space.ts).
   * @default os.availableParallelism()
   */
  workers?: number;
  /** @default the package's sources */
  registry?: Sources;
  /**
   * For worker threads with a `registry` of your own: a module (file URL or absolute path) whose `SOURCES`
   * export (or default export) is that same registry, which each worker thread imports.
   */
  registryModule?: string;
}

/** Worker threads when they can run (compiled JavaScript, a registry module), else the calling thread. */
export function openPool(options: PoolOptions): Pool {
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 0)
    throw new UserError("E_ARG", `workers: expected a whole number of threads (0 or more), got ${workers}.`);
  const registryModule = options.registryModule ?? (options.registry === undefined ? DEFAULT_REGISTRY : undefined);
  const script = workerScript();
  if (workers === 0 || registryModule === undefined || script === undefined) return new InProcessPool();
  return new ThreadPool(script, workers, isAbsolute(registryModule) ? pathToFileURL(registryModule).href : registryModule);
}

const DEFAULT_REGISTRY = new URL("../sources/registry.js", import.meta.url).href;

/** The worker thread's script, when the pipeline runs as compiled JavaScript; undefined otherwise (TypeScript sources). */
function workerScript(): URL | undefined {
  const url = new URL("./worker.js", import.meta.url);
  return import.meta.url.endsWith(".js") && existsSync(fileURLToPath(url)) ? url : undefined;
}

/** Jobs on the build's own thread. */
class InProcessPool implements Pool {
  private context: JobContext | undefined;

  start(ctx: BuildContext): void {
    this.context = { config: ctx.config, taxonomy: ctx.taxonomy, sources: ctx.sources, hashes: new Map() };
  }

  /** One job runs while the next `perWorker - 1` wait for their reads: the thread never idles on a file. */
  async *ordered<J extends Job>(jobs: JobList<J>, perWorker: number): AsyncGenerator<JobResult<J>> {
    const context = this.context;
    if (!context) throw new Error("the pool was not started");
    const window = Math.max(1, perWorker);
    const results: Promise<JobResult<Job>>[] = [];
    const start = (i: number): void => {
      if (i >= jobs.length) return;
      const result = runJob(context, jobs.at(i) as J);
      result.catch(() => {});
      results.push(result);
    };
    for (let i = 0; i < window; i++) start(i);
    try {
      for (let i = 0; i < jobs.length; i++) {
        const result = await results[i];
        start(i + window);
        yield result as JobResult<J>;
      }
    } finally {
      await Promise.allSettled(results);
    }
  }

  async close(): Promise<void> {}
}

interface Slot {
  worker: Worker;
  busy: number;
  failed?: Error;
}

interface Pending {
  slot: Slot;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * A render makes millions of short-lived strings and objects (ids, records, lines): a young generation
 * too small promotes them, and the old generation then grows and is collected at length. Measured on
 * superni-default over 1,616 real-size task files, 2 workers, runs of each size interleaved (build wall
 * and peak RSS), last with each thread's buffers pooled: 24 MB, 7.9-8.2 s and 315-330 MB; 32 MB,
 * 7.6-8.0 s and 288-306 MB; 48 MB, 8.1 s and 292-333 MB (16 MB, earlier: the slowest and among the largest).
 */
const YOUNG_GENERATION_MB = 32;

/** Jobs on `size` worker threads. */
class ThreadPool implements Pool {
  private readonly slots: Slot[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  /** The threads start at once, importing `registryModule` while the build loads its context. */
  constructor(script: URL, size: number, registryModule: string) {
    // Each thread collects its old generation between jobs once it holds enough garbage (core/old-space.ts).
    exposeCollector();
    this.slots = Array.from({ length: size }, () => {
      const worker = new Worker(script, {
        workerData: { registryModule },
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      });
      const slot: Slot = { worker, busy: 0 };
      slot.worker.on("message", (message: { id: number; result?: unknown; error?: SentError }) => this.settle(message));
      slot.worker.on("error", (error) => this.fail(slot, error));
      slot.worker.on("exit", (code) => this.fail(slot, new Error(`a build worker thread stopped (exit code ${code})`)));
      return slot;
    });
  }

  start(ctx: BuildContext): void {
    const setup = workerSetup(ctx);
    for (const slot of this.slots) slot.worker.postMessage({ setup });
  }

  async *ordered<J extends Job>(jobs: JobList<J>, perWorker: number): AsyncGenerator<JobResult<J>> {
    const capacity = this.slots.length * Math.max(1, perWorker);
    const results: Promise<unknown>[] = [];
    let stopped = false;
    const dispatch = (): void => {
      while (!stopped && results.length < jobs.length && this.inFlight() < capacity) {
        const result = this.run(jobs.at(results.length) as J, perWorker);
        results.push(result);
        // No job starts after one failed: the failure in job order is thrown when it is reached.
        result.then(dispatch, () => {
          stopped = true;
        });
      }
    };
    dispatch();
    try {
      for (let i = 0; i < jobs.length; i++) {
        const result = results[i];
        if (result === undefined) throw new Error(`job ${i} of ${jobs.length} was never started`);
        yield (await result) as JobResult<J>;
      }
    } finally {
      stopped = true;
      // Nothing may still write into the build folder when the caller goes on (or cleans up).
      await Promise.allSettled(results);
    }
  }

  private closed: Promise<unknown> | undefined;

  async close(): Promise<void> {
    this.closed ??= Promise.all(this.slots.map((slot) => slot.worker.terminate()));
    await this.closed;
  }

  private inFlight(): number {
    return this.pending.size;
  }

  private run(job: Job, perWorker: number): Promise<unknown> {
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    if (slot.failed) return Promise.reject(slot.failed);
    if (slot.busy >= Math.max(1, perWorker)) return Promise.reject(new Error("no free worker thread"));
    const id = this.nextId++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { slot, resolve, reject });
      slot.worker.postMessage({ id, job });
    });
  }

  private settle(message: { id: number; result?: unknown; error?: SentError }): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    pending.slot.busy--;
    if (message.error) pending.reject(reviveError(message.error));
    else pending.resolve(message.result);
  }

  /** A worker that crashed or stopped fails its jobs, and any job given to it later. */
  private fail(slot: Slot, error: Error): void {
    slot.failed ??= error;
    for (const [id, pending] of this.pending) {
      if (pending.slot !== slot) continue;
      this.pending.delete(id);
      slot.busy--;
      pending.reject(slot.failed);
    }
  }
}
