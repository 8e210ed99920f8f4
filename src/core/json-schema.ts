/**
 * ajv errors in words: each names the JSON pointer of the offending field and what was expected, so a
 * config, descriptor or option error says where it is and how to mend it.
 */
import type { ErrorObject } from "ajv";

export interface SchemaProblem {
  /** JSON pointer to the offending field ("" for the document itself). */
  pointer: string;
  message: string;
}

/** Compile with `verbose: true` so an unknown field can list the accepted ones. */
export const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true, verbose: true } as const;

export function describeSchemaError(error: ErrorObject): SchemaProblem {
  const pointer = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const field = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = known.length > 0 ? ` Expected one of: ${known.join(", ")}.` : "";
      return { pointer: `${pointer}/${field}`, message: `unknown field "${field}". Remove it or check its spelling.${hint}` };
    }
    case "required":
      return { pointer, message: `missing required field "${String(params.missingProperty)}".` };
    case "enum":
      return { pointer, message: `expected one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}.` };
    case "type":
      return { pointer, message: `expected ${String(params.type).split(",").join(" or ")}.` };
    default:
      return { pointer, message: `${error.message ?? "is invalid"}.` };
  }
}
