export { compileTemplate } from "./template.js";
export type { CompiledTemplate, RenderOptions } from "./template.js";
export {
  JinjaError, JinjaLimitError, JinjaSecurityError, JinjaSyntaxError, JinjaTypeError, JinjaUndefinedError, JinjaValueError,
} from "./errors.js";
export type { JinjaErrorKind } from "./errors.js";
