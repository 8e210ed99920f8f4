/** Read a YAML (or JSON) config file: strict UTF-8; a syntax error names the file, line and column. */
import { parse, YAMLParseError } from "yaml";
import { readUtf8File } from "../core/text-file.js";
import { isUserError, UserError } from "../errors.js";

export async function readYamlFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readUtf8File(file);
  } catch (error) {
    if (isUserError(error)) throw error;
    throw new UserError(
      "E_CONFIG",
      `${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check the path.`,
      { cause: error },
    );
  }
  try {
    return parse(text, { prettyErrors: true }) as unknown;
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      const where = at ? `line ${at.line}, column ${at.col}` : "unknown position";
      throw new UserError("E_CONFIG", `${file}: invalid YAML at ${where}: ${error.message.split("\n")[0]}`, { cause: error });
    }
    throw error;
  }
}
