#!/usr/bin/env python3
"""Generate the differential-test inputs for the UnifiedSKG linearizers (seeded, invented content).

    python3 test/reference/gen_skg_cases.py > test/fixtures/unifiedskg/diff/cases.jsonl
    python3 test/reference/skg_linearize.py < test/fixtures/unifiedskg/diff/cases.jsonl > test/fixtures/unifiedskg/diff/golden.jsonl
"""
import json
import random

R = random.Random(20240607)

WORDS = ["river", "Lake", "MOUNT", "city", "Año", "Zürich", "東京", "naïve", "x|y", "a : b", "o'neil", '"q"',
         "1,200", "3.5", "-7", "", " ", "New  York", "St. Paul", "the", "yes", "id", "name", "Σίσυφος", "ß", "İzmir",
         "🙂", "tab\tbed", "Line\nbreak", "42", "alpha", "beta", "gamma", "Delta", "EPSILON", "north", "south"]
HEADERS = ["Year", "Team", "Score", "City", "Name", "Notes", "Rank", "Côte", "Pts | W", "Round: 1"]


def word():
    return R.choice(WORDS)


def phrase(lo=1, hi=4):
    return " ".join(word() for _ in range(R.randint(lo, hi)))


def cell():
    k = R.random()
    if k < 0.08:
        return R.randint(-50, 3000)
    if k < 0.11:
        return R.choice([2.5, 0.1, 1e-05, 1e16 + 0.0, 3.25])
    if k < 0.13:
        return True
    if k < 0.16:
        return " ".join(R.choice(["long", "words", "in", "one", "cell", "Zürich"]) for _ in range(R.randint(14, 20)))
    return phrase(0, 3)


def table(rows=None, cols=None):
    cols = cols if cols is not None else R.randint(1, 5)
    rows = rows if rows is not None else R.randint(0, 7)
    return {"header": R.sample(HEADERS, cols), "rows": [[cell() for _ in range(cols)] for _ in range(rows)]}


def model():
    usage = R.choice(["concatenate", "concatenate", "separate", None])
    d = R.random() < 0.3
    return {"knowledge_usage": usage, "use_description": d, "concatenate_description": d}


def seq2seq_tables():
    return {"table_truncation_max_length": R.choice([1024, 1024, 60, 35, 20])}


def answers():
    return [phrase(1, 2) for _ in range(R.randint(0, 2))] or ([] if R.random() < 0.5 else [""])


def case_table(i):
    name = R.choice(["wikitq", "wikisql", "tab_fact", "fetaqa"])
    t = table()
    if R.random() < 0.4 and t["rows"]:
        q_word = str(R.choice(t["rows"]))
    else:
        q_word = word()
    row = {"table": t}
    if name == "tab_fact":
        row.update(statement=f"{phrase()} {q_word} is {phrase(1, 2)}.", label=R.choice([0, 1]))
    elif name == "fetaqa":
        row.update(question=f"What {phrase()}?", meta=f"{phrase()} : {phrase()}", answer_text=phrase(2, 6))
    else:
        row.update(question=f"Which {phrase()} {q_word}?", answer_text=answers())
    if R.random() < 0.05:
        del row["table"]
    return base(i, name, row, seq2seq_tables())


def case_kvret(i):
    n = R.randint(1, 4)
    driver = [phrase(2, 5) for _ in range(n)]
    assistant = [phrase(2, 5) for _ in range(n - R.choice([0, 0, 1]))]
    row = {"dialogue": {"driver": driver, "assistant": assistant}, "kb": table(cols=3)}
    return base(i, "kvret", row, seq2seq_tables())


def case_dart(i):
    triples = [[phrase(1, 3), R.choice(["AREA", "birthPlace", "Capital_Of", "[TITLE]", "x : y"]), phrase(1, 3)] for _ in range(R.randint(1, 4))]
    texts = [phrase(3, 8) for _ in range(R.randint(1, 3))]
    row = {"tripleset": triples, "subtree_was_extended": False, "annotations": {"source": ["WikiSQL"] * len(texts), "text": texts}}
    return base(i, "dart", row, {})


VALUES = ["Alice Smith", "BOB", "New York", "Zürich", "yes", "the", "1999", "2,000", "id", "O'Brien", "Ann's Café",
          "north bay", "South Park", "Paris", "paris", "dog", "Dogs", "东京", "GOLD", None, 12, 3.5, "many"]


def schema():
    tables = R.sample(["Singer", "Concert", "stadium", "Pet_Owner", "BookClub", "Étudiant"], R.randint(1, 3))
    cols = [(-1, "*")]
    for t in range(len(tables)):
        for _ in range(R.randint(1, 3)):
            cols.append((t, R.choice(["Name", "Song_Name", "Country", "Age", "city", "Capacity", "ID", "title", "Nom"])))
    return tables, cols


def sql_query():
    parts = ["SELECT", "T1.Name", " ,  count(*)", "FROM", "Singer AS T1", "WHERE", R.choice(['Country = "France"', "name = 'Bob Ross'", "Age>20", 'city = "Zürich Nord"']),
             "GROUP BY", "T1.Name", "  ORDER BY", "Age DESC", "LIMIT 3"]
    return " ".join(parts[: R.randint(5, len(parts))])


def case_sql(i):
    name = R.choice(["spider", "spider", "sparc", "cosql"])
    tables, cols = schema()
    content = {}
    for t_id, t in enumerate(tables):
        pool = lambda: VALUES if R.random() < 0.3 else [v for v in VALUES if isinstance(v, str)]
        content[t] = {c: R.sample(pool(), R.randint(0, 6)) for (tid, c) in cols if tid == t_id}
        if R.random() < 0.2:
            first = next(iter(content[t]))
            content[t][first] = [None] + content[t][first]
    present = [v for cols in content.values() for vs in cols.values() for v in vs if isinstance(v, str)]
    if present and R.random() < 0.7:
        v = R.choice(present)
        mention = R.choice([v, v.lower(), v.upper(), v + "'s", v[:-1], v + "s", v.replace("a", "e")])
    else:
        mention = R.choice(["Alice Smith", "bob", "new york", "zurich", "Ann's Cafe", "north", "South Park's", "Pariss",
                        "dogs", "1999", "yes", "东京", "the", "gold", "Alice Smyth"])
    question = f"  Show the {R.choice(['names', 'ages'])} of {mention} singers?"
    row = {"db_id": R.choice(["concert_singer", "pets_1"]), "query": sql_query(), "db_table_names": tables,
           "db_column_names": {"table_id": [c[0] for c in cols], "column_name": [c[1] for c in cols]},
           "db_column_types": ["text"] * len(cols), "db_content": content}
    if name == "spider":
        row["question"] = question
    else:
        row["utterances"] = [phrase(2, 5) for _ in range(R.randint(0, 2))] + [question]
    cfg = {"target_with_db_id": R.random() < 0.3, "schema_serialization_with_db_content": R.random() < 0.8}
    if name == "spider" and R.random() < 0.4:
        cfg["schema_serialization_with_nl"] = True
    ncols = len(cols)
    row["db_primary_keys"] = {"column_id": sorted(R.sample(range(1, ncols), R.randint(0, min(2, ncols - 1))))}
    fks = [(R.randrange(1, ncols), R.randrange(1, ncols)) for _ in range(R.randint(0, 2))]
    row["db_foreign_keys"] = {"column_id": [a for a, _ in fks], "other_column_id": [b for _, b in fks]}
    return base(i, name, row, cfg)


def case_instantiated(i):
    row = {"text_in": R.choice(["", phrase(2, 5), f"{phrase()} || {phrase()} | {phrase()}"]), "struct_in": phrase(3, 9), "seq_out": phrase(1, 4)}
    if R.random() < 0.3:
        row["description"] = "task: " + phrase(1, 3)
    if R.random() < 0.2:
        row["previous_turns"] = [phrase(1, 3) for _ in range(R.randint(1, 3))]
    return base(i, None, row, {})


def base(i, constructor, row, seq2seq):
    m = model()
    c = {"id": f"case-{i:04d}", "constructor": constructor, "split": R.choice(["train", "validation", "test"]), "seq2seq": seq2seq, "model": m, "row": row}
    if m["use_description"]:
        c["description"] = f"task: {constructor or 'free'}"
    return c


def main():
    makers = [case_table] * 5 + [case_kvret, case_dart, case_instantiated] + [case_sql] * 4
    for i in range(600):
        print(json.dumps(R.choice(makers)(i), ensure_ascii=False))


if __name__ == "__main__":
    main()
