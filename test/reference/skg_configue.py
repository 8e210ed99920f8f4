#!/usr/bin/env python3
"""Reference for src/sources/unifiedskg/config.ts: read each .cfg named on stdin (one path per line) the way
UnifiedSKG's utils/configue.py does (configparser + String.to_basic, transcribed) and print
{"file": path, "sections": {section: {key: value}}} per line; a parse error prints {"file", "error"}.
NaN/Infinity print as strings "nan"/"inf"/"-inf" so the output stays JSON."""
import configparser
import json
import math
import sys


def to_basic(string):
    try:
        return int(string)
    except ValueError:
        try:
            return float(string)
        except ValueError:
            pass
    if string in ["True", "true"]:
        return True
    elif string in ["False", "false"]:
        return False
    else:
        return string.strip("\"'")


def jsonable(v):
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    return v


def main():
    for line in sys.stdin:
        path = line.rstrip("\n")
        if not path:
            continue
        parser = configparser.ConfigParser()
        try:
            parser.read(path, encoding="utf-8")
            sections = {s: {k: jsonable(to_basic(v)) for k, v in parser.items(s)} for s in parser.sections()}
            print(json.dumps({"file": path, "sections": sections}, ensure_ascii=False))
        except configparser.Error as e:
            print(json.dumps({"file": path, "error": type(e).__name__}))


if __name__ == "__main__":
    main()
