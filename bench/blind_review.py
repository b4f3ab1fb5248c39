"""A blind review of the published bank: sheets without keys for readers, then their answers against the keys.

    python bench/blind_review.py sheets content/audit/blind     # sheet_NNN.json per article (no keys)
    python bench/blind_review.py compare content/audit/blind    # answers_NNN.json (from readers) vs the keys

A reader sees only the article (seeds/) and the sheet. The comparison reads typed answers with the app's
own normaliser, so a reader is not marked wrong for script, width, spacing or how an amount is written.
"""

from __future__ import annotations

import json
import os
import re
import sys
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DELETION = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}")


def published(path: Path):
    for fact in yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]:
        for question in fact.get("questions") or []:
            if question["status"] == "published":
                yield question


def sheet_and_keys(question: dict) -> tuple[dict, dict]:
    kind = question["type"]
    item = {"id": question["id"][:8], "type": kind, "prompt": question["prompt"]}
    if kind == "cloze":
        item["prompt"] = DELETION.sub(
            lambda m: f"[blank c{m[1]}" + (f" hint:{m[3]}" if m[3] else "") + "]", item["prompt"]
        )
        return item, {"type": kind, "key": [m[2] for m in DELETION.finditer(question["prompt"])]}
    if kind in ("single_choice", "multiple_response"):
        item["choices"] = [f"{chr(65 + i)}. {c['text']}" for i, c in enumerate(question["choices"])]
        return item, {"type": kind, "key": [chr(65 + i) for i, c in enumerate(question["choices"]) if c.get("correct")]}
    if kind == "true_false":
        return item, {"type": kind, "key": question["answer"]}
    if kind == "short_answer":
        return item, {"type": kind, "key": question["accepted_answers"]}
    return item, {"type": kind, "key": [question["value"], question.get("tolerance"), question.get("unit")]}


def write_sheets(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "content").glob("0*.yaml")):
        pairs = [sheet_and_keys(q) for q in published(path)]
        article = path.name[:3]
        (folder / f"sheet_{article}.json").write_text(json.dumps([s for s, _ in pairs], ensure_ascii=False, indent=1))
        keys = {s["id"]: k for s, k in pairs}
        (folder / f"keys_{article}.json").write_text(json.dumps(keys, ensure_ascii=False, indent=1))
        print(article, len(pairs), "questions")


def agrees(key: dict, given) -> bool:
    from quizapp.library.normalise import normalise_text, parse_number

    def same(typed, accepted) -> bool:
        amount = parse_number(str(typed), "")
        return any(
            normalise_text(str(typed)) == normalise_text(str(a))
            or (amount is not None and amount == parse_number(str(a), ""))
            for a in accepted
        )

    kind, right = key["type"], key["key"]
    if kind in ("single_choice", "multiple_response"):
        return sorted(given if isinstance(given, list) else [given]) == sorted(right)
    if kind == "true_false":
        return (given is True or str(given).lower() in ("true", "对")) == right
    if kind == "cloze":
        typed = given if isinstance(given, list) else [given]
        return len(typed) == len(right) and all(same(t, [r]) for t, r in zip(typed, right, strict=True))
    if kind == "short_answer":
        return same(given, right)
    value, tolerance, unit = right
    amount = parse_number(str(given), unit or "")
    return amount is not None and abs(amount - Decimal(str(value))) <= Decimal(str(tolerance or 0))


def compare(folder: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizapp.settings")
    import django

    django.setup()
    for key_file in sorted(folder.glob("keys_*.json")):
        article = key_file.stem[-3:]
        answers_file = folder / f"answers_{article}.json"
        if not answers_file.exists():
            continue
        keys, answers = json.loads(key_file.read_text()), json.loads(answers_file.read_text())
        verdicts: dict[str, int] = {}
        agreeing, notes = 0, []
        for qid, key in keys.items():
            answer = answers.get(qid)
            if answer is None:
                notes.append(f"   {qid} not answered")
                continue
            verdict = answer.get("verdict", "?")
            verdicts[verdict] = verdicts.get(verdict, 0) + 1
            ok = agrees(key, answer.get("answer"))
            agreeing += ok
            if not ok or verdict != "ok":
                agreement = "AGREE" if ok else "DISAGREE"
                notes.append(
                    f"   {qid} {key['type']} {agreement} {verdict}: given={answer.get('answer')!r} key={key['key']!r}"
                )
        print(f"== {article}: {agreeing}/{len(keys)} agree with key; verdicts {verdicts}")
        print("\n".join(notes))


if __name__ == "__main__":
    command, folder = sys.argv[1], Path(sys.argv[2])
    write_sheets(folder) if command == "sheets" else compare(folder)
