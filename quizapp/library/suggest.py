"""Draft questions proposed from a fact: cloze on figures, dates and names; numeric; true/false
with an altered figure; single choice whose distractors are same-unit figures from other facts.

Suggestions are plain data until an author accepts one; then it becomes a *draft* question.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from quizapp.library.models import Fact, QuestionType
from quizapp.library.reading import format_number
from quizapp.library.scripts import convert

_MAGNITUDE = "万亿|亿|万|千|百"
_UNIT = r"亿元|万元|元|美元|亿美元|人|名|家|个|%|％|倍|年|岁|次|项|款|城|棵|小时|分钟|天|万人|亿人"
FIGURE = re.compile(
    rf"(?<![\d.])(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*(?P<mag>{_MAGNITUDE})?\s*(?P<unit>{_UNIT})?"
)
DATE = re.compile(r"(?P<year>\d{4})\s*年(?:\s*(?P<month>\d{1,2})\s*月)?(?:\s*(?P<day>\d{1,2})\s*日)?")
TITLED_NAME = re.compile(
    r"(?:CEO|CFO|CTO|董事长|总裁|副总裁|行长|创始人|董事長|總裁|副總裁|創始人)\s*(?P<name>[\u4e00-\u9fff]{2,3})"
)
QUOTED_NAME = re.compile(r"[“《「](?P<name>[^”》」]{2,12})[”》」]")


@dataclass
class Suggestion:
    type: str
    label: str
    prompt: str
    explanation: str
    choices: list[dict] = field(default_factory=list)
    answer_bool: bool | None = None
    numeric_value: str | None = None
    numeric_unit: str = ""

    @property
    def key(self) -> str:
        """A fingerprint, so accepting checks that the author saw this exact suggestion."""
        return hashlib.sha256(json.dumps(asdict(self), ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    text: str
    value: Decimal
    unit: str  # magnitude + unit as written, e.g. "亿元"

    @property
    def is_year(self) -> bool:
        return self.unit == "年" and 1900 <= self.value <= 2100 and self.value == int(self.value)


def figures(text: str) -> list[Figure]:
    found = []
    for m in FIGURE.finditer(text):
        unit = (m["mag"] or "") + (m["unit"] or "")
        if not unit:
            continue  # a bare number has no meaning to ask about on its own
        try:
            value = Decimal(m["num"].replace(",", ""))
        except InvalidOperation:
            continue
        found.append(Figure(m.start(), m.end(), m[0].strip(), value, unit.replace("％", "%")))
    return found


def names(text: str) -> list[tuple[int, int, str]]:
    spans = [(m.start("name"), m.end("name"), m["name"]) for m in TITLED_NAME.finditer(text)]
    spans += [(m.start("name"), m.end("name"), m["name"]) for m in QUOTED_NAME.finditer(text)]
    return sorted(set(spans))


def dates(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m[0]) for m in DATE.finditer(text)]


def _cloze(text: str, start: int, end: int) -> str:
    return f"{text[:start]}{{{{c1::{text[start:end]}}}}}{text[end:]}"


def _altered(value: Decimal, is_year: bool) -> Decimal:
    if is_year:
        return value + 1
    bigger = (value * Decimal("1.5")).quantize(value) if value.as_tuple().exponent < 0 else value * 2
    return bigger if bigger != value else value + 1


def suggest(fact: Fact, corpus: list[Fact] | None = None) -> list[Suggestion]:
    """Suggestions for `fact`; `corpus` (other facts) supplies same-unit distractors."""
    quote = fact.quote.strip()
    script = fact.article.script

    def say(text: str) -> str:
        return convert(text, script)

    source = say("原文：") + f"「{quote}」"
    explanation = (fact.restatement + "\n" if fact.restatement else "") + source
    out: list[Suggestion] = []
    seen_spans: set[tuple[int, int]] = set()

    for f in figures(quote):
        seen_spans.add((f.start, f.end))
        label = say("填空：年份") if f.is_year else say("填空：数字")
        out.append(Suggestion(QuestionType.CLOZE, label, _cloze(quote, f.start, f.end), explanation))
    for start, end, _text in dates(quote):
        if any(s <= start < e for s, e in seen_spans):
            continue
        seen_spans.add((start, end))
        out.append(Suggestion(QuestionType.CLOZE, say("填空：日期"), _cloze(quote, start, end), explanation))
    for start, end, _text in names(quote):
        if any(s < end and start < e for s, e in seen_spans):
            continue
        seen_spans.add((start, end))
        out.append(Suggestion(QuestionType.CLOZE, say("填空：名称"), _cloze(quote, start, end), explanation))

    quantities = [f for f in figures(quote) if not f.is_year]
    if quantities:
        f = quantities[0]
        asked = f"{quote[: f.start]}{say('多少')}{f.unit}{quote[f.end :]}".rstrip("。")
        out.append(
            Suggestion(
                QuestionType.NUMERIC,
                say("数值题"),
                say(f"根据文章：{asked}？（单位：{f.unit}）"),
                explanation,
                numeric_value=format_number(f.value),
                numeric_unit=f.unit,
            )
        )
    all_figures = figures(quote)
    if all_figures:
        f = all_figures[0]
        wrong = _altered(f.value, f.is_year)
        altered = f.text.replace(f.text.split(f.unit)[0].strip(), format_number(wrong), 1)
        statement = quote[: f.start] + altered + quote[f.end :]
        out.append(
            Suggestion(
                QuestionType.TRUE_FALSE,
                say("判断题：改动数字"),
                statement,
                say(f"错误：文章说的是{f.text}，不是{format_number(wrong)}{f.unit}。") + "\n" + source,
                answer_bool=False,
            )
        )
    if quantities and corpus is not None:
        out.extend(_single_choice(fact, quantities[0], corpus, explanation, say))
    return out


def _single_choice(fact: Fact, f: Figure, corpus: list[Fact], explanation: str, say) -> list[Suggestion]:
    distractors: list[tuple[Decimal, Fact]] = []
    for other in corpus:
        if other.pk == fact.pk:
            continue
        for g in figures(other.quote):
            if g.unit == f.unit and g.value != f.value and all(g.value != d for d, _ in distractors):
                distractors.append((g.value, other))
    if len(distractors) < 2:
        return []
    stem = f"{fact.quote[: f.start]}____{fact.quote[f.end :]}"
    choices = [{"text": f"{format_number(f.value)}{f.unit}", "is_correct": True, "feedback": say("正确，见原文。")}]
    for value, other in distractors[:3]:
        title = other.article.title
        choices.append(
            {
                "text": f"{format_number(value)}{f.unit}",
                "is_correct": False,
                "feedback": say(f"这个数字出自另一处：《{title}》「{other.quote}」"),
            }
        )
    choices.sort(key=lambda c: Decimal(c["text"].removesuffix(f.unit)))
    return [
        Suggestion(
            QuestionType.SINGLE_CHOICE,
            say("单选题：同单位干扰项"),
            say("填入正确的数字：") + stem,
            explanation,
            choices,
        )
    ]
