/**
 * A build's worker thread (started by pool.ts from the compiled JavaScript): imports the registry module
 * at once, opens the sources when the build sends its setup, then runs the jobs it is sent and answers
 * each with its result or its error; between jobs it keeps its old generation's garbage bounded
 * (core/old-space.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { OldSpaceSlack, threadCollector } from "../core/old-space.js";
import { sendError } from "../errors.js";
import { importRegistry, type Job, type JobContext, runJob, type WorkerSetup, workerContext } from "./jobs.js";

type Message = { setup: WorkerSetup } | { id: number; job: Job };

const port = parentPort;
if (port) {
  const registry = importRegistry((workerData as { registryModule: string }).registryModule);
  // A failure is reported by each job that needs what failed.
  registry.catch(() => {});
  let context: Promise<JobContext> = Promise.reject(new Error("a job came before the worker's setup"));
  context.catch(() => {});
  const collector = threadCollector();
  const slack = collector && new OldSpaceSlack(collector);
  port.on("message", async (message: Message) => {
    if ("setup" in message) {
      context = registry.then((sources) => workerContext(sources, message.setup));
      context.catch(() => {});
      return;
    }
    try {
      port.postMessage({ id: message.id, result: await runJob(await context, message.job) });
    } catch (error) {
      port.postMessage({ id: message.id, error: sendError(error) });
    }
    slack?.check();
  });
}
