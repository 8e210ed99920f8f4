/**
 * The Python literal reader: reads the literal module-level assignments of a Python file without
 * running it, and prints the values it reads as Python's str()/repr() would. The only file other
 * folders import. Floats are core's PyFloat (src/core/py-number.ts).
 */
export { PySyntaxError } from "./errors.js";
export type { DataclassSpec } from "./evaluate.js";
export { type ReadPythonModuleOptions, readPythonModule } from "./module.js";
export type { AliasRecord, ModuleNote, PythonModule } from "./module-types.js";
export { isTuple, PyBytes, PyInstance, type PyKey, type PyValue, pyRepr, pyStr, toJson, typeName } from "./values.js";
