/** `iml-bench render <source>` and `iml-bench inspect <source>`: each source adds its own subcommand. */
import type { Argv, CommandModule } from "yargs";
import type { CliIO } from "../cli-io.js";
import { SOURCES } from "../sources/registry.js";
import { withProgressFlag } from "./progress-flag.js";

type Kind = "render" | "inspect";

const DESCRIBE: Record<Kind, string> = {
  render: "Preview rendered prompts of one source's templates on rows (JSONL to stdout)",
  inspect: "Show the templates read from a source's template files (JSONL to stdout)",
};

export function sourceCommand(kind: Kind, io: CliIO): CommandModule<object, object> {
  const offering = SOURCES.filter((s) => s.commands?.[kind] !== undefined);
  return {
    command: `${kind} <source>`,
    describe: DESCRIBE[kind],
    builder: (y: Argv) => {
      // Rendering can be long; reading template files (inspect) is not.
      if (kind === "render") withProgressFlag(y);
      for (const source of offering) {
        const make = source.commands?.[kind];
        if (make) y.command(make(io) as CommandModule);
      }
      return y.demandCommand(1, `Name a source: ${offering.map((s) => s.name).join(", ")}.`) as Argv<object>;
    },
    handler: () => {},
  };
}
