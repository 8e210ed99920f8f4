/** A finished build folder as commands read it: manifest.json checked against its schema, and audit.json when the build audited. */
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { AuditFile } from "../audit/index.js";
import { assertSchema } from "../config/schemas.js";
import { UserError } from "../errors.js";
import type { Manifest } from "../pipeline/manifest.js";

const WHAT_TO_DO = "Give the --out folder of a finished `iml-bench build`.";

export async function readBuildManifest(dir: string): Promise<Manifest> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError("E_INPUT", `${dir}: no such folder. ${WHAT_TO_DO}`);
  const file = join(dir, "manifest.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UserError(
      "E_INPUT",
      `${file}: cannot read the manifest (${reason}); every finished build has one, so ${dir} is not a build. ${WHAT_TO_DO}`,
      { cause: error },
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      "E_INPUT",
      `${file}: not JSON (${(error as Error).message}); expected the manifest an iml-bench build writes. ${WHAT_TO_DO}`,
      {
        cause: error,
      },
    );
  }
  return assertSchema<Manifest>("manifest", doc, file);
}

/** <dir>/audit.json when the build ran the audit. */
export async function readBuildAudit(dir: string): Promise<AuditFile | undefined> {
  const file = join(dir, "audit.json");
  if (!existsSync(file)) return undefined;
  return assertSchema<AuditFile>("audit", JSON.parse(await readFile(file, "utf8")) as unknown, file);
}
