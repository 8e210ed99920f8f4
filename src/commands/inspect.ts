/** `iml-bench inspect <source>`: show what iml-bench reads from a source's template files. */
import type { Argv, CommandModule } from "yargs";
import { inspectFlanCommand } from "../sources/flan/inspect-command.js";
import type { CliIO } from "./io.js";

export function inspectCommand(io: CliIO): CommandModule<object, object> {
  return {
    command: "inspect <source>",
    describe: "Show the templates read from a source's template module (JSONL to stdout)",
    builder: (y: Argv) =>
      y
        .command(inspectFlanCommand(io) as CommandModule)
        .demandCommand(1, "Name a source: flan.")
        .example("$0 inspect flan --templates flan/templates.py", "One line per task: its (input, target) templates")
        .example(
          "$0 inspect flan --templates flan/v2/templates.py --fewshot",
          "The few-shot patterns with all their fields",
        ) as Argv<object>,
    handler: () => {},
  };
}
