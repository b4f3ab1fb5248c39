"""GIFT (docs.moodle.org/en/GIFT_format): Moodle's plain-text question format.

single_choice {=right ~wrong}, multiple_response {~%50%a ~%-100%b}, true_false {T}/{F},
short_answer {=a =b}, numeric {#value:tolerance}; per-choice feedback after `#`, general
feedback after `####`. A cloze with one deletion is a missing-word question (`text {=answer} text`);
GIFT has one blank per question, so a cloze with several deletions (or a hint) is a short answer on
the blanked text, with the cloze itself in a `// quizapp-cloze:` comment that only we read back.
The question's UUID and tags go in Moodle's `// [id:…] [tag:…]` comment; the fact's restatement,
erratum and tags and the answer-check override in `// quizapp-<name>: "…"` comments (JSON strings).
"""

from __future__ import annotations

import json
import re

from django.utils.translation import gettext

from quizapp.interop.records import (
    FormatError,
    Parsed,
    apply_extras,
    apply_meta_tags,
    extras,
    feedback_text,
    imported_id,
    meta_tags,
    percent,
    split_feedback,
)
from quizapp.library import cloze

_SPECIAL = re.compile(r"([~=#{}:\\])")
_CLOZE_COMMENT = "// quizapp-cloze: "
_EXTRA = re.compile(r"// quizapp-(\w+): (\".*\")\Z")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text).replace("\r", "").replace("\n", "\\n")


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] == "n" else m[1], text).strip()


def _choice(prefix: str, choice: dict) -> str:
    feedback = choice.get("feedback")
    return prefix + escape(choice["text"]) + (f"#{escape(feedback)}" if feedback else "")


def _options(record: dict) -> str:
    kind = record["type"]
    if kind == "single_choice":
        return " ".join(_choice("=" if c["correct"] else "~", c) for c in record["choices"])
    if kind == "multiple_response":
        right = sum(1 for c in record["choices"] if c["correct"])
        weight = {True: percent(right), False: "-" + percent(len(record["choices"]) - right)}
        return " ".join(_choice(f"~%{weight[c['correct']]}%", c) for c in record["choices"])
    if kind == "true_false":
        return "TRUE" if record["answer"] else "FALSE"
    if kind == "short_answer":
        return " ".join("=" + escape(a) for a in record["accepted_answers"])
    if kind == "numeric":
        return f"#{record['value']}:{record.get('tolerance', 0)}"
    raise ValueError(kind)


def _item(record: dict) -> str:
    tags = meta_tags(record) + ([f"quizapp-unit:{record['unit']}"] if record.get("unit") else [])
    lines = ["// [id:" + record["id"] + "] " + " ".join(f"[tag:{t}]" for t in tags if " " not in t)]
    lines += [f"// quizapp-{name}: {json.dumps(value, ensure_ascii=False)}" for name, value in extras(record).items()]
    # The title only names the question in Moodle's bank: GIFT's special characters are left out of it.
    title = "::" + _SPECIAL.sub(" ", record["prompt"][:40]).replace("\n", " ").strip() + "::"
    general = "####" + escape(feedback_text(record))
    if record["type"] == "cloze":
        found = cloze.deletions(record["prompt"])
        if len(found) == 1 and not found[0].hint:
            match = cloze.DELETION.search(record["prompt"])
            before, after = record["prompt"][: match.start()], record["prompt"][match.end() :]
            lines.append(f"{title}{escape(before)}{{={escape(found[0].answer)}{general}}}{escape(after)}")
            return "\n".join(lines)
        lines.append(_CLOZE_COMMENT + record["prompt"].replace("\n", "\\n"))
        answer = "=" + escape(" ".join(cloze.answers(record["prompt"])))
        lines.append(f"{title}{escape(cloze.blanked(record['prompt']))}{{{answer}{general}}}")
        return "\n".join(lines)
    lines.append(f"{title}{escape(record['prompt'])}{{{_options(record)}{general}}}")
    return "\n".join(lines)


def write(records: list[dict]) -> bytes:
    items, category = [], None
    for record in records:
        title = record.get("article_title", "")
        if title and title != category:
            category = title
            items.append(f"$CATEGORY: $course$/top/全部题目/{title.replace(chr(10), ' ')}")
        items.append(_item(record))
    return ("\n\n".join(items) + "\n").encode("utf-8")


# Reading -----------------------------------------------------------------------------------


def _split(text: str, separators: str) -> list[tuple[str, str]]:
    """Split at unescaped separator characters: [(separator before, piece), …]."""
    pieces, current, sep, i = [], [], "", 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if char in separators:
            pieces.append((sep, "".join(current)))
            current, sep = [], char
        else:
            current.append(char)
        i += 1
    pieces.append((sep, "".join(current)))
    return pieces


def _find(text: str, char: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == char:
            return i
        i += 1
    return -1


def _answers(block: str, record: dict) -> str:
    """Fill the record from an answer block; returns a refusal reason or ''."""
    general = block.find("####")
    if general >= 0:
        split_feedback(unescape(block[general + 4 :]), record)
        block = block[:general]
    block = block.strip()
    if not block:
        return gettext("an essay question ({}) has no answer to check")
    if re.fullmatch(r"(T|TRUE|F|FALSE)(#.*)?", block, re.DOTALL):
        record["type"], record["answer"] = "true_false", block.startswith("T")
        return ""
    if "->" in block:
        return gettext("a matching question has no equivalent here")
    if block.startswith("#"):
        first = _split(block[1:], "=")[1][1] if block[1:].lstrip().startswith("=") else block[1:]
        first = _split(first, "#")[0][1].strip()
        if ".." in first:
            low, high = first.split("..", 1)
            record["value"], record["tolerance"] = _mid(low, high)
        else:
            value, _, tolerance = first.partition(":")
            record["value"], record["tolerance"] = value.strip(), (tolerance.strip() or "0")
        record["type"] = "numeric"
        return ""
    options = [(sep, body) for sep, body in _split(block, "=~") if sep]
    choices = []
    for sep, body in options:
        text_part = _split(body, "#")
        text, feedback = text_part[0][1].strip(), (text_part[1][1] if len(text_part) > 1 else "")
        weight = re.match(r"%(-?[\d.]+)%", text)
        correct = sep == "=" or bool(weight and float(weight[1]) > 0)
        choices.append({"text": unescape(text[weight.end() :] if weight else text), "correct": correct,
                        "feedback": unescape(feedback)})  # fmt: skip
    if not choices:
        return gettext("the answer block holds no answers")
    if all(sep == "=" for sep, _ in options):
        record["type"], record["accepted_answers"] = "short_answer", [c["text"] for c in choices]
    else:
        weighted = any(re.match(r"%-?[\d.]+%", body.strip()) for _, body in options)
        record["type"] = "multiple_response" if weighted else "single_choice"
        record["choices"] = choices
    return ""


def _mid(low: str, high: str) -> tuple[str, str]:
    from decimal import Decimal, InvalidOperation

    try:
        a, b = Decimal(low.strip()), Decimal(high.strip())
    except InvalidOperation:
        return low, "0"
    return str((a + b) / 2), str(abs(b - a) / 2)


def _item_record(lines: list[str], where: str) -> Parsed:
    found = {m[1]: m[2] for line in lines if (m := _EXTRA.match(line))}
    meta = " ".join(line for line in lines if line.startswith("//") and not _EXTRA.match(line))
    cloze_source = next((ln[len(_CLOZE_COMMENT) :] for ln in lines if ln.startswith(_CLOZE_COMMENT)), None)
    body = "\n".join(line for line in lines if not line.startswith("//")).strip()
    title = ""
    if body.startswith("::"):
        end = body.find("::", 2)
        title, body = body[2:end], body[end + 2 :]
    body = re.sub(r"^\[(html|moodle|plain|markdown)\]", "", body.strip())
    open_at = _find(body, "{")
    if open_at < 0:
        return Parsed(where, refused=gettext("a description (no answer block) is text, not a question"))
    close_at = _find(body, "}", open_at)
    if close_at < 0:
        return Parsed(where, refused=gettext("the answer block is not closed with }"))
    before, block, after = body[:open_at], body[open_at + 1 : close_at], body[close_at + 1 :]
    record: dict = {"status": "draft", "difficulty": 2, "explanation": ""}
    if refusal := _answers(block, record):
        return Parsed(where, refused=refusal)
    prompt = unescape(before)
    if cloze_source is not None:
        record["type"], prompt = "cloze", cloze_source.replace("\\n", "\n")
        record.pop("accepted_answers", None)
    elif after.strip() and record["type"] == "short_answer" and len(record["accepted_answers"]) == 1:
        record["type"] = "cloze"  # a missing-word question: one blank in the text
        answer = record.pop("accepted_answers")[0]
        prompt = f"{_raw(before)}{{{{c1::{answer}}}}}{_raw(after)}"
    elif after.strip():
        prompt = f"{prompt} ＿＿ {unescape(after)}"
    record["prompt"] = prompt
    ids = re.search(r"\[id:([^\]]+)\]", meta)
    record["id"] = ids[1].strip() if ids else imported_id("gift", title, prompt)
    apply_meta_tags(record, re.findall(r"\[tag:([^\]]+)\]", meta))
    apply_extras(record, {name: _json_text(value) for name, value in found.items()})
    return Parsed(where, record)


def _json_text(value: str) -> str:
    try:
        decoded = json.loads(value)
    except ValueError:
        return ""  # a hand-edited comment that is no longer a JSON string is ignored, like any comment
    return decoded if isinstance(decoded, str) else ""


def _raw(text: str) -> str:
    """Unescaped text keeping its edge spaces (they sit beside the blank)."""
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] == "n" else m[1], text)


def read(content: bytes) -> list[Parsed]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError(gettext("A GIFT file must be UTF-8 text.")) from None
    if "{" not in text:
        raise FormatError(gettext("Not a GIFT file: no question has an answer block in { }."))
    parsed, item, start = [], [], 0
    for number, line in enumerate([*text.splitlines(), ""], 1):
        if line.strip():
            if not item:
                start = number
            item.append(line.rstrip())
            continue
        if item and any(not ln.startswith(("//", "$CATEGORY")) for ln in item):
            lines = [ln for ln in item if not ln.startswith("$CATEGORY")]
            parsed.append(_item_record(lines, gettext("line %(number)d") % {"number": start}))
        item = []
    return parsed
