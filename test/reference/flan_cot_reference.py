"""Reference rendering of FLAN v2's chain-of-thought tasks, for differential tests of src/sources/flan/cot.ts.

A transcription, written for iml-bench, of what FLAN does to a cot_data/<name>_train.tsv file:
  - seqio.TextLineDataSource (TensorFlow's line reader): a line ends at each b"\\n"; one "\\r" before it (or
    at the end of the file) is dropped; the text after the last b"\\n" is a line only when it is not empty;
  - preprocessors.simple_cot_tsv: tf.strings.split(line, sep="\\t") (every tab splits, empty fields kept),
    fields 0, 1, 2 are question, answer, chain_of_thought; question and chain_of_thought go through
    regex_replace(r"\\\\n" -> newline) then regex_replace(r"\\n" -> newline); the answer is untouched;
  - preprocessors.format_from_feature_dictionary: the template is split on r"({\\w*})"; a non-empty part
    that starts with "{" and ends with "}" is a field, every other part is literal text.
iml-bench's own rules on top: the file must be UTF-8 (a byte-order mark is dropped), and a line with fewer
than three fields is skipped and counted (FLAN raises there).

Usage: flan_cot_reference.py MODULE KEY TSV [SHOW]
MODULE is a template module read by flan_module_reference.py (same folder); KEY its PATTERNS key.
Prints JSON {"rows", "skipped", "digest", "first"}: digest is the SHA-256 of every rendered (input, target)
pair, row by row and template by template, each string followed by a NUL byte; first holds the first SHOW
rows' pairs (default 5).
"""
import hashlib
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import flan_module_reference  # noqa: E402


def tf_lines(data):
    """TensorFlow's InputBuffer::ReadLine over the whole file."""
    lines, pos = [], 0
    while True:
        end = data.find(b"\n", pos)
        if end < 0:
            rest = data[pos:]
            if rest.endswith(b"\r"):
                rest = rest[:-1]
            if rest:
                lines.append(rest)
            return lines
        line = data[pos:end]
        if line.endswith(b"\r"):
            line = line[:-1]
        lines.append(line)
        pos = end + 1


def simple_cot_tsv(line):
    parts = line.split("\t")
    if len(parts) < 3:
        return None
    question = re.sub(r"\n", "\n", re.sub(r"\\n", "\n", parts[0]))
    chain = re.sub(r"\n", "\n", re.sub(r"\\n", "\n", parts[2]))
    return {"question": question, "answer": parts[1], "chain_of_thought": chain}


def fill(template, features):
    if not template:
        return ""
    out = []
    for part in (p for p in re.split(r"({\w*})", template) if p):
        out.append(features[part[1:-1]] if part[0] == "{" and part[-1] == "}" else part)
    return "".join(out)


def main():
    module, key, tsv = sys.argv[1:4]
    show = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    with open(module, encoding="utf-8") as f:
        env, _ = flan_module_reference.run(flan_module_reference.ast.parse(f.read()))
    patterns = env["PATTERNS"][key]
    with open(tsv, "rb") as f:
        data = f.read()
    data = data.decode("utf-8")
    if data.startswith("\ufeff"):
        data = data[1:]
    digest = hashlib.sha256()
    rows, skipped, first = 0, [], []
    for index, raw in enumerate(tf_lines(data.encode("utf-8"))):
        features = simple_cot_tsv(raw.decode("utf-8"))
        if features is None:
            skipped.append(index)
            continue
        pairs = [[fill(pattern[0], features), fill(pattern[1], features)] for pattern in patterns]
        for text in (t for pair in pairs for t in pair):
            digest.update(text.encode("utf-8") + b"\0")
        if rows < show:
            first.append(pairs)
        rows += 1
    print(json.dumps({"rows": rows, "skipped": skipped, "digest": digest.hexdigest(), "first": first}, ensure_ascii=False))


if __name__ == "__main__":
    main()
