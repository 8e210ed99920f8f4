/**
 * Atomic build output: everything is written into a staging folder beside the target and renamed
 * into place only when complete, so a failed build never leaves output that looks complete.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { UserError } from "../errors.js";

export interface Staging {
  /** Where to write. */
  readonly dir: string;
  /** Move the staged output into place (replacing an existing folder only with --force). */
  commit(): Promise<void>;
  /** Remove the staged output after a failure. */
  abort(): Promise<void>;
}

export async function stageOutput(out: string, force: boolean): Promise<Staging> {
  const target = resolve(out);
  if (existsSync(target) && (await readdir(target)).length > 0 && !force) {
    throw new UserError("E_OUTPUT", `${target} is not empty. Choose another --out, or pass --force to replace it.`);
  }
  const dir = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return {
    dir,
    async commit() {
      if (existsSync(target)) {
        const old = join(dirname(target), `.${basename(target)}.old-${process.pid}`);
        await rename(target, old);
        await rename(dir, target);
        await rm(old, { recursive: true, force: true });
      } else {
        await mkdir(dirname(target), { recursive: true });
        await rename(dir, target);
      }
    },
    async abort() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `write` into a staging folder, renamed into place when it succeeded and removed when it failed. */
export async function writeAtomically<T>(out: string, force: boolean, write: (dir: string) => Promise<T>): Promise<T> {
  const staging = await stageOutput(out, force);
  try {
    const result = await write(staging.dir);
    await staging.commit();
    return result;
  } catch (error) {
    await staging.abort();
    throw error;
  }
}
