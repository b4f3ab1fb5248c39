"""Moodle XML (docs.moodle.org/en/Moodle_XML_format): the richest format Moodle imports.

single_choice → multichoice (single), multiple_response → multichoice with fractions that add
up to 100% (wrong ones to −100%), true_false → truefalse, short_answer → shortanswer,
numeric → numerical (tolerance, unit), cloze → cloze with one SHORTANSWER per deletion.
The question's UUID is the idnumber; status, difficulty, fact and article travel as tags; the
fact's restatement, erratum and tags and the answer-check override as custom fields (Moodle 4's
<customfields>, shortname `quizapp_<name>`), which Moodle keeps only where such fields exist.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext

from quizapp.interop.records import (
    FormatError,
    Parsed,
    apply_extras,
    apply_meta_tags,
    extras,
    feedback_text,
    html_to_text,
    imported_id,
    meta_tags,
    percent,
    split_feedback,
)
from quizapp.library import cloze

TYPES = {
    "single_choice": "multichoice",
    "multiple_response": "multichoice",
    "true_false": "truefalse",
    "short_answer": "shortanswer",
    "numeric": "numerical",
    "cloze": "cloze",
}
_EMBEDDED_SPECIAL = re.compile(r"([}#~/\"\\])")
_EMBEDDED = re.compile(r"\{(\d*):(\w+):((?:\\.|[^}\\])*)\}")
CUSTOM_FIELD = "quizapp_"


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = "moodle_auto_format") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = value
    return element


def _answer(parent: ET.Element, fraction: str, text: str, feedback: str = "") -> ET.Element:
    answer = _text(parent, "answer", text)
    answer.set("fraction", fraction)
    _text(answer, "feedback", feedback)
    return answer


def _embedded(prompt: str, alternatives: dict[str, list[str]]) -> str:
    """Our {{c1::answer}} deletions as Moodle's embedded answers {1:SHORTANSWER:=answer~=alternative}."""

    def answer(match: re.Match) -> str:
        right = [match[2], *alternatives.get(f"c{match[1]}", [])]
        return "{1:SHORTANSWER:" + "~".join("=" + _EMBEDDED_SPECIAL.sub(r"\\\1", a) for a in right) + "}"

    return cloze.DELETION.sub(answer, prompt)


def _question(quiz: ET.Element, record: dict) -> None:
    kind = record["type"]
    question = ET.SubElement(quiz, "question", {"type": TYPES[kind]})
    _text(question, "name", f"{record.get('title', '')} {record['prompt'][:40]}".strip(), None)
    prompt = _embedded(record["prompt"], record.get("alternatives") or {}) if kind == "cloze" else record["prompt"]
    _text(question, "questiontext", prompt)
    _text(question, "generalfeedback", feedback_text(record))
    ET.SubElement(question, "defaultgrade").text = "1"
    ET.SubElement(question, "idnumber").text = record["id"]
    if kind in ("single_choice", "multiple_response"):
        choices = record["choices"]
        right = sum(1 for c in choices if c["correct"])
        wrong = len(choices) - right
        ET.SubElement(question, "single").text = "true" if kind == "single_choice" else "false"
        ET.SubElement(question, "shuffleanswers").text = "true"
        ET.SubElement(question, "answernumbering").text = "ABCD"
        for c in choices:
            share = percent(right) if c["correct"] else ("0" if kind == "single_choice" else "-" + percent(wrong))
            _answer(question, share, c["text"], c.get("feedback", ""))
    elif kind == "true_false":
        _answer(question, "100" if record["answer"] else "0", "true")
        _answer(question, "0" if record["answer"] else "100", "false")
    elif kind == "short_answer":
        ET.SubElement(question, "usecase").text = "0"
        for accepted in record["accepted_answers"]:
            _answer(question, "100", accepted)
    elif kind == "numeric":
        answer = _answer(question, "100", str(record["value"]))
        ET.SubElement(answer, "tolerance").text = str(record.get("tolerance", 0))
        if record.get("unit"):
            unit = ET.SubElement(ET.SubElement(question, "units"), "unit")
            ET.SubElement(unit, "multiplier").text = "1"
            ET.SubElement(unit, "unit_name").text = record["unit"]
    tags = ET.SubElement(question, "tags")
    for tag in meta_tags(record):
        ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    if found := extras(record):
        fields = ET.SubElement(question, "customfields")
        for name, value in found.items():
            field = ET.SubElement(fields, "customfield", {"type": "textarea"})
            ET.SubElement(field, "shortname").text = CUSTOM_FIELD + name
            ET.SubElement(field, "value").text = value


def write(records: list[dict]) -> bytes:
    quiz = ET.Element("quiz")
    category = None
    for record in records:
        title = record.get("article_title", "")
        if title and title != category:
            category = title
            header = ET.SubElement(quiz, "question", {"type": "category"})
            _text(header, "category", f"$course$/top/全部题目/{title}", None)
        _question(quiz, record)
    ET.indent(quiz)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8") + b"\n"


# Reading -----------------------------------------------------------------------------------


def _read_text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return html_to_text(element.findtext("text") or "", element.get("format", "html"))


def _fraction_of(answer: ET.Element) -> float:
    try:
        return float(answer.get("fraction", "0"))
    except ValueError:
        return 0.0


def _moodle_cloze(text: str, alternatives: dict[str, list[str]]) -> tuple[str, str]:
    """Moodle's embedded answers back to {{cN::…}}, other fully right options into `alternatives`;
    returns (prompt, problem)."""
    number = 0
    problem = ""

    def plain(option: str, kind: str) -> str:
        answer = re.split(r"(?<!\\)#", re.sub(r"^(=|%100%)", "", option))[0]
        if kind.upper() in ("NUMERICAL", "NM"):
            answer = answer.split(":")[0]
        return re.sub(r"\\(.)", r"\1", answer)

    def deletion(match: re.Match) -> str:
        nonlocal number, problem
        options = re.split(r"(?<!\\)~", match[3])
        right = [o for o in options if o.startswith("=") or o.startswith("%100%")]
        if not right:
            problem = gettext("an embedded answer has no fully correct option")
            return match[0]
        number += 1
        if others := [plain(o, match[2]) for o in right[1:]]:
            alternatives[f"c{number}"] = others
        return f"{{{{c{number}::{plain(right[0], match[2])}}}}}"

    return _EMBEDDED.sub(deletion, text), problem


def _record(question: ET.Element, where: str) -> Parsed:
    kind = question.get("type", "")
    prompt = _read_text(question.find("questiontext"))
    uid = (question.findtext("idnumber") or "").strip() or imported_id("moodle", kind, prompt)
    record: dict = {"id": uid, "prompt": prompt, "status": "draft", "difficulty": 2}
    split_feedback(_read_text(question.find("generalfeedback")), record)
    answers = question.findall("answer")
    if kind == "multichoice":
        single = (question.findtext("single") or "true").strip().lower() in ("true", "1")
        record["type"] = "single_choice" if single else "multiple_response"
        record["choices"] = [
            {"text": _read_text(a), "correct": _fraction_of(a) > 0, "feedback": _read_text(a.find("feedback"))}
            for a in answers
        ]
    elif kind == "truefalse":
        right = [a for a in answers if _fraction_of(a) >= 100]
        record["type"], record["answer"] = "true_false", bool(right) and _read_text(right[0]).lower() == "true"
    elif kind == "shortanswer":
        record["type"] = "short_answer"
        record["accepted_answers"] = [_read_text(a) for a in answers if _fraction_of(a) >= 100]
    elif kind == "numerical":
        right = [a for a in answers if _fraction_of(a) >= 100]
        if not right:
            return Parsed(where, refused=gettext("a numerical question without a fully correct answer"))
        record["type"], record["value"] = "numeric", _read_text(right[0])
        record["tolerance"] = (right[0].findtext("tolerance") or "0").strip()
        record["unit"] = (question.findtext("units/unit/unit_name") or "").strip()
    elif kind == "cloze":
        record["type"] = "cloze"
        alternatives: dict[str, list[str]] = {}
        record["prompt"], problem = _moodle_cloze(prompt, alternatives)
        if alternatives:
            record["alternatives"] = alternatives
        if problem:
            return Parsed(where, refused=problem)
    elif kind == "description":
        return Parsed(where, refused=gettext("a description is text, not a question"))
    else:
        message = gettext("Moodle question type %(type)s has no equivalent here")
        return Parsed(where, refused=message % {"type": repr(kind)})
    apply_meta_tags(record, [t.findtext("text") or "" for t in question.findall("tags/tag")])
    custom = {}
    for field in question.findall("customfields/customfield"):
        custom[(field.findtext("shortname") or "").removeprefix(CUSTOM_FIELD)] = field.findtext("value") or ""
    apply_extras(record, custom)
    return Parsed(where, record)


def read(content: bytes) -> list[Parsed]:
    try:
        root = fromstring(content)
    except DefusedXmlException as exc:
        message = gettext("The XML uses a construct refused for safety (%(error)s).")
        raise FormatError(message % {"error": type(exc).__name__}) from None
    except ET.ParseError as exc:
        line, column = exc.position
        message = gettext("Not well-formed XML: it breaks off or goes wrong at line %(line)d, column %(column)d.")
        raise FormatError(message % {"line": line, "column": column}) from None
    if root.tag != "quiz":
        message = gettext("Not a Moodle XML question file: the root element is <%(tag)s>, not <quiz>.")
        raise FormatError(message % {"tag": root.tag})
    parsed = []
    for n, question in enumerate(root.findall("question"), 1):
        if question.get("type") == "category":
            continue
        name = (question.findtext("name/text") or "").strip()
        where = gettext("question %(number)d (%(name)s)") if name else gettext("question %(number)d")
        parsed.append(_record(question, where % {"number": n, "name": name[:40]}))
    return parsed
