#!/usr/bin/env python3
"""Expected `iml-bench render unifiedskg` output, from the Python reference (skg_linearize.py) and
Python configparser: argv = META_TUNING cfg, rows.jsonl, split, [Salesforce exp cfg]. Prints one JSON
line per output: {"row", "prompt", "completion"} or {"row", "skipped": true, "reason"} (the detail
text is iml-bench's own and is checked separately). Row deletion draws from the command's stream
rngFor(0, "unifiedskg-render", <task>, <row>) with <task> = the cfg's file name (env SKG_TASK overrides)."""
import json
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
import skg_linearize as ref  # noqa: E402
from skg_configue import to_basic  # noqa: E402
import configparser  # noqa: E402


def read_cfg(path):
    p = configparser.ConfigParser()
    p.read(path, encoding="utf-8")
    return {s: {k: to_basic(v) for k, v in p.items(s)} for s in p.sections()}


def main():
    cfg_path, rows_path, split = sys.argv[1:4]
    meta = read_cfg(cfg_path)
    exp = read_cfg(sys.argv[4]) if len(sys.argv) > 4 else {"model": {"knowledge_usage": "concatenate"}}
    constructor = meta["seq2seq"]["constructor"].replace("seq2seq_construction.", "")
    for i, line in enumerate(open(rows_path, encoding="utf-8")):
        row = json.loads(line)
        instantiated = "struct_in" in row and "seq_out" in row
        task = __import__("os").environ.get("SKG_TASK") or __import__("os").path.basename(cfg_path)[:-4]
        case = {"id": i, "rng": [0, "unifiedskg-render", task, i], "constructor": None if instantiated else constructor, "split": split, "seq2seq": meta.get("seq2seq", {}),
                "model": exp.get("model", {}), "description": meta.get("model", {}).get("description"), "row": row}
        try:
            outs = ref.run(case)
            if not outs:
                print(json.dumps({"row": i, "skipped": True, "reason": "no_items"}))
            for prompt, completion in outs:
                print(json.dumps({"row": i, "prompt": prompt, "completion": completion}, ensure_ascii=False))
        except ref.CaseError as e:
            print(json.dumps({"row": i, "skipped": True, "reason": e.reason}))


if __name__ == "__main__":
    main()
