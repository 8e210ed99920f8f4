"""Reference Tk-Instruct source encoding for the differential test of src/sources/supernatural/tk-encoding.ts.

Our own transcription of how yizhongw/Tk-Instruct `src/ni_collator.py` (commit 7c0e400) builds a source
string, with its token budget replaced by a budget in characters (Python `len`, code points).

Reads one JSON request on stdin:
  {"files": [task file paths], "encodings": [{"add_task_name": bool, "add_task_definition": bool,
   "num_pos_examples": int, "num_neg_examples": int, "add_explanation": bool}], "max_chars": int | null}
Writes one JSON line per (file, encoding, instance), in that nesting order:
  {"task": name, "encoding": index, "instance": index, "source": str}
"""
import json
import os
import string
import sys


def add_period(text):
    if not text[-1] in string.punctuation:
        text += "."
    return text


def example_block(kind, number, example, add_explanation):
    block = f" {kind} Example {number} -\n"
    block += f"Input: {example['input'].strip()}"
    block = add_period(block) + "\n"
    block += f" Output: {example['output'].strip()}"
    block = add_period(block) + "\n"
    if add_explanation and "explanation" in example:
        block += f" Explanation: {example['explanation'].strip()}"
        block = add_period(block) + "\n"
    return block + "\n"


def encode(task, name, instance, enc, max_chars):
    def fits(text):
        return max_chars is None or len(text) <= max_chars

    task_input = "Now complete the following example -\n"
    task_input += f"Input: {instance['input'].strip()}"
    task_input = add_period(task_input) + "\n"
    task_input += "Output: "

    task_name = name + ". " if enc["add_task_name"] else ""

    definition = ""
    if enc["add_task_definition"]:
        raw = task["Definition"]
        definition = "Definition: " + (raw[0] if isinstance(raw, list) else raw).strip()
        definition = add_period(definition) + "\n\n"

    pos = []
    for i, example in enumerate(task["Positive Examples"][: enc["num_pos_examples"]]):
        block = example_block("Positive", i + 1, example, enc["add_explanation"])
        if not fits(definition + " ".join(pos) + block + task_input):
            break
        pos.append(block)

    neg = []
    for i, example in enumerate(task["Negative Examples"][: enc["num_neg_examples"]]):
        block = example_block("Negative", i + 1, example, enc["add_explanation"])
        if not fits(definition + " ".join(pos) + " ".join(neg) + block + task_input):
            break
        neg.append(block)

    return task_name + definition + "".join(pos) + "".join(neg) + task_input


def main():
    request = json.load(sys.stdin)
    out = sys.stdout
    for path in request["files"]:
        with open(path, encoding="utf-8") as f:
            task = json.load(f)
        name = os.path.splitext(os.path.basename(path))[0]
        for e, enc in enumerate(request["encodings"]):
            for n, instance in enumerate(task["Instances"]):
                source = encode(task, name, instance, enc, request.get("max_chars"))
                out.write(json.dumps({"task": name, "encoding": e, "instance": n, "source": source}) + "\n")


if __name__ == "__main__":
    main()
