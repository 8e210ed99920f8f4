/** `iml-bench render <source>`: preview how a source's templates render rows, one JSON line per result. */
import type { Argv, CommandModule } from "yargs";
import { renderPromptSourceCommand } from "../sources/promptsource/render-command.js";
import { renderUnifiedSkgCommand } from "../sources/unifiedskg/render-command.js";
import type { CliIO } from "./io.js";

export function renderCommand(io: CliIO): CommandModule<object, object> {
  return {
    command: "render <source>",
    describe: "Preview rendered prompts of one source's templates on rows (JSONL to stdout)",
    builder: (y: Argv) =>
      y
        .command(renderPromptSourceCommand(io) as CommandModule)
        .command(renderUnifiedSkgCommand(io) as CommandModule)
        .demandCommand(1, "Name a source: promptsource or unifiedskg.")
        .example(
          "$0 render promptsource --templates templates/super_glue/rte/templates.yaml --rows rte.jsonl",
          "Every template on every row",
        )
        .example(
          "$0 render unifiedskg --task wikitq --rows wikitq.jsonl --cfg configure/META_TUNING/wikitq.cfg",
          "Linearize table rows",
        ) as Argv<object>,
    handler: () => {},
  };
}
