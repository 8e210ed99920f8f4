#!/usr/bin/env python3
"""Reference for iml-bench's UnifiedSKG linearizations: a transcription of the upstream algorithms
(xlang-ai/UnifiedSKG utils/dataset.py, utils/processor/table_linearize.py + table_truncate.py,
seq2seq_construction/{wikitq,wikisql,tab_fact,fetaqa,kvret,dart,spider,sparc,cosql}.py,
third_party/miscs/bridge_content_encoder.py) written from reading them, with iml-bench's recorded
decisions where upstream needs a tokenizer or a database:
- tokens are whitespace words (str.split());
- DB values come from the row's `db_content` ({table: {column: [values]}}), in row order;
- rapidfuzz fuzz.ratio is computed from the LCS (normalized Indel similarity);
- the rows to delete are drawn like random.choices, but from iml-bench's seeded stream
  rngFor(0, "skg-truncate", case id) (seedrandom's ARC4, transcribed below), one stream per case.

Reads JSON Lines cases on stdin: {"id", "constructor" | null, "split", "seq2seq": {...}, "model": {...},
"description"?, "row": {...}}; writes one JSON line per case: {"id", "outputs": [[prompt, completion], ...]}
or {"id", "error": reason} or {"id", "skip": why}.
"""
import difflib
import json
import re
import sys


class CaseError(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class RandomDeletion(Exception):
    pass


class SeedRandom:
    """seedrandom 3 (davidbau) ARC4 generator, as `seedrandom(seed_string)` in JavaScript."""

    def __init__(self, seed):
        key = []
        smear = 0
        units = seed.encode("utf-16-le")
        codes = [units[i] | (units[i + 1] << 8) for i in range(0, len(units), 2)]
        for j, code in enumerate(codes):
            while len(key) <= (j & 255):
                key.append(None)
            old = key[j & 255]
            smear ^= (old * 19) if old is not None else 0
            key[j & 255] = 255 & (smear + code)
        if not key:
            key = [0]
        s = list(range(256))
        j = 0
        for i in range(256):
            t = s[i]
            j = 255 & (j + key[i % len(key)] + t)
            s[i] = s[j]
            s[j] = t
        self.s, self.i, self.j = s, 0, 0
        self.g(256)

    def g(self, count):
        r = 0
        s, i, j = self.s, self.i, self.j
        for _ in range(count):
            i = 255 & (i + 1)
            t = s[i]
            j = 255 & (j + t)
            s[i] = s[j]
            s[j] = t
            r = r * 256 + s[255 & (s[i] + s[j])]
        self.i, self.j = i, j
        return r

    def random(self):
        n, d, x = float(self.g(6)), float(256 ** 6), 0
        while n < 2.0 ** 52:
            n = (n + x) * 256
            d *= 256
            x = self.g(1)
        while n >= 2.0 ** 53:
            n /= 2
            d /= 2
            x >>= 1
        return (n + x) / d

    def int(self, n):
        return int(self.random() * n)


def rng_for(seed, stage, *scope):
    return SeedRandom(json.dumps([str(p) for p in (seed, stage) + scope], separators=(",", ":"), ensure_ascii=False))


RNG = None


# ---- tables -------------------------------------------------------------------------------------

def cell_str(v):
    if v is None:
        raise CaseError("null_cell")
    if isinstance(v, bool):
        return "True" if v else "False"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, str):
        return v
    raise CaseError("bad_field")


def process_header(headers):
    return "col : " + " | ".join(headers)


def process_row(row, row_index):
    return "row " + str(row_index) + " : " + " | ".join(row)


def process_table(table):
    s = process_header(table["header"]) + " "
    for i, row in enumerate(table["rows"]):
        s += process_row(row, i + 1) + " "
    return s.strip()


def tok(s):
    return s.split()


def cell_limit(table, answer, max_cell_length):
    mapping = {}
    for row in table["rows"]:
        for i, cell in enumerate(row):
            if cell.strip() != "":
                words = tok(cell)
                if len(words) >= max_cell_length:
                    kept = " ".join(words[:max_cell_length])
                    mapping[cell] = kept
                    row[i] = kept
    for i, case in enumerate(answer):
        if case in mapping:
            answer[i] = mapping[case]


def row_delete(table, question, answer, max_length):
    used = len(tok(question)) + len(tok(process_header(table["header"])))
    remain = max_length - used
    value_string = ""
    for row in table["rows"]:
        value_string += process_row(row, 100) + " "
    value_len = len(tok(value_string))
    # iml-bench decision: no row text at all means nothing to delete (upstream divides by zero).
    ratio = 0.0 if value_len < remain or value_len == 0 else 1.0 - remain / value_len
    # delete_unrealted_rows
    unrelated, related = [], []
    answer_set = set([a.lower() for a in answer])
    if question is not None:
        answer_set.update(question.split())
    question_set = set(question.strip("?!.,").split(" "))
    for idx, row in enumerate(table["rows"]):
        lower_row = set([str(c).lower() for c in row])
        if len(lower_row & answer_set) == 0 and len(lower_row & question_set) == 0:
            unrelated.append(idx)
        else:
            related.extend([idx - 2, idx - 1, idx, idx + 1, idx + 2])
    unrelated = [i for i in unrelated if i not in related]
    drop_items = min(len(unrelated), int(len(table["rows"]) * ratio))
    # upstream: random.choices(unrelated, k=drop_items), unseeded
    drop = set(unrelated[RNG.int(len(unrelated))] for _ in range(drop_items))
    for idx in reversed(range(len(table["rows"]))):
        if idx in drop:
            del table["rows"][idx]
    keep = 0
    for ind, row in enumerate(table["rows"]):
        n = len(tok(process_row(row, ind + 1)))
        if n > remain:
            break
        remain -= n
        keep += 1
    del table["rows"][keep:]


def read_table(t):
    if t is None or not isinstance(t, dict):
        raise CaseError("missing_field" if t is None else "bad_field")
    if not isinstance(t.get("header"), list) or not isinstance(t.get("rows"), list):
        raise CaseError("missing_field")
    if any(not isinstance(r, list) for r in t["rows"]):
        raise CaseError("bad_field")  # iml-bench: a row must be a list (Python would iterate a string)
    return {"header": [cell_str(h) for h in t["header"]], "rows": [[cell_str(c) for c in r] for r in t["rows"]]}


def linear(table, question, answer, max_cell, seq2seq):
    max_len = seq2seq.get("table_truncation_max_length", 1024)
    cell_limit(table, answer, max_cell)
    row_delete(table, question, answer, max_len)
    return process_table(table)


def process_output(answer):
    out = ", ".join(answer)
    if out.strip() == "":
        raise CaseError("empty_answer")
    return out


def need(row, key):
    if row.get(key) is None:
        raise CaseError("missing_field")
    return row[key]


def c_wikitq(row, split, seq2seq, lower_q):
    question = need(row, "question")
    if lower_q:
        question = question.lower()
    table = read_table(row.get("table"))
    gold = list(need(row, "answer_text" if "answer_text" in row or "answers" not in row else "answers"))
    lt = linear(table, question, gold if split == "train" else [], 15, seq2seq)
    return [(question.lower(), lt.lower(), process_output(gold).lower())]


def c_tab_fact(row, split, seq2seq):
    statement = need(row, "statement").lower()
    label = {1: "entailed", 0: "refuted"}.get(row.get("label"))
    if label is None:
        raise CaseError("missing_field" if row.get("label") is None else "bad_field")
    lt = linear(read_table(row.get("table")), statement, [], 15, seq2seq)
    return [(statement, lt.lower(), label)]


def c_fetaqa(row, split, seq2seq):
    question = need(row, "question").lower()
    meta = need(row, "meta")
    answer = need(row, "answer_text")
    lt = meta + " " + linear(read_table(row.get("table")), question, [], 15, seq2seq)
    return [(question, lt.lower(), answer.lower())]


def c_kvret(row, split, seq2seq):
    d = need(row, "dialogue")
    driver, assistant = d["driver"], d["assistant"]
    out = []
    for i in range(1, len(driver) + 1):
        if i > min(len(driver), len(assistant)) and not len(driver) == len(assistant):
            continue
        usr, sys_ = driver[:i], assistant[:i]
        head = [s.strip() + " | " + u.strip() for s, u in zip(reversed(sys_[:-1]), reversed(usr[:-1]))]
        history = usr[-1].strip() + " || " + " | ".join(head)
        kb = read_table(need(row, "kb"))
        lt = linear(kb, history, [], 100, seq2seq)
        out.append((history.lower(), lt.lower(), sys_[-1].lower()))
    return out


def c_dart(row, split, seq2seq):
    triples = ""
    for i, t in enumerate(need(row, "tripleset")):
        subj, rela, obj = t
        if i > 0:
            triples += " | "
        triples += "{} : {} : {}".format(subj, rela.lower(), obj)
    texts = need(row, "annotations")["text"]
    if split == "train":
        return [("", triples, t) for t in texts]
    if not texts:
        raise CaseError("empty_answer")
    return [("", triples, texts[0])]


# ---- spider / sparc / cosql ---------------------------------------------------------------------

def normalize(query):
    def lower(s):
        return re.sub(r"\b(?<!['\"])(\w+)(?!['\"])\b", lambda m: m.group(1).lower(), s)
    return " ".join(lower(query).split()).replace(" , ", ", ")


# NLTK English stopwords, as listed in bridge_content_encoder.py
STOPWORDS = {
    'a', 'about', 'above', 'after', 'again', 'against', 'ain', 'all', 'am', 'an', 'and', 'any',
    'are', 'aren', "aren't", 'as', 'at', 'be', 'because', 'been', 'before', 'being', 'below',
    'between', 'both', 'but', 'by', 'can', 'couldn', "couldn't", 'd', 'did', 'didn', "didn't",
    'do', 'does', 'doesn', "doesn't", 'doing', 'don', "don't", 'down', 'during', 'each', 'few',
    'for', 'from', 'further', 'had', 'hadn', "hadn't", 'has', 'hasn', "hasn't", 'have', 'haven',
    "haven't", 'having', 'he', 'her', 'here', 'hers', 'herself', 'him', 'himself', 'his', 'how',
    'i', 'if', 'in', 'into', 'is', 'isn', "isn't", 'it', "it's", 'its', 'itself', 'just', 'll',
    'm', 'ma', 'me', 'mightn', "mightn't", 'more', 'most', 'mustn', "mustn't", 'my', 'myself',
    'needn', "needn't", 'nor', 'not', 'now', 'o', 'of', 'off', 'on', 'once', 'only', 'or', 'other',
    'our', 'ours', 'ourselves', 'out', 'over', 'own', 're', 's', 'same', 'shan', "shan't", 'she',
    "she's", 'should', "should've", 'shouldn', "shouldn't", 'so', 'some', 'such', 't', 'than',
    'that', "that'll", 'the', 'their', 'theirs', 'them', 'themselves', 'then', 'there', 'these',
    'they', 'this', 'those', 'through', 'to', 'too', 'under', 'until', 'up', 've', 'very', 'was',
    'wasn', "wasn't", 'we', 'were', 'weren', "weren't", 'what', 'when', 'where', 'which', 'while',
    'who', 'whom', 'why', 'will', 'with', 'won', "won't", 'wouldn', "wouldn't", 'y', 'you',
    "you'd", "you'll", "you're", "you've", 'your', 'yours', 'yourself', 'yourselves',
}


def stopwords():
    return STOPWORDS


def is_number(s):
    try:
        float(s.replace(",", ""))
        return True
    except ValueError:
        return False


def is_sep(c):
    return c in "'\"()`,.?! "


def split_chars(s):
    return [c.lower() for c in s.strip()]


def prefix_match(s1, s2):
    i, j = 0, 0
    for i in range(len(s1)):
        if not is_sep(s1[i]):
            break
    for j in range(len(s2)):
        if not is_sep(s2[j]):
            break
    if i < len(s1) and j < len(s2):
        return s1[i] == s2[j]
    elif i >= len(s1) and j >= len(s2):
        return True
    return False


def effective_source(s, start, end):
    _start = -1
    for i in range(start, start - 2, -1):
        if i < 0:
            _start = i + 1
            break
        if is_sep(s[i]):
            _start = i
            break
    if _start < 0:
        return None
    _end = -1
    for i in range(end - 1, end + 3):
        if i >= len(s):
            _end = i - 1
            break
        if is_sep(s[i]):
            _end = i
            break
    if _end < 0:
        return None
    while _start < len(s) and is_sep(s[_start]):
        _start += 1
    while _end >= 0 and is_sep(s[_end]):
        _end -= 1
    return (_start, _end - _start + 1)


def lcs(a, b):
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            cur[j] = prev[j - 1] + 1 if x == b[j - 1] else max(prev[j], cur[j - 1])
        prev = cur
    return prev[len(b)]


def ratio(s1, s2):
    lensum = len(s1) + len(s2)
    if lensum == 0:
        return 100.0
    dist = lensum - 2 * lcs(s1, s2)
    return (1.0 - dist / lensum) * 100


def matched_entries(s, values):
    n_grams = split_chars(s)
    matched = dict()
    for fv in values:
        if not isinstance(fv, str):
            continue
        fv_tokens = split_chars(fv)
        m = difflib.SequenceMatcher(None, n_grams, fv_tokens).find_longest_match(0, len(n_grams), 0, len(fv_tokens))
        if m.size == 0:
            continue
        src = effective_source(n_grams, m.a, m.a + m.size)
        if not src or src[1] <= 1:
            continue
        match_str = fv[m.b:m.b + m.size]
        src_str = s[src[0]:src[0] + src[1]]
        cm, cs, cf = match_str.lower().strip(), src_str.lower().strip(), fv.lower().strip()
        if not cm or is_number(cm) or cm.strip() in ["id"]:
            continue
        if cm.strip() in stopwords() or cs.strip() in stopwords() or cf.strip() in stopwords():
            continue
        if cs.endswith(cm + "'s"):
            score = 1.0
        else:
            score = ratio(cf, cs) / 100 if prefix_match(cf, cs) else 0
        common = {"no", "yes", "many"}
        if (cm.strip() in common or cs.strip() in common or cf.strip() in common) and score < 1:
            continue
        if score >= 0.85 and score >= 0.85:
            if fv.isupper() and score * score < 1:
                continue
            matched[match_str] = (fv, src_str, score, score, m.size)
    return sorted(matched.items(), key=lambda x: 1e16 * x[1][2] + 1e8 * x[1][3] + x[1][4], reverse=True)


def db_matches(question, table, column, picklist):
    picklist = list(dict.fromkeys(picklist))
    out = []
    if picklist and isinstance(picklist[0], str):
        for _k, (fv, _s, score, s_score, _size) in matched_entries(question, picklist):
            if "name" in column and score * s_score < 1:
                continue
            if table != "sqlite_sequence":
                out.append(fv)
                if len(out) >= 2:
                    break
    return out


def column_values(content, table, column):
    cols = content.get(table)
    if not isinstance(cols, dict):
        return []
    if column in cols:
        return cols[column]
    for k in cols:
        if k.lower() == column.lower():
            return cols[k]
    return []


def serialize_schema(row, question, with_content):
    cols = row["db_column_names"]
    if isinstance(cols, list):
        cols = {"table_id": [c["table_id"] for c in cols], "column_name": [c["column_name"] for c in cols]}
    content = row.get("db_content") if with_content else None
    if with_content and content is None:
        raise CaseError("missing_field")

    def col_str(table, column):
        name = column.lower()
        if with_content:
            m = db_matches(question, table, column, column_values(content, table, column))
            if m:
                return "{} ( {} )".format(name, " , ".join(m))
        return name

    tables = [" | {} : {}".format(t.lower(), " , ".join(col_str(t, c) for tid, c in zip(cols["table_id"], cols["column_name"]) if tid == i))
              for i, t in enumerate(row["db_table_names"])]
    return " | {}".format(need(row, "db_id")) + "".join(tables)


def dict_of_lists(v, keys):
    if isinstance(v, list):
        return {k: [x[k] for x in v] for k in keys}
    return v


def serialize_schema_nl(row, question, with_content):
    cols = dict_of_lists(row["db_column_names"], ["table_id", "column_name"])
    pks = dict_of_lists(row["db_primary_keys"], ["column_id"])["column_id"]
    fk = dict_of_lists(row["db_foreign_keys"], ["column_id", "other_column_id"])
    fks = list(zip(fk["column_id"], fk["other_column_id"]))
    content = row.get("db_content") if with_content else None
    if with_content and content is None:
        raise CaseError("missing_field")
    db_id = need(row, "db_id")
    tables = row["db_table_names"]
    descriptions = [f'{db_id} contains tables such as {", ".join([t.lower() for t in tables])}.']
    table_strs, column_strs = [], []
    for table_id, table_name in enumerate(tables):
        table_str = table_name.lower()
        table_strs.append(table_str)
        columns, pairs, primary = [], [], []
        for column_id, (x, y) in enumerate(zip(cols["table_id"], cols["column_name"])):
            if column_id == 0:
                continue
            column_str = y.lower()
            column_strs.append(column_str)
            if x == table_id:
                columns.append(column_str)
                if column_id in pks:
                    primary.append(column_str)
                if with_content:
                    m = db_matches(question, table_name, y, column_values(content, table_name, y))
                    if m:
                        pairs.append((column_str, ", ".join(m)))
        descriptions.append(f'Table {table_str} has columns such as {", ".join(columns)}.')
        descriptions.append(f'{", ".join(primary)} is the primary key.')
        if pairs:
            descriptions.append("".join(["The {} contains values such as {}.".format(c, v) for c, v in pairs]))
    for x, y in fks:
        try:
            xt, xc = table_strs[cols["table_id"][x]], column_strs[x]
            yt, yc = table_strs[cols["table_id"][y]], column_strs[y]
        except IndexError:
            raise CaseError("bad_field")
        descriptions.append(f'The {xc} of {xt} is the foreign key of {yc} of {yt}.')
    return " ".join(descriptions)


def sql_target(row, seq2seq):
    q = normalize(need(row, "query"))
    return "{} | {}".format(row["db_id"], q) if seq2seq.get("target_with_db_id") else q


def c_spider(row, split, seq2seq):
    question = need(row, "question")
    with_content = bool(seq2seq.get("schema_serialization_with_db_content"))
    if seq2seq.get("schema_serialization_with_nl"):
        schema = serialize_schema_nl(row, question, with_content)
    else:
        schema = serialize_schema(row, question, with_content)
    return [(question.strip(), schema.strip(), sql_target(row, seq2seq))]


def c_sparc(row, split, seq2seq):
    utts = need(row, "utterances")
    schema = serialize_schema(row, " | ".join(utts), bool(seq2seq.get("schema_serialization_with_db_content")))
    head = " || " + " | ".join(u.strip() for u in reversed(utts[:-1])) if len(utts) > 1 else ""
    return [(utts[-1].strip() + head, schema.strip(), sql_target(row, seq2seq))]


CONSTRUCTORS = {
    "wikitq": lambda r, s, c: c_wikitq(r, s, c, False),
    "wikisql": lambda r, s, c: c_wikitq(r, s, c, True),
    "tab_fact": c_tab_fact, "fetaqa": c_fetaqa, "kvret": c_kvret, "dart": c_dart,
    "spider": c_spider, "sparc": c_sparc, "cosql": c_sparc,
}


# ---- utils/dataset.py ---------------------------------------------------------------------------

def seq_in(text_in, struct_in, description, model):
    usage = model.get("knowledge_usage")
    sep = " || "
    if text_in:
        if sep in text_in:
            i = text_in.index(sep)
            if usage == "concatenate" or usage is None:
                s = "{} ; structured knowledge: {} ; context: {}".format(text_in[:i], struct_in, text_in[i + len(sep):])
            elif usage == "separate":
                s = "{} ; context: {}".format(text_in[:i], text_in[i + len(sep):])
            else:
                raise CaseError("bad_model_option")
        else:
            if usage == "concatenate" or usage is None:
                s = "{} ; structured knowledge: {}".format(text_in, struct_in)
            elif usage == "separate":
                s = text_in
            else:
                raise CaseError("bad_model_option")
    else:
        if usage == "concatenate":
            s = "structured knowledge: {}".format(struct_in)
        elif usage == "separate":
            s = ""
        else:
            raise CaseError("bad_model_option")
    if model.get("use_description") and model.get("concatenate_description"):
        s = "{} ; {}".format(description, s)
    return s


def run(case):
    global RNG
    RNG = rng_for(*case.get("rng", [0, "skg-truncate", case["id"]]))
    row, model = case["row"], case["model"]
    name = case.get("constructor")
    if name is None:
        text = row.get("text_in") or ""
        prev = row.get("previous_turns") or []
        if prev:
            allu = prev + [text]
            text = allu[-1].strip() + " || " + " | ".join(u.strip() for u in reversed(allu[:-1]))
        if row.get("struct_in") is None or row.get("seq_out") is None:
            raise CaseError("missing_field")  # iml-bench: never print None as "None"
        items = [(text, row["struct_in"], row["seq_out"])]
        desc = row.get("description", case.get("description"))
    else:
        items = CONSTRUCTORS[name](row, case["split"], case["seq2seq"])
        desc = case.get("description")
    return [[seq_in(t, s, desc, model), o] for (t, s, o) in items]


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        try:
            out = {"id": case["id"], "outputs": run(case)}
        except CaseError as e:
            out = {"id": case["id"], "error": e.reason}
        except RandomDeletion:
            out = {"id": case["id"], "skip": "random_row_deletion"}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
