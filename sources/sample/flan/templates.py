# iml-bench sample corpus: a template module in FLAN's syntax (flan/v2/templates.py style).
# The content is invented for iml-bench; the structure follows google-research/FLAN.
"""Templates for the iml-bench FLAN sample."""
import copy
import dataclasses

# pylint: disable=implicit-str-concat

# Zero-shot patterns: task key -> list of (input template, target template).
PATTERNS = {
    "rte": [
        ("{premise}\n\nGiven the passage, is it right to say that "
         "\"{hypothesis}\"?\n\n{options_}", "{answer}"),
        ("Passage: {premise}\nStatement: {hypothesis}\nDoes the passage "
         "support the statement?\n{options_}", "{answer}"),
        ("Read this:\n\n{premise}\n\nThen judge: {hypothesis}n\n{options_}",
         "{answer}"),
        ("{premise}\nFrom this, may we infer \"{hypothesis}\"? "
         "{options_}", "{answer}"),
        # The last template inverts the task, as many FLAN 2021 lists do.
        ("Write a short passage and a statement it supports.",
         "Passage: {premise}\n\nStatement: {hypothesis}"),
    ],
    "imdb_reviews": [
        ("{text}\n\nHow does the writer feel about the film?\n{options_}",
         "{answer}"),
        ('Film review: {text}\nIs this review positive or negative? '
         '{options_}', "{answer}"),
        ("Here is what a viewer wrote:\n{text}\n\nWhat is the tone of the "
         "review?\n\n{options_}", "{answer}"),
        ("Write a {answer} review of a film.", "{text}"),
    ],
    "trivia_qa": [
        ("Quiz question: {question}\nAnswer:", "{answer}"),
        ("{question}", "{answer}"),
        ("Answer this general knowledge question.\n\n{question}",
         "{answer}"),
        ("What is the answer to the following?\n{question}\n\n", "{answer}"),
    ],
    # Chain-of-thought keys (FLAN v2 style): their rows are cot_data/<name>_train.tsv lines,
    # question TAB answer TAB chain_of_thought ("cot_gsm8k" reads gsm8k_train.tsv).
    "cot_gsm8k": [
        ("{question} Work it out step by step.",
         "{chain_of_thought}\nSo the answer is {answer}."),
        ("Solve this word problem and show your reasoning.\n{question}",
         "{chain_of_thought} The answer: {answer}."),
        ("Problem: {question}\nReasoning first, then the result:",
         "{chain_of_thought}\nResult: {answer}."),
    ],
    "cot_strategyqa": [
        ("{question} Reason it through before you say yes or no.",
         "{chain_of_thought} So the answer is {answer}."),
        ("Question: {question}\nThink it over step by step:",
         "{chain_of_thought}\nThe answer is {answer}."),
        ("Give a short justification, then answer. {question}",
         "{chain_of_thought} Therefore: {answer}."),
    ],
    # "stream" keys: rationales of lower quality, written as a stream of thoughts.
    "stream_aqua": [
        ("{question} Some quick thoughts before answering:",
         "{chain_of_thought}\nSo the answer is {answer}."),
        ("Think aloud, then pick an option. {question}",
         "{chain_of_thought} The answer: {answer}."),
        ("Q: {question}\nA stream of thoughts:",
         "{chain_of_thought}\nFinal answer: {answer}."),
    ],
}

# A key that shares another key's templates. This sample has no rows for it: it is listed as a task
# with no instances, and the build says where its rows were looked for.
PATTERNS["wnli"] = PATTERNS["rte"]

PATTERNS_NO_OPTIONS = copy.deepcopy(PATTERNS)
for t_name, templates in PATTERNS_NO_OPTIONS.items():
  for ti, (in_template, out_template) in enumerate(templates):
    in_template = in_template.replace("\n\n{options_}", "")
    in_template = in_template.replace("\n{options_}", "")
    in_template = in_template.replace("{options_}", "")
    PATTERNS_NO_OPTIONS[t_name][ti] = (in_template, out_template)


@dataclasses.dataclass
class FewShotPattern:
  """Few-shot pattern: exemplars, then the query, then final_suffix."""
  inputs: str
  targets: str
  inputs_prefix: str = ""
  targets_prefix: str = ""
  x_y_delimiter: str = "\n\n"
  example_separator: str = "\n\n\n"
  final_suffix: str = ""
  input_pattern: str = "{{inputs}}{final_suffix}"
  in_template_mix: bool = True


FEWSHOT_PATTERNS = {
    "rte": [
        FewShotPattern(
            inputs="Passage: {premise}\n{hypothesis}\n{options_}",
            targets="{answer}",
            inputs_prefix="Problem: ",
            targets_prefix="Solution: ",
            x_y_delimiter="\n",
            example_separator="\n\n",
            in_template_mix=False),
        FewShotPattern(
            inputs="{premise}\nDoes it follow that {hypothesis}? "
            "{options_}",
            targets="{answer}",
            inputs_prefix="Q: ",
            targets_prefix="A: "),
        FewShotPattern(
            inputs="{premise} | {hypothesis} | {options_}",
            targets="{answer}",
            x_y_delimiter="\n=> ",
            example_separator="\n\n"),
        FewShotPattern(
            inputs="{premise}\nMay we infer \"{hypothesis}\"? ({options_})",
            targets="{answer}"),
        FewShotPattern(
            inputs="Write a passage and a statement it supports.",
            targets="Passage: {premise}\nStatement: {hypothesis}",
            in_template_mix=False),
    ],
    "imdb_reviews": [
        FewShotPattern(
            inputs="{text}\n{options_}",
            targets="{answer}",
            inputs_prefix="Review: ",
            targets_prefix="Sentiment: ",
            x_y_delimiter="\n",
            example_separator="\n\n"),
        FewShotPattern(inputs="{text} {options_}", targets="{answer}"),
        FewShotPattern(
            inputs="Viewer comment: {text}\n\n{options_}",
            targets="The tone is {answer}."),
        FewShotPattern(inputs="Write a {answer} review.", targets="{text}"),
    ],
    "trivia_qa": [
        FewShotPattern(
            inputs="{question}",
            targets="{answer}",
            inputs_prefix="Q: ",
            targets_prefix="A: ",
            x_y_delimiter="\n",
            example_separator="\n\n"),
        FewShotPattern(inputs="{question}", targets="{answer}",
                       final_suffix="\n"),
        FewShotPattern(
            inputs="Answer this: {question}",
            targets="{answer}",
            inputs_prefix="input: ",
            targets_prefix="output: ",
            x_y_delimiter="\n"),
        FewShotPattern(inputs="{question}?", targets="{answer}"),
    ],
    "cot_gsm8k": [
        FewShotPattern(
            inputs="{question}",
            targets="{chain_of_thought} The answer is {answer}.",
            inputs_prefix="Problem: ",
            targets_prefix="Worked solution: ",
            x_y_delimiter="\n",
            example_separator="\n\n"),
        FewShotPattern(
            inputs="Solve step by step: {question}",
            targets="{chain_of_thought}\nSo the answer is {answer}.",
            in_template_mix=False),
    ],
}

# Option formatting candidates (the non-deterministic {options_} form).
OPT_START_STRING_CANDIDATES = [
    "",
    "OPTIONS:",
    "Pick one:",
    "Choices:",
]
LETTERS = ["a", "b", "c", "d", "e", "f"]
OPT_ITEM_NAME_CANDIDATES = [
    ["\n - " for _ in range(6)],
    ["\n* " for _ in range(6)],
    [" (" + x + ") " for x in LETTERS],
    ["\n" + x.upper() + ". " for x in LETTERS],
    ["\n" + str(x) + ") " for x in range(1, 7)],
]
OPT_ITEM_END_STR_CANDIDATES = [
    ["" for _ in range(6)],
    [";" for _ in range(6)],
    ["." for _ in range(6)],
]
