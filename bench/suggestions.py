"""Suggestion quality over the shipped facts (issue 13): how many facts get a suggestion, how many
reason-stating facts get a why/how one, and automatic checks that must all be zero.

    .venv/bin/python bench/suggestions.py [--sample 60 [--seed 13]]

Builds a scratch SQLite database in a temporary folder (migrate, `import_articles seeds/`,
`load_content content/`), suggests for every fact with every other fact as the corpus, writes
bench/results/suggestions.md and, with --sample, for the blind review,
bench/results/suggestions-sample.json: a seeded random sample of suggestions with their article, as
the reviewer is to see them (without it the sample under review is left as it is).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"


def _setup(folder: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/suggestions.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizapp.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("import_articles", str(ROOT / "seeds"), stdout=io.StringIO())
    call_command("load_content", str(ROOT / "content"), stdout=io.StringIO())


def _oracle():
    """jieba with its own dictionary only: a segmenter that has not seen our user words."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    from quizapp.library.suggest.words import USER_WORD_FREQ, _same_length_simplified

    def cuts(text: str, user_words: frozenset[str]) -> set[int]:
        for word in user_words:
            tokenizer.add_word(word, USER_WORD_FREQ)
        at, found = 0, {0}
        for word in tokenizer.cut(_same_length_simplified(text)):
            at += len(word)
            found.add(at)
        return found

    return cuts


def problems(fact, suggestions, article) -> Counter:
    """The automatic checks for one fact's suggestions (the distractor-set check is across facts)."""
    from quizapp.library import checks, cloze
    from quizapp.library.suggest.figures import figures
    from quizapp.library.validation import ChoiceData

    found = Counter()
    sources = f"{fact.quote}\n{fact.restatement}"
    for s in suggestions:
        texts = [s.prompt, *(c["text"] for c in s.choices)]
        if any(not f.possible(article.latest) and f.text not in sources for t in texts for f in figures(t)):
            flag(found, s, "impossible value")
        if s.type == "cloze":
            deletion = cloze.deletions(s.prompt)[0]
            sentence = cloze.DELETION.sub(lambda m: m[2], s.prompt)
            start = s.prompt.index("{{")
            if not {start, start + len(deletion.answer)} <= ORACLE(sentence, article.user_words):
                flag(found, s, "cloze splits a word")
            if deletion.answer in cloze.DELETION.sub("", s.prompt):
                flag(found, s, "prompt contains its answer")
        elif s.choices:
            if any(c["text"] in s.prompt for c in s.choices if c["is_correct"]):
                flag(found, s, "prompt contains its answer")
            if any(c["text"] in fact.quote for c in s.choices if not c["is_correct"]):
                flag(found, s, "wrong option the fact states")
            if s.group == "choice" and s.label != "name":
                kinds = {tuple((f.kind, f.base, f.is_range) for f in figures(c["text"])) for c in s.choices}
                if len(kinds) != 1:
                    flag(found, s, "distractor of another kind")
        elif s.type == "numeric" and s.numeric_value in s.prompt:
            flag(found, s, "prompt contains its answer")
        if s.type != "true_false" and checks.answer_problems(
            type=s.type, prompt=s.prompt, quote=fact.quote, restatement=fact.restatement,
            choices=[ChoiceData(c["text"], c["is_correct"]) for c in s.choices],
            numeric_value=Decimal(s.numeric_value) if s.numeric_value else None, numeric_unit=s.numeric_unit,
        ):  # fmt: skip
            flag(found, s, "answer not in its fact")
    return found


EXAMPLES: dict[str, list[str]] = defaultdict(list)


def flag(found: Counter, suggestion, name: str) -> None:
    found[name] += 1
    EXAMPLES[name].append(f"{suggestion.prompt} {[c['text'] for c in suggestion.choices]}")


CHECKS = (
    "cloze splits a word",
    "impossible value",
    "distractor of another kind",
    "same distractor set on two facts",
    "prompt contains its answer",
    "wrong option the fact states",
    "answer not in its fact",
)
ORACLE = None


def main() -> None:
    global ORACLE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="write a blind-review sample of this size")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--verbose", action="store_true", help="print the suggestions that fail a check")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _setup(folder)
        from quizapp.library.models import Fact
        from quizapp.library.suggest import GROUPS, suggest
        from quizapp.library.suggest.context import article_text
        from quizapp.library.suggest.reasons import states_reason

        ORACLE = _oracle()
        facts = list(Fact.objects.with_source().order_by("article__source_file", "start"))
        found, per_group = Counter(), Counter()
        with_any = reasoned = reasoned_why = 0
        distractor_sets = defaultdict(set)
        everything = []
        for fact in facts:
            made = suggest(fact, facts)
            with_any += bool(made)
            if states_reason(fact.quote):
                reasoned += 1
                reasoned_why += any(s.group == "why" for s in made)
            per_group.update(s.group for s in made)
            found += problems(fact, made, article_text(fact.article))
            for s in made:
                wrong = frozenset(c["text"] for c in s.choices if not c["is_correct"])
                if wrong:
                    distractor_sets[wrong].add(fact.pk)
                everything.append((fact, s))
        reused = [sorted(wrong) for wrong, owners in distractor_sets.items() if len(owners) > 1]
        found["same distractor set on two facts"] = len(reused)
        EXAMPLES["same distractor set on two facts"] += map(str, reused)
        report = {
            "facts": len(facts),
            "with a suggestion": with_any,
            "reason-stating": reasoned,
            "reason-stating with why/how": reasoned_why,
            "suggestions": len(everything),
            "per group": {g: per_group[g] for g in GROUPS},
            "checks": {name: found[name] for name in CHECKS},
        }
        _write(report)
        if args.sample:
            _write_sample(random.Random(args.seed).sample(everything, min(args.sample, len(everything))))
        print(json.dumps(report, ensure_ascii=False, indent=1))
        if args.verbose:
            for name, examples in EXAMPLES.items():
                print(f"## {name}", *examples, sep="\n")


def _write(report: dict) -> None:
    facts, n = report["facts"], report["reason-stating"]
    share = report["with a suggestion"] / facts
    why = report["reason-stating with why/how"] / n if n else 0
    lines = [
        "# Suggested questions (issue 13)",
        "",
        "Generated by `.venv/bin/python bench/suggestions.py` over the shipped facts (seeds/ + content/).",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| facts with ≥ 1 suggestion | {report['with a suggestion']}/{facts} = {share:.0%} | ≥ 90% |",
        f"| reason-stating facts with a why/how suggestion | {report['reason-stating with why/how']}/{n} = "
        f"{why:.0%} | ≥ 25% |",
        f"| suggestions | {report['suggestions']} | |",
        *[f"| — {group} | {count} | |" for group, count in report["per group"].items()],
        *[f"| check: {name} | {count} | 0 |" for name, count in report["checks"].items()],
        "",
        "A reason-stating fact is one whose quote has 因为/由于/为了/所以/因此/因而/原因/目的/意味着/背后 "
        "(or a traditional form). The word-split check segments each cloze's whole sentence with a separate "
        "jieba (plain cut, its own dictionary plus the article's quoted names and the bank's tags); an "
        "impossible value is a share over 100%, a reversed range or a date after the article that the fact "
        "itself does not state; *wrong option the fact states* is a distractor (or a wrong item of a multiple "
        "response) that the fact's own quote contains; *answer not in its fact* runs the answer-vs-fact check "
        "a draft must pass. Distractor sets are compared as the set of wrong options' texts.",
        "",
        "The blind review sample (60 suggestions, seeded) is in `suggestions-sample.json`; the verdicts, "
        "when a reviewer has given them, in `suggestions-review.*`.",
        "",
    ]
    (RESULTS / "suggestions.md").write_text("\n".join(lines), encoding="utf-8")


def _write_sample(sample) -> None:
    from quizapp.library import cloze

    items = []
    for number, (fact, s) in enumerate(sample, 1):
        items.append(
            {
                "n": number,
                "article": fact.article.source_file,
                "fact": str(fact.uuid),
                "type": s.type,
                "prompt": cloze.blanked(s.prompt) if s.type == "cloze" else s.prompt,
                "choices": [c["text"] for c in s.choices],
                "answer": s.answer or s.numeric_value,
                "unit": s.numeric_unit,
                "explanation": s.explanation,
            }
        )
    (RESULTS / "suggestions-sample.json").write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
