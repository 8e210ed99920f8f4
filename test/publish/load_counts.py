"""Load every config of a build folder with Hugging Face `datasets`; print {config: {split: rows}} as JSON.

Used by test/publish/datasets.test.ts. `load_dataset(<out>)` is loaded too, as the config "(default)".
"""
import json
import sys

import datasets
import yaml

datasets.disable_progress_bars()
out = sys.argv[1]
with open(f"{out}/README.md", encoding="utf-8") as f:
    front = yaml.safe_load(f.read().split("---\n")[1])
counts = {}
default = datasets.load_dataset(out, cache_dir=sys.argv[2])
counts["(default)"] = {name: split.num_rows for name, split in default.items()}
for config in front["configs"]:
    loaded = datasets.load_dataset(out, config["config_name"], cache_dir=sys.argv[2])
    counts[config["config_name"]] = {name: split.num_rows for name, split in loaded.items()}
print(json.dumps(counts))
