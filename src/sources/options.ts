/**
 * Adapter options reach an adapter by one route, in one order: the source's defaults, then the
 * descriptor's `options:`, then the split config's `source_options.<name>`, then `--option` on the
 * command line; a later layer replaces a whole top-level option. Each layer is checked against the
 * source's option schema on its own, so an error names the file (or flag) the option came from.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { AJV_OPTIONS, describeSchemaError } from "../core/json-schema.js";
import { AdapterError } from "../errors.js";
import type { SourceDefinition } from "./contract.js";

/** One layer of options and where it came from, e.g. "sources/flan.yaml#/options" or "--option". */
export interface OptionLayer {
  origin: string;
  values: Readonly<Record<string, unknown>> | undefined;
}

const ajv = new Ajv(AJV_OPTIONS);
const validators = new WeakMap<object, ValidateFunction>();

function validatorOf(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = ajv.compile(schema)));
  return validate;
}

/** The accepted option names of a source, for messages. */
export function optionNames(source: SourceDefinition): string[] {
  return Object.keys((source.options.schema.properties as object | undefined) ?? {});
}

/** Merge the layers over the defaults; every problem of every layer is reported at once (E_CONFIG). */
export function resolveOptions(source: SourceDefinition, layers: readonly OptionLayer[]): object {
  const merged: Record<string, unknown> = { ...source.options.defaults };
  const problems: { origin: string; text: string }[] = [];
  const validate = validatorOf(source.options.schema);
  for (const { origin, values } of layers) {
    if (values === undefined) continue;
    if (validate(values)) Object.assign(merged, values);
    else for (const error of validate.errors ?? []) problems.push({ origin, text: problemText(source, error) });
  }
  const [first, ...rest] = problems;
  if (first === undefined) return merged;
  const more = rest.map((p) => `\n[adapter:${source.name}] ${p.origin}: ${p.text}`).join("");
  throw new AdapterError(source.name, first.origin, `${first.text}${more}`, { code: "E_CONFIG" });
}

function problemText(source: SourceDefinition, error: ErrorObject): string {
  const { pointer, message } = describeSchemaError(error);
  const option = pointer.split("/").slice(1).join(".");
  if (error.keyword !== "additionalProperties") return `option "${option}": ${message}`;
  const accepted = optionNames(source);
  return `unknown option "${option}". Accepted options: ${accepted.length > 0 ? accepted.join(", ") : "none"}.`;
}

/** The prompt rule over the source's defaults, checked against its schema (the split config's `prompts.<name>`). */
export function resolveRule(source: SourceDefinition, rule: object | undefined, origin: string): object {
  const merged = { ...source.prompts.defaults, ...rule };
  const validate = validatorOf(source.prompts.schema);
  if (validate(merged)) return merged;
  const problems = (validate.errors ?? []).map((error) => {
    const { pointer, message } = describeSchemaError(error);
    return `${pointer.split("/").slice(1).join(".") || "(the rule)"}: ${message}`;
  });
  throw new AdapterError(source.name, origin, `prompts.${source.name}: ${problems.join("; ")}`, { code: "E_CONFIG" });
}
