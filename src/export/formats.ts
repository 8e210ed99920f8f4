/**
 * What each trainer reads, as pure functions of one build record: the row (or rows) a record becomes, where
 * a build file's rows go, and what the export's README says about references, answer choices and
 * demonstrations. The completion is the record's chosen target, or each reference in turn with
 * `--all-references`; answer choices stay where the template put them, in the prompt.
 */
import { hubFeatures, RECORD_FIELDS } from "../publish/index.js";
import type { Turns } from "./turns.js";

export const EXPORT_FORMATS = ["trl", "trl-chat", "openai", "axolotl", "alpaca", "sharegpt", "messages"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A build record as read back (from JSON Lines, or Parquet where absent fields are null). */
export type BuildRecord = Record<string, unknown> & { id: string; split: string; prompt: string; completion: string; references: string[] };

/** A records file of the build. */
interface BuildFile {
  path: string;
  split: string;
}

export interface FormatSpec {
  /** The row a record becomes, with `completion` as its target and its prompt cut into turns. */
  row(record: BuildRecord, completion: string, turns: Turns): object;
  /** Where a build file's rows are written in the export (several files may share one). */
  target(file: BuildFile): string;
  /** Whether rows need the prompt cut into turns (chat formats). */
  chat: boolean;
  /** The rows' features, as the card's `dataset_info` gives them to `datasets` (inferred types drift between files). */
  features: object[];
  doc: FormatDoc;
}

interface FormatDoc {
  title: string;
  /** What a row is. */
  row: string;
  demonstrations: string;
  /** Who reads it and how. */
  use: string;
}

/** The build's layout with `.jsonl` files: train.jsonl, eval/<level>/<task>[.<k>shot].jsonl. */
const mirror = (file: BuildFile): string => file.path.replace(/\.(jsonl|parquet)$/, ".jsonl");

type Message = { role: "user" | "assistant"; content: string; weight?: 0 | 1 };

/** The demonstrations as user/assistant messages, then the query as the last user message. */
function chatPrompt(turns: Turns, demoWeight?: 0): Message[] {
  const weight = demoWeight === undefined ? {} : { weight: demoWeight };
  return [
    ...turns.demos.flatMap((d): Message[] => [
      { role: "user", content: d.user },
      { role: "assistant", content: d.assistant, ...weight },
    ]),
    { role: "user", content: turns.query },
  ];
}

/** Record fields a `messages` row keeps as columns: everything but what the messages hold. */
const MESSAGES_DROPS = new Set(["prompt", "completion", "demonstration_spans"]);

const text = (name: string): object => ({ name, dtype: "string" });
/** A list of `{role, content}` messages (and more string or integer keys), in `datasets`' YAML. */
const messageList = (name: string, extra: object[] = []): object => ({ name, list: [text("content"), text("role"), ...extra] });

export const FORMATS: Readonly<Record<ExportFormat, FormatSpec>> = {
  trl: {
    row: (r, completion) => ({ prompt: r.prompt, completion }),
    target: mirror,
    chat: false,
    features: [text("prompt"), text("completion")],
    doc: {
      title: "TRL standard prompt-completion",
      row: '`{"prompt": <prompt>, "completion": <target>}`, both strings; the trainer appends the completion to the prompt as it is.',
      demonstrations: "stay in the prompt text, as the build wrote them.",
      use: 'TRL `SFTTrainer` (prompt-completion: the loss is on the completion by default): `load_dataset("json", data_files="train.jsonl")`.',
    },
  },
  "trl-chat": {
    row: (_r, completion, turns) => ({ prompt: chatPrompt(turns), completion: [{ role: "assistant", content: completion }] }),
    target: mirror,
    chat: true,
    features: [messageList("prompt"), messageList("completion")],
    doc: {
      title: "TRL conversational prompt-completion",
      row: '`{"prompt": [<messages>], "completion": [{"role": "assistant", "content": <target>}]}`, messages `{"role", "content"}`.',
      demonstrations:
        "become earlier user/assistant turns of the prompt (the task-level instruction opens the first user turn); the example is the last user turn.",
      use: "TRL `SFTTrainer` with a chat template (the loss is on the completion by default).",
    },
  },
  openai: {
    row: (_r, completion, turns) => ({ messages: [...chatPrompt(turns, 0), { role: "assistant", content: completion, weight: 1 }] }),
    target: (file) => (file.split === "train" ? "train.jsonl" : "validation.jsonl"),
    chat: true,
    features: [messageList("messages", [{ name: "weight", dtype: "int64" }])],
    doc: {
      title: "OpenAI fine-tuning (chat)",
      row: '`{"messages": [...]}` with `user` and `assistant` messages; the target is the last assistant message, `"weight": 1`.',
      demonstrations: 'become earlier user/assistant turns whose assistant messages carry `"weight": 0` (not trained on).',
      use: "upload `train.jsonl` as the training file and `validation.jsonl` (every evaluation record, all levels) as the validation file.",
    },
  },
  axolotl: {
    row: (r, completion) => ({
      segments: [
        { label: false, text: r.prompt },
        { label: true, text: completion },
      ],
    }),
    target: mirror,
    chat: false,
    features: [{ name: "segments", list: [{ name: "label", dtype: "bool" }, text("text")] }],
    doc: {
      title: "axolotl input_output (template-free)",
      row: '`{"segments": [{"label": false, "text": <prompt>}, {"label": true, "text": <target>}]}`: the texts joined are exactly prompt plus target; only `label: true` is trained on. No BOS/EOS token is added.',
      demonstrations: "stay in the prompt segment (not trained on).",
      use: "`axolotl.yaml` sets `train_on_inputs: false` and lists `train.jsonl` under `datasets:` and every evaluation file under `test_datasets:` (type `input_output`); merge it into your axolotl config and run from this folder.",
    },
  },
  alpaca: {
    row: (_r, completion, turns) => ({
      instruction: turns.query,
      input: "",
      output: completion,
      history: turns.demos.map((d) => [d.user, d.assistant]),
    }),
    target: mirror,
    chat: true,
    features: [text("instruction"), text("input"), text("output"), { name: "history", sequence: { sequence: "string" } }],
    doc: {
      title: "Alpaca (LLaMA-Factory)",
      row: '`{"instruction": <prompt>, "input": "", "output": <target>, "history": [[<user>, <assistant>], ...]}`.',
      demonstrations:
        "become `history` pairs (earlier turns); the instruction is the example asked. Without demonstrations `history` is empty and the instruction is the whole prompt.",
      use: "LLaMA-Factory: `dataset_dir` this folder, `dataset` one of the names in `dataset_info.json` (one entry per file; evaluation tasks are their own entries).",
    },
  },
  sharegpt: {
    row: (_r, completion, turns) => ({
      conversations: [
        ...chatPrompt(turns).map((m) => ({ from: m.role === "user" ? "human" : "gpt", value: m.content })),
        { from: "gpt", value: completion },
      ],
    }),
    target: mirror,
    chat: true,
    features: [{ name: "conversations", list: [text("from"), text("value")] }],
    doc: {
      title: "ShareGPT (LLaMA-Factory)",
      row: '`{"conversations": [{"from": "human", "value": ...}, {"from": "gpt", "value": ...}, ...]}`, alternating, ending with the target.',
      demonstrations: "become earlier human/gpt turns; the example is the last human turn.",
      use: "LLaMA-Factory: `dataset_dir` this folder, `dataset` one of the names in `dataset_info.json` (one entry per file; evaluation tasks are their own entries).",
    },
  },
  messages: {
    row: (r, completion, turns) => ({
      messages: [...chatPrompt(turns), { role: "assistant", content: completion }],
      // Every field in every row (null when the record has none), so all files have one schema.
      ...Object.fromEntries(RECORD_FIELDS.filter((f) => !MESSAGES_DROPS.has(f.name)).map((f) => [f.name, r[f.name] ?? null])),
    }),
    target: mirror,
    chat: true,
    features: [messageList("messages"), ...hubFeatures().filter((f) => !MESSAGES_DROPS.has((f as { name: string }).name))],
    doc: {
      title: "Hugging Face chat messages",
      row: '`{"messages": [{"role", "content"}, ...], "id": ..., "task": ..., "references": [...], ...}`: the conversation, then every field of the build record but `prompt`, `completion` and `demonstration_spans` (null when the record has none).',
      demonstrations: "become earlier user/assistant turns; `demonstrations` keeps their instance ids.",
      use: '`load_dataset("json", data_files=...)`, then `tokenizer.apply_chat_template(row["messages"])`; TRL `SFTTrainer` reads `messages` as a conversational dataset.',
    },
  },
};

/** What every format's README says of references and answer choices. */
export function referencesDoc(allReferences: boolean): string {
  return allReferences
    ? "Written with `--all-references`: one row per distinct reference of a record (each as the target), so a record with three references gives three rows; `export.json` counts them."
    : "The target is the record's `completion`, the reference the build chose; the other references are not written (`--all-references` writes one row per reference).";
}

export const CHOICES_DOC =
  "Answer choices are part of the prompt where the template lists them (as the build rendered it); they are not a separate field (the `messages` format keeps the `choices` column).";
