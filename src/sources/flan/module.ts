/**
 * FLAN's template modules (flan/templates.py, flan/v2/templates.py, ...) read with the generic
 * Python module reader, knowing FLAN's FewShotPattern dataclass; syntax errors become AdapterErrors.
 */
import { AdapterError } from "../../errors.js";
import { type DataclassSpec, PySyntaxError, type PythonModule, type PyValue, readPythonModule } from "../../lib/python/index.js";

export type FlanModule = PythonModule;

/** The defaults of FLAN's FewShotPattern, in declaration order after `inputs` and `targets`. */
export const FEW_SHOT_PATTERN_DEFAULTS = {
  inputs_prefix: "",
  targets_prefix: "",
  x_y_delimiter: "\n\n",
  example_separator: "\n\n\n",
  final_suffix: "",
  input_pattern: "{{inputs}}{final_suffix}",
  in_template_mix: true,
} as const;

/** FLAN's FewShotPattern, used when a module calls it without defining it (e.g. it imports it). */
const FEW_SHOT_PATTERN_SPEC: DataclassSpec = {
  name: "FewShotPattern",
  fields: ["inputs", "targets", ...Object.keys(FEW_SHOT_PATTERN_DEFAULTS)],
  defaults: new Map<string, PyValue>(Object.entries(FEW_SHOT_PATTERN_DEFAULTS)),
};

/** Read a FLAN template module; `file` names it in errors. */
export function readFlanModule(source: string, file: string): FlanModule {
  try {
    return readPythonModule(source, file, { dataclasses: [FEW_SHOT_PATTERN_SPEC] });
  } catch (error) {
    if (!(error instanceof PySyntaxError)) throw error;
    throw new AdapterError(
      "flan",
      file,
      `syntax error at line ${error.line}, column ${error.col}: ${error.reason}. Is this a Python module in FLAN's template syntax?`,
      { pointer: `L${error.line}:${error.col}`, cause: error },
    );
  }
}
