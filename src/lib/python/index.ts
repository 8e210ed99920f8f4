/**
 * The Python literal reader: reads the literal module-level assignments of a Python file without
 * running it, and prints the values it reads as Python's str() would. The only file other
 * folders import. Floats are core's PyFloat (src/core/py-number.ts).
 */
export { PySyntaxError } from "./errors.js";
export type { DataclassSpec } from "./evaluate.js";
export { readPythonModule } from "./module.js";
export type { PythonModule } from "./module-types.js";
export { isTuple, PyInstance, type PyValue, pyStr, toJson, typeName } from "./values.js";
