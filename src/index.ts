/**
 * iml-bench as a library: build and validate benchmarks from split configs, preview a source's prompts,
 * and add sources through the adapter contract (src/sources/contract.ts; recipe in docs/ARCHITECTURE.md).
 *
 *   import { build, SOURCES } from "iml-bench";
 *   const manifest = await build({ configFile: "splits/demo.yaml", out: "out" });
 *   await build({ configFile: "my.yaml", out: "out", registry: [...SOURCES, mySource] });
 */
export { AdapterError, isUserError, SchemaError, UserError } from "./errors.js";
export { type BuildOptions, type BuildStage, build } from "./pipeline/build.js";
export type { ContextOptions } from "./pipeline/context.js";
export type { Manifest, ManifestOutput, ManifestTask } from "./pipeline/manifest.js";
export { type PreviewOptions, type PreviewRecord, previewPrompts } from "./pipeline/preview.js";
export type { SplitConfig } from "./pipeline/split-config.js";
export { type ValidationReport, validate } from "./pipeline/validate.js";
export * from "./sources/index.js";
export type { Demo, Instance, Issue, OutputRecord, SplitName, Task, TaskRef, TemplateInfo } from "./types.js";
