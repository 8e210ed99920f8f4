/**
 * Placeholder filling exactly as FLAN's `format_from_feature_dictionary` (flan/v2/preprocessors.py):
 * the template is split on `({\w*})`, every non-empty part that starts with `{` and ends with `}`
 * is a field name, everything else is literal. No format specs, no `{{` escapes; a missing field is
 * an error; non-string values are stringified as Python's `str()` does.
 */
import { pyStr } from "../../lib/python/index.js";

/** Python's `\w` on str patterns: Unicode letters, digits and underscore. */
const SPLIT = /(\{[\p{L}\p{N}_]*\})/u;

/** A template needs a field the row does not have. */
export class MissingFieldError extends Error {
  override name = "MissingFieldError";
  constructor(
    readonly field: string,
    readonly available: readonly string[],
  ) {
    super(`field '${field}' is missing (the row has: ${available.length ? available.join(", ") : "no fields"})`);
  }
}

interface Part {
  readonly literal: boolean;
  readonly text: string;
}

/**
 * Templates split so far, by text. Templates come from a module's tables (and patterns derived from
 * them), a bounded set, so each is split once per build and then reused for every row; the memo is
 * emptied if it ever holds more than MAX_PREPARED.
 */
const PREPARED = new Map<string, readonly Part[]>();
const MAX_PREPARED = 10_000;

/** The parts of a template: literal strings and `{name}` fields, in order, empties dropped. */
function templateParts(template: string): readonly Part[] {
  let parts = PREPARED.get(template);
  if (parts === undefined) {
    parts = template
      .split(SPLIT)
      .filter((part) => part !== "")
      .map((part) =>
        part.startsWith("{") && part.endsWith("}") ? { literal: false, text: part.slice(1, -1) } : { literal: true, text: part },
      );
    if (PREPARED.size >= MAX_PREPARED) PREPARED.clear();
    PREPARED.set(template, parts);
  }
  return parts;
}

/** Field names a template refers to, in first-use order. */
export function templateFields(template: string): string[] {
  return [
    ...new Set(
      templateParts(template)
        .filter((p) => !p.literal)
        .map((p) => p.text),
    ),
  ];
}

/** Fill a template from a row; throws MissingFieldError naming the field. */
export function fillTemplate(template: string, fields: Readonly<Record<string, unknown>>): string {
  if (template === "") return "";
  let out = "";
  for (const part of templateParts(template)) {
    if (part.literal) {
      out += part.text;
      continue;
    }
    if (!Object.hasOwn(fields, part.text) || fields[part.text] === undefined) {
      throw new MissingFieldError(part.text, Object.keys(fields).sort());
    }
    out += pyStr(fields[part.text]);
  }
  return out;
}
