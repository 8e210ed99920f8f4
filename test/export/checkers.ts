/**
 * Checkers of each trainer's format, written from the consumer's documented rules (not from our writer),
 * each returning the problems of one row. Sources of the rules:
 * - TRL dataset formats (huggingface.co/docs/trl/dataset_formats): standard prompt-completion is
 *   `{"prompt": str, "completion": str}`; conversational prompt-completion is `{"prompt": [messages],
 *   "completion": [messages]}`, messages `{"role", "content"}` with roles system/user/assistant, the
 *   completion the assistant's reply.
 * - OpenAI fine-tuning, chat format: one `{"messages": [...]}` per line; roles system, user, assistant
 *   (and tool); `weight` only on assistant messages, 0 or 1 (0: not trained on); an example needs an
 *   assistant message to learn from.
 * - axolotl `input_output` (template-free) format: `{"segments": [{"label": bool, "text": str}, ...]}`;
 *   the texts are concatenated as they are (no separator, no BOS/EOS added); labelled-false text is masked.
 * - LLaMA-Factory data/README: alpaca rows have `instruction` and `output` (strings), optional `input`,
 *   `system`, `history` (a list of [instruction, response] string pairs); sharegpt rows have a
 *   `conversations` list of `{"from", "value"}`, human/observation at odd positions and gpt/function at
 *   even positions, ending with gpt; dataset_info.json maps a name to `file_name`, `formatting`
 *   (alpaca|sharegpt), `columns` (column names in the file) and, for sharegpt, `tags`.
 * - Hugging Face chat messages (transformers chat templates): `messages` is a list of `{"role", "content"}`.
 */
import type { ExportFormat } from "../../src/export/index.js";

type Row = Record<string, unknown>;

const isString = (v: unknown): v is string => typeof v === "string";
const keysAre = (row: Row, keys: readonly string[]): boolean =>
  JSON.stringify(Object.keys(row).sort()) === JSON.stringify([...keys].sort());

/** Messages `{role, content}`: roles from `roles`, string contents, extra keys only those allowed. */
function messageProblems(messages: unknown, roles: readonly string[], extra: readonly string[] = []): string[] {
  if (!Array.isArray(messages) || messages.length === 0) return ["messages: not a non-empty list"];
  const problems: string[] = [];
  messages.forEach((m: Row, i) => {
    if (typeof m !== "object" || m === null) return problems.push(`message ${i}: not an object`);
    if (!roles.includes(m.role as string)) problems.push(`message ${i}: role ${String(m.role)}`);
    if (!isString(m.content)) problems.push(`message ${i}: content not a string`);
    for (const k of Object.keys(m)) if (!["role", "content", ...extra].includes(k)) problems.push(`message ${i}: unexpected key ${k}`);
  });
  return problems;
}

/** user, assistant, user, ... alternating (after an optional system message). */
function alternates(messages: Row[], first: string, second: string): boolean {
  const turns = messages[0]?.role === "system" ? messages.slice(1) : messages;
  return turns.every((m, i) => m.role === (i % 2 === 0 ? first : second));
}

export const CHECKERS: Readonly<Record<ExportFormat, (row: Row) => string[]>> = {
  trl(row) {
    if (!keysAre(row, ["prompt", "completion"])) return [`keys ${Object.keys(row)}`];
    return isString(row.prompt) && isString(row.completion) ? [] : ["prompt and completion must be strings"];
  },
  "trl-chat"(row) {
    if (!keysAre(row, ["prompt", "completion"])) return [`keys ${Object.keys(row)}`];
    const problems = [...messageProblems(row.prompt, ["system", "user", "assistant"]), ...messageProblems(row.completion, ["assistant"])];
    const prompt = row.prompt as Row[];
    if (Array.isArray(prompt) && (!alternates(prompt, "user", "assistant") || prompt.at(-1)?.role !== "user"))
      problems.push("prompt: user and assistant must alternate, ending with user");
    return problems;
  },
  openai(row) {
    if (!keysAre(row, ["messages"])) return [`keys ${Object.keys(row)}`];
    const messages = row.messages as Row[];
    const problems = messageProblems(messages, ["system", "user", "assistant", "tool"], ["weight"]);
    for (const [i, m] of (Array.isArray(messages) ? messages : []).entries()) {
      if ("weight" in m && m.role !== "assistant") problems.push(`message ${i}: weight on a ${String(m.role)} message`);
      if ("weight" in m && m.weight !== 0 && m.weight !== 1) problems.push(`message ${i}: weight ${String(m.weight)}`);
    }
    if (!messages.some((m) => m.role === "assistant" && m.weight !== 0)) problems.push("no assistant message is trained on");
    if (messages.at(-1)?.role !== "assistant") problems.push("does not end with the assistant's answer");
    return problems;
  },
  axolotl(row) {
    if (!keysAre(row, ["segments"]) || !Array.isArray(row.segments)) return [`keys ${Object.keys(row)}`];
    const problems: string[] = [];
    (row.segments as Row[]).forEach((s, i) => {
      if (!keysAre(s, ["label", "text"]) || typeof s.label !== "boolean" || !isString(s.text))
        problems.push(`segment ${i}: ${JSON.stringify(s)}`);
    });
    if (!(row.segments as Row[]).some((s) => s.label === true)) problems.push("no segment is trained on");
    return problems;
  },
  alpaca(row) {
    const problems: string[] = [];
    if (!isString(row.instruction) || !isString(row.output)) problems.push("instruction and output must be strings");
    if ("input" in row && !isString(row.input)) problems.push("input must be a string");
    for (const k of Object.keys(row))
      if (!["instruction", "input", "output", "system", "history"].includes(k)) problems.push(`unexpected key ${k}`);
    const history = row.history ?? [];
    if (!Array.isArray(history) || !history.every((h) => Array.isArray(h) && h.length === 2 && h.every(isString)))
      problems.push("history must be a list of [instruction, response] pairs");
    return problems;
  },
  sharegpt(row) {
    if (!keysAre(row, ["conversations"]) || !Array.isArray(row.conversations)) return [`keys ${Object.keys(row)}`];
    const turns = row.conversations as Row[];
    const problems: string[] = [];
    turns.forEach((t, i) => {
      if (!keysAre(t, ["from", "value"]) || !isString(t.value)) problems.push(`turn ${i}: ${JSON.stringify(t)}`);
      const expected = i % 2 === 0 ? ["human", "observation"] : ["gpt", "function_call"];
      if (!expected.includes(t.from as string))
        problems.push(`turn ${i}: from ${String(t.from)} at an ${i % 2 === 0 ? "odd" : "even"} position`);
    });
    if (turns.length % 2 !== 0 || turns.at(-1)?.from !== "gpt") problems.push("must end with a gpt turn");
    return problems;
  },
  messages(row) {
    const messages = row.messages as Row[];
    const problems = messageProblems(messages, ["system", "user", "assistant"]);
    if (Array.isArray(messages) && (!alternates(messages, "user", "assistant") || messages.at(-1)?.role !== "assistant"))
      problems.push("user and assistant must alternate, ending with the assistant");
    return problems;
  },
};

/** LLaMA-Factory's dataset_info.json: every entry names an existing file, its formatting and columns present in its rows. */
export function datasetInfoProblems(
  info: Record<string, Row>,
  format: "alpaca" | "sharegpt",
  rowOf: (file: string) => Row | undefined,
): string[] {
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(info)) {
    if (!isString(entry.file_name)) problems.push(`${name}: no file_name`);
    if (entry.formatting !== format) problems.push(`${name}: formatting ${String(entry.formatting)}`);
    const row = rowOf(entry.file_name as string);
    if (!row) problems.push(`${name}: ${String(entry.file_name)} has no rows`);
    const columns = (entry.columns ?? {}) as Record<string, string>;
    const allowed = format === "alpaca" ? ["prompt", "query", "response", "history", "system"] : ["messages", "system", "tools"];
    for (const [key, column] of Object.entries(columns)) {
      if (!allowed.includes(key)) problems.push(`${name}: unknown column key ${key}`);
      if (row && !(column in row)) problems.push(`${name}: column ${column} not in the rows`);
    }
    if (format === "sharegpt") {
      const tags = (entry.tags ?? {}) as Record<string, string>;
      const first = (row?.[columns.messages ?? "conversations"] as Row[] | undefined)?.[0];
      if (first && !(tags.role_tag && tags.role_tag in first && tags.content_tag && tags.content_tag in first))
        problems.push(`${name}: tags do not name the turn keys`);
      if (first && first[tags.role_tag as string] !== tags.user_tag) problems.push(`${name}: first turn is not the user_tag`);
    }
  }
  return problems;
}
