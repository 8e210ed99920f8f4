/**
 * JSON Schema validation with ajv. Every schema lives in schema/<name>.schema.json; a failure collects
 * every issue (never only the first) with the file, the JSON pointer and what was expected.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { SchemaError, type SchemaIssue } from "../errors.js";
import { packageRoot } from "./package-root.js";

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function instance(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const dir = join(packageRoot(), "schema");
  // schema/<name>.schema.json is "<name>"; schema/fragments/<name>.schema.json is "fragments/<name>".
  for (const sub of ["", "fragments"]) {
    for (const file of readdirSync(join(dir, sub))
      .filter((f) => f.endsWith(".schema.json"))
      .sort()) {
      const key = join(sub, file.replace(/\.schema\.json$/, ""))
        .split("\\")
        .join("/");
      ajv.addSchema(JSON.parse(readFileSync(join(dir, sub, file), "utf8")) as object, key);
    }
  }
  return ajv;
}

/** The names of the schemas in schema/ (file names without `.schema.json`). */
export function schemaNames(): string[] {
  const a = instance();
  return Object.keys(a.schemas)
    .filter((k) => !k.startsWith("http") && !k.startsWith("fragments/"))
    .sort();
}

/** Issues of `doc` against schema `name`; empty when valid. */
export function schemaIssues(name: string, doc: unknown, file: string): SchemaIssue[] {
  let validate = compiled.get(name);
  if (!validate) {
    validate = instance().getSchema(name);
    if (!validate) throw new Error(`unknown schema "${name}"`);
    compiled.set(name, validate);
  }
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => toIssue(e, file));
}

/** Throws a SchemaError listing every issue when `doc` does not match schema `name`. */
export function assertSchema<T>(name: string, doc: unknown, file: string): T {
  const issues = schemaIssues(name, doc, file);
  if (issues.length > 0) throw new SchemaError(issues);
  return doc as T;
}

function toIssue(error: ErrorObject, file: string): SchemaIssue {
  const pointer = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties":
      return {
        file,
        pointer: `${pointer}/${String(params.additionalProperty)}`,
        message: `unknown field "${String(params.additionalProperty)}". Remove it or check its spelling.`,
      };
    case "required":
      return { file, pointer, message: `missing required field "${String(params.missingProperty)}".` };
    case "enum":
      return {
        file,
        pointer,
        message: `expected one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}.`,
      };
    case "type":
      return { file, pointer, message: `expected ${String(params.type).split(",").join(" or ")}.` };
    default:
      return { file, pointer, message: `${error.message ?? "is invalid"}.` };
  }
}
