"""Python Jinja2's PromptSource rendering rate, for `bench/render.ts`.

Usage: python3 bench/promptsource_jinja2.py TEMPLATES.json ROWS.jsonl TRUNCATE CHECK_ROWS

TEMPLATES.json is a list of {"id", "jinja", "answer_choices"} (answer_choices may be null), in the
order to apply them; ROWS.jsonl one JSON object per line. Every template is compiled once, in
PromptSource's environment (a BaseLoader Environment plus its `highlight`, `choice` and
`most_frequent` filters and the `zip` global), then applied to every row with the semantics of
PromptSource's Template.apply(): string fields have "|||" protected, answer_choices is rendered,
split on "|||", stripped and unprotected, "}}" gets "| string | truncate(N)" when truncating, and the
output is split on "|||", unprotected and stripped.

Prints one JSON object: the seconds spent applying (rows already in memory, templates already
compiled), how many (template, row) pairs gave a prompt and a target, how many characters they hold,
and a SHA-256 over the results for the first CHECK_ROWS rows of every template (prompt, NUL,
target, SOH, each as UTF-8), which bench/render.ts compares with its own.
"""

import hashlib
import json
import random
import sys
import time
from collections import Counter

import jinja2

SEPARATOR = "|||"
PROTECTOR = "3ed2dface8203c4c9dfb1a5dc58e41e0"


def most_frequent(items):
    counts = Counter(items).most_common()
    return [x for x, n in counts if n == counts[0][1]] if counts else None


def make_environment():
    env = jinja2.Environment(loader=jinja2.BaseLoader)
    env.filters["highlight"] = lambda s: "<span style='color: #F08080'>" + s + "</span>"
    env.filters["choice"] = random.choice
    env.filters["most_frequent"] = most_frequent
    env.globals.update(zip=zip)
    return env


def protect(row):
    return {k: (v.replace(SEPARATOR, PROTECTOR) if isinstance(v, str) else v) for k, v in row.items()}


def unprotect(text):
    return text.replace(PROTECTOR, SEPARATOR)


class Compiled:
    def __init__(self, env, spec, truncate):
        source = spec["jinja"]
        if truncate > 0:
            source = source.replace("}}", " | string | truncate(%d) }}" % truncate)
        self.body = env.from_string(source)
        choices = spec.get("answer_choices")
        self.choices = None if choices is None else env.from_string(choices)

    def apply(self, row):
        protected = protect(row)
        if self.choices is None:
            protected["answer_choices"] = None
        else:
            text = self.choices.render(**protected)
            protected["answer_choices"] = [unprotect(part.strip()) for part in text.split(SEPARATOR)]
        rendered = self.body.render(**protected)
        return [unprotect(part).strip() for part in rendered.split(SEPARATOR)]


def main():
    templates_file, rows_file, truncate, check_rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with open(templates_file, encoding="utf-8") as f:
        specs = json.load(f)
    with open(rows_file, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    env = make_environment()
    compiled = [Compiled(env, spec, truncate) for spec in specs]

    prompts = 0
    chars = 0
    start = time.perf_counter()
    for template in compiled:
        for row in rows:
            parts = template.apply(row)
            if len(parts) == 2 and parts[0] and parts[1]:
                prompts += 1
                chars += len(parts[0]) + len(parts[1])
    seconds = time.perf_counter() - start

    digest = hashlib.sha256()
    for template in compiled:
        for row in rows[:check_rows]:
            parts = template.apply(row)
            if len(parts) == 2 and parts[0] and parts[1]:
                digest.update(parts[0].encode("utf-8") + b"\0" + parts[1].encode("utf-8") + b"\1")
    json.dump({"seconds": seconds, "prompts": prompts, "chars": chars, "digest": digest.hexdigest()}, sys.stdout)


if __name__ == "__main__":
    main()
