"""Normalisers for learners' typed answers: text (short answers, cloze blanks) and numbers.

Both are fair to Chinese input: full-width forms, simplified/traditional script, Chinese numerals
and the magnitude words 万 and 亿 all count as what they mean. Neither ever raises on a str.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, localcontext

from quizapp.library.reading import NUMBER_CONTEXT, tidy_decimal
from quizapp.library.scripts import to_simplified, to_traditional

# ---------------------------------------------------------------- text


def normalise_text(s: str, *, fold_script: bool = True) -> str:
    """The comparison key of a typed answer: width, case, script, spacing and punctuation folded away.

    A decimal point between two digits is kept, so that "2.5" and "25" stay different answers.
    """
    # One pass can expose more to fold (NFKC turning "¨" into a space and a combining mark, a removed
    # space letting that mark compose on the next pass); repeating to a fixed point makes this idempotent.
    for _ in range(10):
        folded = _fold_once(s, fold_script)
        if folded == s:
            break
        s = folded
    return s


def _fold_once(s: str, fold_script: bool) -> str:
    s = unicodedata.normalize("NFKC", _drop_surrogates(s))
    s = unicodedata.normalize("NFKC", s.casefold())
    chars = [ch for ch in s if not ch.isspace() and unicodedata.category(ch)[0] != "C"]
    kept = [
        ch
        for i, ch in enumerate(chars)
        if unicodedata.category(ch)[0] not in "PS" or (ch == "." and _between_digits(chars, i))
    ]
    s = "".join(kept)
    if not fold_script:
        return s
    # After punctuation is gone, so that "頭、髮" and "頭髮" reach OpenCC as the same phrase. Through
    # traditional and back: a simplified character with two traditional forms (干: 乾/幹) then lands
    # where its traditional spelling lands, which to_simplified alone does not guarantee.
    return to_simplified(to_traditional(s))


def warm_up() -> None:
    """Load OpenCC's dictionaries (about half a second) before the first learner's answer has to wait
    for them; gunicorn.conf.py calls it in each worker once the app is loaded."""
    normalise_text("预热 預熱")


def _between_digits(chars: list[str], i: int) -> bool:
    return 0 < i < len(chars) - 1 and chars[i - 1] in "0123456789" and chars[i + 1] in "0123456789"


def _drop_surrogates(s: str) -> str:
    # A lone surrogate cannot be encoded for OpenCC; it is never part of a real answer.
    return "".join(ch for ch in s if not "\ud800" <= ch <= "\udfff")


# ---------------------------------------------------------------- numbers

MAX_NUMBER_LENGTH = 100  # longer text is not an answer to a numeric question

_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_SMALL = {"十": 1, "拾": 1, "百": 2, "佰": 2, "千": 3, "仟": 3}
_LARGE = {"万": 4, "亿": 8}
_MAGNITUDES = {**_SMALL, **_LARGE}
_FRACTION_DIGITS = {ch: d for ch, d in _DIGITS.items() if ch != "两"}
_ARABIC = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+")
_APPROXIMATELY = ("差不多", "大约", "大概", "超过", "将近", "接近", "至少", "约", "近", "逾")
_SIGNS = {"+": 1, "-": -1, "−": -1, "正": 1, "负": -1}
_PERCENT_WORDS = "百分之"


@dataclass(frozen=True)
class Quantity:
    """A typed amount: `value` in ones (万 and 亿 applied), and the base unit after it, as a comparison key."""

    value: Decimal
    base: str
    # True when the amount itself carries 万/亿, or a magnitude after digits ("3千"); a plain "211.9" or
    # "三千" does not, and is read in the question's unit instead.
    scaled: bool


def parse_quantity(text: str) -> Quantity | None:
    """Read "约211.9亿元", "两千", "百分之十四", "1,234.5万人" and the like; None when it is not an amount."""
    if not isinstance(text, str) or len(text) > MAX_NUMBER_LENGTH:
        return None
    s = _clean(text)
    s = s.lstrip("\"'“‘「『《〈([{（【")
    s = next((s[len(word) :] for word in _APPROXIMATELY if s.startswith(word)), s)
    sign = 1
    if s[:1] in _SIGNS:
        sign, s = _SIGNS[s[0]], s[1:]
    percent = s.startswith(_PERCENT_WORDS)
    if percent:
        s = s.removeprefix(_PERCENT_WORDS)
    scanned = _scan(s)
    if scanned is None:
        return None
    tokens, scaled, rest = scanned
    with localcontext(NUMBER_CONTEXT):
        value = _evaluate(tokens)
        if value is None:
            return None
        base = _base_key(rest)
        if base is None or (percent and base):
            return None
        return Quantity(value=tidy_decimal(sign * value), base="%" if percent else base, scaled=scaled)


def split_unit(unit: str) -> tuple[int, str]:
    """A question's unit as (power of ten, base key): "亿元" → (8, "元"), "万" → (4, ""), "%" → (0, "%")."""
    s = _clean(unit)
    exponent = 0
    while s and s[0] in _MAGNITUDES:
        exponent += _MAGNITUDES[s[0]]
        s = s[1:]
    return exponent, _base_key(s) or ""


def parse_number(text: str, unit: str = "") -> Decimal | None:
    """The number typed in `text`, in `unit` (e.g. "亿元"); None when it is not a number in that unit.

    A bare number ("211.9", "三千") is taken to be in the unit already. The unit's base ("元") may be
    typed or left out; a different base ("美元" for "亿元") is refused, except that a unit with no base
    ("万") accepts any word after the number ("3000万人"), though not "%".
    """
    quantity = parse_quantity(text)
    if quantity is None:
        return None
    exponent, base = split_unit(unit)
    if quantity.base and quantity.base != base and (base or quantity.base == "%"):
        return None
    if not quantity.scaled:
        return quantity.value
    with localcontext(NUMBER_CONTEXT):
        return tidy_decimal(quantity.value.scaleb(-exponent))


def _clean(text: str) -> str:
    text = to_simplified(unicodedata.normalize("NFKC", _drop_surrogates(text)))
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] != "C")


def _base_key(rest: str) -> str | None:
    """The unit typed after the amount, punctuation dropped; None when it holds more number ("211,9")."""
    key = "".join(ch for ch in rest.casefold() if ch == "%" or unicodedata.category(ch)[0] != "P")
    # A digit, or 万/亿 after something else ("1000多万"), would leave part of the number unread.
    if any(unicodedata.category(ch)[0] == "N" or ch in _LARGE for ch in key):
        return None
    return key


def _scan(s: str) -> tuple[list[tuple[str, Decimal | int, bool]], bool, str] | None:
    """Split `s` into amount tokens and the rest: ("num", value, is_chinese_digit) or ("mag", exponent, _)."""
    tokens: list[tuple[str, Decimal | int, bool]] = []
    scaled = False
    i = 0
    while i < len(s):
        ch = s[i]
        if match := _ARABIC.match(s, i):
            tokens.append(("num", Decimal(match[0].replace(",", "")), False))
            i = match.end()
        elif ch in _DIGITS:
            tokens.append(("num", Decimal(_DIGITS[ch]), True))
            i += 1
        elif ch in _MAGNITUDES:
            if ch in _LARGE or (tokens and tokens[-1][0] == "num" and not tokens[-1][2]):
                scaled = True
            tokens.append(("mag", _MAGNITUDES[ch], False))
            i += 1
        elif ch == "点" and i + 1 < len(s) and s[i + 1] in _FRACTION_DIGITS:
            # 三点五 / 一百二十点五: the whole part so far, then positional digits.
            j = i + 1
            while j < len(s) and s[j] in _FRACTION_DIGITS:
                j += 1
            with localcontext(NUMBER_CONTEXT):
                whole = _evaluate(tokens)
                if whole is None or whole != whole.to_integral_value():
                    return None
                fraction = Decimal("0." + "".join(str(_FRACTION_DIGITS[c]) for c in s[i + 1 : j]))
                tokens = [("num", whole + fraction, False)]
            i = j
        else:
            break
    if not tokens:
        return None
    return tokens, scaled, s[i:]


def _evaluate(tokens: list[tuple[str, Decimal | int, bool]]) -> Decimal | None:
    """Value of number and magnitude tokens, read the Chinese way: 3万5千 → 35000, 一百零八 → 108."""
    if not tokens:
        return None
    if len(tokens) > 1 and all(kind == "num" for kind, _, _ in tokens):
        # 二〇二四: digit by digit, as years are written; "3五" is nothing.
        if not all(chinese for _, _, chinese in tokens):
            return None
        return Decimal("".join(str(int(value)) for _, value, _ in tokens))
    total = section = current = Decimal(0)  # the 亿 part, the 万 part, the part below 万
    pending: Decimal | None = None  # a number not yet multiplied by a magnitude
    pending_chinese = after_zero = has_yi = has_wan = in_group = False  # in_group: tokens since 万/亿
    last_exponent: int | None = None
    small_limit = 4  # within a group, 千 百 十 come in falling order
    for index, (kind, value, chinese) in enumerate(tokens):
        if kind == "num":
            if pending is not None:
                if not (pending == 0 and pending_chinese and chinese):
                    return None
                after_zero = True  # 一百零八: 零 only marks the gap
            pending, pending_chinese, in_group = Decimal(value), chinese, True
            continue
        if value < 4:
            if value >= small_limit:
                return None
            current += (Decimal(1) if pending is None else pending).scaleb(value)
            in_group = True
        elif value == 4:
            if has_wan or not (in_group or index == 0):
                return None  # a second 万 under one 亿, or 亿万
            section = (current + (pending or 0) if in_group else Decimal(1)).scaleb(4)
            current, has_wan, in_group = Decimal(0), True, False
        else:
            if has_yi:
                return None
            total = (section + current + (pending or 0) if index else Decimal(1)).scaleb(8)
            section = current = Decimal(0)
            has_yi, has_wan, in_group = True, False, False
        pending, after_zero, last_exponent = None, False, value
        small_limit = value if value < 4 else 4
    if pending is not None and last_exponent is not None and not after_zero:
        if not pending_chinese:
            return None  # "3万5": 30005 or 35000? Refuse rather than guess.
        pending = pending.scaleb(last_exponent - 1)  # 一万五 = 15000, 三百五 = 350, 二十三 = 23
    return total + section + current + (pending or 0)
