#!/usr/bin/env python3
"""Reference renderer for the differential tests: Python Jinja2 with PromptSource's environment.

Reads on stdin a JSON list of {"template": str, "context": dict}, or the cases.json layout
{"contexts": {name: dict}, "cases": [{"template": str, "context": name}]}, and prints a JSON list
with, per case, {"output": <rendered text>} or {"error": <exception class name>}.
Regenerate the golden file with: python3 reference.py < cases.json > cases.golden.json
Environment as promptsource/templates.py builds it: default Environment, global zip, filters
highlight, choice and most_frequent; a case with "environment": "jinja2" gets the default
Environment alone.
"""
import copy
import json
import random
import sys
from collections import Counter

from jinja2 import BaseLoader, Environment


def highlight(input):
    return "<span style='color: #F08080'>" + input + "</span>"


def choice(choices):
    return random.choice(choices)


def most_frequent(items):
    if not items:
        return
    item_counts = Counter(items).most_common()
    max_freq = item_counts[0][1]
    return [c[0] for c in item_counts if c[1] == max_freq]


def make_env(promptsource=True):
    env = Environment(loader=BaseLoader)
    if not promptsource:
        return env
    env.globals.update(zip=zip)
    env.filters["highlight"] = highlight
    env.filters["choice"] = choice
    env.filters["most_frequent"] = most_frequent
    return env


def render_case(env, case):
    try:
        template = env.from_string(case["template"])
        return {"output": template.render(**copy.deepcopy(case.get("context", {})))}
    except Exception as exc:  # the class name is what the tests compare
        return {"error": type(exc).__name__}


def main():
    envs = {None: make_env(), "jinja2": make_env(promptsource=False)}
    cases = json.load(sys.stdin)
    if isinstance(cases, dict):
        contexts = cases["contexts"]
        cases = [dict(c, context=contexts[c["context"]]) for c in cases["cases"]]
    results = [render_case(envs[case.get("environment")], case) for case in cases]
    sys.stdout.write("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in results) + "\n]\n")


if __name__ == "__main__":
    main()
