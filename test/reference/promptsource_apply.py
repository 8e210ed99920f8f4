#!/usr/bin/env python3
"""Reference renderer for iml-bench's PromptSource differential tests.

Our own implementation of the semantics of PromptSource's Template.apply()
(bigscience-workshop/promptsource, promptsource/templates.py) on real Jinja2,
with each outcome classified the way iml-bench's apply does.

Usage: promptsource_apply.py [--truncate N] TEMPLATES.yaml ROWS.jsonl [TEMPLATES.yaml ROWS.jsonl ...]

Prints one JSON object per (pair, template, row): templates in id order, rows in file order:
  {"pair": k, "template": id, "row": i, "prompt": ..., "completion": ..., "choices": [...] | null, "random": bool}
  {"pair": k, "template": id, "row": i, "skipped": true, "reason": ..., "random": bool}
"random" is true when a `choice`/`random` filter (or `lipsum`) ran, so the output is not deterministic.
"""
import copy
import json
import random
import sys
from collections import Counter

import yaml
from jinja2 import BaseLoader, Environment, pass_context

PROTECT = "3ed2dface8203c4c9dfb1a5dc58e41e0"
SEP = "|||"


class TemplatesLoader(yaml.SafeLoader):
    pass


for _tag in ("!Template", "!TemplateMetadata"):
    TemplatesLoader.add_constructor(_tag, lambda loader, node: loader.construct_mapping(node, deep=True))


class Tracker:
    used_random = False


def make_env():
    env = Environment(loader=BaseLoader)
    env.globals["zip"] = zip
    builtin_random = env.filters["random"]
    builtin_lipsum = env.globals["lipsum"]

    def choice(items):
        Tracker.used_random = True
        return random.choice(items)

    @pass_context
    def random_filter(context, seq):
        Tracker.used_random = True
        return builtin_random(context, seq)

    def lipsum(*args, **kwargs):
        Tracker.used_random = True
        return builtin_lipsum(*args, **kwargs)

    def most_frequent(items):
        if not items:
            return None
        counts = Counter(items).most_common()
        top = counts[0][1]
        return [item for item, n in counts if n == top]

    def highlight(text):
        return "<span style='color: #F08080'>" + text + "</span>"

    env.filters.update(choice=choice, random=random_filter, most_frequent=most_frequent, highlight=highlight)
    env.globals["lipsum"] = lipsum
    return env


ENV = make_env()


def protect(row):
    return {k: (v.replace(SEP, PROTECT) if isinstance(v, str) else v) for k, v in row.items()}


def unprotect(text):
    return text.replace(PROTECT, SEP)


def answer_choices(expr, row):
    if expr is None:
        return None
    text = ENV.from_string(expr).render(**protect(row))
    return [unprotect(part.strip()) for part in text.split(SEP)]


def apply(template, row, truncate):
    """Returns (parts, choices) as PromptSource's apply would, or raises what it would raise."""
    source = template["jinja"]
    if truncate > 0:
        source = source.replace("}}", " | string | truncate(%d) }}" % truncate)
    compiled = ENV.from_string(source)
    context = protect(row)
    if "answer_choices" in context:
        raise KeyError("restricted")
    choices = answer_choices(template.get("answer_choices"), row)
    context["answer_choices"] = choices
    text = compiled.render(**context)
    return [unprotect(part).strip() for part in text.split(SEP)], choices


def classify(template, row, truncate):
    if "answer_choices" in row:
        return {"skipped": True, "reason": "restricted_field"}
    try:
        parts, choices = apply(template, row, truncate)
    except Exception as error:  # any error PromptSource would raise
        return {"skipped": True, "reason": "template_error", "detail": "%s: %s" % (type(error).__name__, error)}
    if len(parts) == 1 and parts[0] == "":
        return {"skipped": True, "reason": "template_not_applicable"}
    if len(parts) != 2:
        return {"skipped": True, "reason": "wrong_part_count"}
    if parts[1] == "":
        return {"skipped": True, "reason": "empty_target"}
    if parts[0] == "":
        return {"skipped": True, "reason": "empty_prompt"}
    return {"prompt": parts[0], "completion": parts[1], "choices": choices}


def main(argv):
    truncate = 2048
    if argv[:1] == ["--truncate"]:
        truncate, argv = int(argv[1]), argv[2:]
    if len(argv) == 0 or len(argv) % 2:
        sys.exit(__doc__)
    random.seed(0)
    out = sys.stdout
    for k in range(0, len(argv), 2):
        with open(argv[k], encoding="utf-8") as f:
            templates = yaml.load(f, Loader=TemplatesLoader)["templates"]
        with open(argv[k + 1], encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        for template in sorted(templates.values(), key=lambda t: t["id"]):
            for i, row in enumerate(rows):
                Tracker.used_random = False
                # A fresh copy per application, as `datasets` decodes each row anew: a template that mutates
                # a field (e.g. `list.append`, or `indent` on a list) must not leak into the next one.
                result = classify(template, copy.deepcopy(row), truncate)
                record = {"pair": k // 2, "template": template["id"], "row": i, **result, "random": Tracker.used_random}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
