import { promptText } from "../../../src/sources/contract.js";
import { encodeTkDetailed, type TkBudget, type TkEncodingSpec, type TkParts } from "../../../src/sources/supernatural/tk-encoding.js";

/**
 * The whole source string of an encoding, as the adapter's prompt joins its parts (task-level text, lead,
 * example): what the Tk-Instruct collator builds, without its final token cut.
 */
export function encodeTk(parts: TkParts, input: string, spec: TkEncodingSpec, budget?: TkBudget): string {
  const encoded = encodeTkDetailed(parts, input, spec, budget);
  return promptText({ instruction: encoded.task, lead: encoded.lead, input: encoded.example });
}
