/** What every source of one pull shares: the client, the endpoints, the Hub, the working folder, the splits. */
import type { LockedSource } from "../lock/lock.js";
import type { Progress } from "../progress.js";
import type { Endpoints } from "./endpoints.js";
import type { HttpClient } from "./http.js";
import type { Hub } from "./hub.js";

export interface PullContext {
  client: HttpClient;
  endpoints: Endpoints;
  hub: Hub;
  /** `<to>/.pull`: archives, partial downloads, staging; never read by a build. */
  work: string;
  /** The dataset splits to pull from the Hub. */
  splits: string[];
  /** Resolve every revision again instead of keeping the locked commits. */
  update: boolean;
  progress: Progress;
  bytes: (n: number) => string;
  /** Before anything under a source's root changes: the lock stops listing it, and the pull's state keeps what is done. */
  changing(name: string, done?: LockedSource): Promise<void>;
}
