/**
 * JSON Schema validation with ajv. Every schema lives in schema/<name>.schema.json; the parts that
 * depend on which sources exist come from the source registry: `source-name` (the enum of source
 * names) and `source-prompts` (each source's `prompts.<name>` rule). A failure collects every issue
 * (never only the first) with the file, the JSON pointer and what was expected.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { AJV_OPTIONS, describeSchemaError } from "../core/json-schema.js";
import { SchemaError, type SchemaIssue } from "../errors.js";
import { SOURCES, type Sources } from "../sources/registry.js";
import { packageRoot } from "./package-root.js";

const instances = new WeakMap<Sources, { ajv: Ajv; compiled: Map<string, ValidateFunction> }>();

function instance(sources: Sources): { ajv: Ajv; compiled: Map<string, ValidateFunction> } {
  const known = instances.get(sources);
  if (known) return known;
  const ajv = new Ajv(AJV_OPTIONS);
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
  ajv.addSchema({ type: "string", enum: sources.map((s) => s.name) }, "source-name");
  const prompts = Object.fromEntries(sources.map((s) => [s.name, s.prompts.schema]));
  ajv.addSchema({ type: "object", additionalProperties: false, properties: prompts }, "source-prompts");
  const made = { ajv, compiled: new Map<string, ValidateFunction>() };
  instances.set(sources, made);
  return made;
}

/** Issues of `doc` against schema `name`; empty when valid. */
export function schemaIssues(name: string, doc: unknown, file: string, sources: Sources = SOURCES): SchemaIssue[] {
  const { ajv, compiled } = instance(sources);
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.getSchema(name);
    if (!validate) throw new Error(`unknown schema "${name}"`);
    compiled.set(name, validate);
  }
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => ({ file, ...describeSchemaError(e) }));
}

/** Throws a SchemaError listing every issue when `doc` does not match schema `name`. */
export function assertSchema<T>(name: string, doc: unknown, file: string, sources: Sources = SOURCES): T {
  const issues = schemaIssues(name, doc, file, sources);
  if (issues.length > 0) throw new SchemaError(issues);
  return doc as T;
}
