"""Writes the Super-NI sample corpus, sources/sample/supernatural/, in the native natural-instructions layout.

All content is invented for iml-bench (no upstream text). Task numbers start at 9001 so they never collide
with real tasks. Files are written as upstream writes them: 4-space indent, the README's key order, raw
non-ASCII, no trailing newline; instance ids are `taskNNNN-<md5 of "<task name>/<index>">`.

    python3 test/reference/make_superni_sample.py [out_dir]
"""
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep test/reference free of __pycache__
sys.path.insert(0, HERE)
from superni_sample_content import TASKS  # noqa: E402

KEY_ORDER = ["Contributors", "Source", "URL", "Categories", "Reasoning", "Definition", "Input_language",
             "Output_language", "Instruction_language", "Domains", "Positive Examples", "Negative Examples",
             "Instances", "Instance License"]

# The default split: these four test tasks (entailment and coreference, fully held out); excluded are the
# non-English tasks and every other task that shares a Source dataset with a test task (splits/README.md).
TEST = ["task9001", "task9002", "task9003", "task9004"]


def instance_id(name, index):
    number = name.split("_")[0]
    return f"{number}-{hashlib.md5(f'{name}/{index}'.encode('utf-8')).hexdigest()}"


def demo(d):
    return {"input": d[0], "output": d[1], "explanation": d[2]}


def build(task):
    name = task["name"]
    language = task.get("language", ["English", "English"])
    record = {
        "Contributors": ["iml-bench authors"],
        "Source": task["source"],
        "URL": task["url"],
        "Categories": [task["category"]],
        "Reasoning": task["reasoning"],
        "Definition": [task["definition"]],
        "Input_language": [language[0]],
        "Output_language": [language[1]],
        "Instruction_language": ["English"],
        "Domains": task["domains"],
        "Positive Examples": [demo(d) for d in task["positive"]],
        "Negative Examples": [demo(d) for d in task["negative"]],
        "Instances": [
            {"id": instance_id(name, i), "input": inp, "output": out if isinstance(out, list) else [out]}
            for i, (inp, out) in enumerate(task["instances"])
        ],
        "Instance License": ["Apache 2.0"],
    }
    assert list(record) == KEY_ORDER
    return record


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "sources", "sample", "supernatural")
    os.makedirs(os.path.join(out, "tasks"), exist_ok=True)
    os.makedirs(os.path.join(out, "splits", "default"), exist_ok=True)
    names = sorted(t["name"] for t in TASKS)
    by_name = {t["name"]: t for t in TASKS}
    for task in TASKS:
        assert 20 <= len(task["instances"]) <= 40, task["name"]
        with open(os.path.join(out, "tasks", task["name"] + ".json"), "w", encoding="utf-8") as f:
            f.write(json.dumps(build(task), indent=4, ensure_ascii=False))
    test = [n for n in names if n.split("_")[0] in TEST]
    test_sources = {s for n in test for s in by_name[n]["source"]}
    lists = {
        "test": test,
        "excluded": [n for n in names if n not in test and (
            by_name[n].get("language", ["English", "English"]) != ["English", "English"]
            or test_sources & set(by_name[n]["source"]))],
    }
    lists["train"] = [n for n in names if n not in lists["test"] and n not in lists["excluded"]]
    for part, items in lists.items():
        with open(os.path.join(out, "splits", "default", f"{part}_tasks.txt"), "w", encoding="utf-8") as f:
            f.write("".join(n + "\n" for n in items))


if __name__ == "__main__":
    main()
