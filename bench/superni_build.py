"""The Super-NI default-track build as a plain Python script (standard library only), for `npm run bench`.

What `iml-bench build --config splits/superni-default.yaml` does, written the way a short script would:
every task file read, hashed and parsed (json.loads, one thread); the test tasks' first 100 instances and
100 seeded-random instances of each train task, encoded with Tk-Instruct's "definition + 2 positive
examples" (as test/reference/tk_encode.py transcribes ni_collator.py); evaluation files, a train.jsonl in
a seeded order (records spooled to disk, then copied out in key order), and a manifest with every input's
and output's sha256. No n-gram audit. The records are not byte-identical to iml-bench's (Python's random
stream differs); the work is the same.

    python3 bench/superni_build.py <natural-instructions root> <out dir> [seed]

Prints one JSON line: {"seconds", "tasks", "records", "maxRssMb"}.
"""
import hashlib
import json
import os
import random
import resource
import string
import sys
import time

CAP = 100


def add_period(text):
    if not text[-1] in string.punctuation:
        text += "."
    return text


def encode(task, instance):
    """Tk-Instruct's source string for def+pos2 with no length budget (tk_encode.py's encode)."""
    task_input = "Now complete the following example -\n"
    task_input += f"Input: {instance['input'].strip()}"
    task_input = add_period(task_input) + "\n"
    task_input += "Output: "
    raw = task["Definition"]
    definition = "Definition: " + (raw[0] if isinstance(raw, list) else raw).strip()
    definition = add_period(definition) + "\n\n"
    pos = []
    for i, example in enumerate(task["Positive Examples"][:2]):
        block = f" Positive Example {i + 1} -\n"
        block += f"Input: {example['input'].strip()}"
        block = add_period(block) + "\n"
        block += f" Output: {example['output'].strip()}"
        block = add_period(block) + "\n"
        pos.append(block + "\n")
    return definition + "".join(pos) + task_input


def read_list(root, kind):
    path = os.path.join(root, "splits", "default", f"{kind}_tasks.txt")
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as f:
        return {line.strip() for line in f if line.strip()}


def dumps(record):
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def main():
    root, out = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
    start = time.perf_counter()
    train_names, test_names = read_list(root, "train"), read_list(root, "test")
    excluded = read_list(root, "excluded")
    os.makedirs(os.path.join(out, "eval", "heldout_task"), exist_ok=True)
    inputs, tasks, outputs = [], [], []
    records = 0
    spool_path = os.path.join(out, "train.spool")
    index = []  # (key, offset, length) of each training line in the spool
    with open(spool_path, "wb") as spool:
        for file in sorted(os.listdir(os.path.join(root, "tasks"))):
            if not file.endswith(".json"):
                continue
            name = file[: -len(".json")]
            with open(os.path.join(root, "tasks", file), "rb") as f:
                data = f.read()
            inputs.append({"path": f"supernatural/tasks/{file}", "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)})
            task = json.loads(data.decode("utf-8"))
            instances = task["Instances"]
            level = "dropped"
            if name in test_names:
                level = "heldout_task"
                path = os.path.join("eval", "heldout_task", f"{name}.jsonl")
                with open(os.path.join(out, path), "w", encoding="utf-8") as f:
                    for instance in instances[:CAP]:
                        record = {"id": f"heldout_task/supernatural/{name}/{instance['id']}/def+pos2", "task": name,
                                  "prompt": encode(task, instance), "references": instance["output"]}
                        f.write(dumps(record) + "\n")
                        records += 1
                outputs.append(path)
            elif name in train_names and name not in excluded:
                level = "train"
                rng = random.Random(f"{seed}:{name}")
                chosen = sorted(rng.sample(range(len(instances)), CAP)) if len(instances) > CAP else range(len(instances))
                for i in chosen:
                    instance = instances[i]
                    record_id = f"train/supernatural/{name}/{instance['id']}/def+pos2"
                    record = {"id": record_id, "task": name, "prompt": encode(task, instance),
                              "completion": rng.choice(instance["output"]), "references": instance["output"]}
                    line = (dumps(record) + "\n").encode("utf-8")
                    key = hashlib.sha256(f"{seed}:shuffle:{record_id}".encode()).hexdigest()[:24]
                    index.append((key, spool.tell(), len(line)))
                    spool.write(line)
                    records += 1
            tasks.append({"task": f"supernatural/{name}", "category": (task.get("Categories") or [""])[0],
                          "instances": len(instances), "assignment": level})
    index.sort()
    with open(spool_path, "rb") as spool, open(os.path.join(out, "train.jsonl"), "wb") as train:
        for _key, offset, length in index:
            spool.seek(offset)
            train.write(spool.read(length))
    os.remove(spool_path)
    outputs.append("train.jsonl")
    hashed = []
    for path in outputs:
        digest, size = hashlib.sha256(), 0
        with open(os.path.join(out, path), "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
        hashed.append({"path": path, "sha256": digest.hexdigest(), "bytes": size})
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump({"seed": seed, "inputs": inputs, "tasks": tasks, "records": records, "outputs": hashed}, f, indent=2)
    seconds = time.perf_counter() - start
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "tasks": len(tasks), "records": records, "maxRssMb": max_rss_mb}))


if __name__ == "__main__":
    main()
