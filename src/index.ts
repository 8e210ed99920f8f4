/**
 * iml-bench as a library: build and validate benchmarks from split configs, preview a source's prompts,
 * and add sources through the adapter contract (src/sources/contract.ts; recipe in docs/ARCHITECTURE.md).
 *
 *   import { build, SOURCES } from "iml-bench";
 *   const manifest = await build({ configFile: "splits/demo.yaml", out: "out" });
 *   await build({ configFile: "my.yaml", out: "out", registry: [...SOURCES, mySource] });
 *   await pull({ configFile: "splits/opt-iml.yaml", to: "/data/iml" });   // then build({ ..., lockFile: "/data/iml/sources.lock.json" })
 *   await build({ configFile: "splits/demo.yaml", out: "out-parquet", format: "parquet" });
 *   await exportBuild({ build: "out", out: "out-trl", format: "trl" });
 */
export { AdapterError, isUserError, SchemaError, UserError } from "./errors.js";
export { EXPORT_FORMATS, type ExportFormat, type ExportOptions, type ExportSummary, exportBuild } from "./export/index.js";
export { type BuildOptions, type BuildStage, build } from "./pipeline/build.js";
export type { ContextOptions } from "./pipeline/context.js";
export type { Manifest, ManifestOutput, ManifestTask } from "./pipeline/manifest.js";
export { type PreviewOptions, type PreviewRecord, previewPrompts } from "./pipeline/preview.js";
export type { SplitConfig } from "./pipeline/split-config.js";
export { type ValidationReport, validate } from "./pipeline/validate.js";
export { OUTPUT_FORMATS, type OutputFormat } from "./publish/index.js";
export { type PulledSource, type PullOptions, type PullReport, pull } from "./pull/pull.js";
export * from "./sources/index.js";
export type { Demo, Instance, Issue, OutputRecord, SplitName, Task, TaskRef, TemplateInfo } from "./types.js";
