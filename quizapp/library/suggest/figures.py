"""Figures as a reader understands them: a number with its magnitude (万/亿, 萬/億) and its measure
word or unit, ranges (10-15人, 20%-30%), full dates and dates without a year, each of one kind —
year, date, duration, age, count, money, share, multiple — so that a year is never offered in
place of a duration, nor people in place of yuan.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

YEAR, DATE, DURATION, AGE, COUNT, MONEY, SHARE, MULTIPLE = (
    "year", "date", "duration", "age", "count", "money", "share", "multiple",
)  # fmt: skip

_MAGNITUDES = {"万亿": 12, "萬億": 12, "亿": 8, "億": 8, "万": 4, "萬": 4, "千": 3}
# Chinese numerals only as far as durations and small counts need them (十年, 两个月, 三家).
_SMALL_NUMERALS = {
    "一": 1,
    "两": 2,
    "兩": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
# unit as written → (kind, base): the base says what is counted, so 人 and 人次 stay apart.
_UNITS = {
    **dict.fromkeys(["元", "块", "人民币", "元人民币"], (MONEY, "CNY")),
    **dict.fromkeys(["美元", "美金"], (MONEY, "USD")),
    **dict.fromkeys(["港元", "港币", "港幣"], (MONEY, "HKD")),
    **dict.fromkeys(["%", "％"], (SHARE, "%")),
    **dict.fromkeys(["个百分点", "個百分點"], (SHARE, "pt")),
    "倍": (MULTIPLE, "倍"),
    **dict.fromkeys(["个月", "個月"], (DURATION, "月")),
    **{u: (DURATION, u) for u in ("年", "天", "周", "小时", "分钟", "秒")},
    **{"週": (DURATION, "周"), "小時": (DURATION, "小时"), "分鐘": (DURATION, "分钟")},
    **dict.fromkeys(["岁", "歲"], (AGE, "岁")),
}
_COUNTERS = (  # noqa: SIM905 - a list of words reads better as one string
    "人次 人 名 位 家 个 個 辆 輛 棵 种 種 项 項 款 座 城 次 件 台 部 所 条 條 "
    "张 張 只 笔 筆 单 單 份 例 户 戶 场 場 届 屆 批 "
    "亩 畝 吨 噸 公里 平方米 篇 本 页 頁 所 间 間 枚 套 轮 輪 期 级 級 层 層 类 類"
).split()
_NOUNS = "用户 用戶 会员 會員 商家 企业 企業 员工 員工 医生 醫生 患者 居民 网友 網友".split()  # noqa: SIM905
_UNITS.update({c: (COUNT, c) for c in _COUNTERS + _NOUNS if c not in _UNITS})
_UNIT_RE = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_MAG_RE = "|".join(sorted(_MAGNITUDES, key=len, reverse=True))
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ZH = "[两兩二三四五六七八九十]"  # not 一: 一年后, 一家独大 are idioms more than figures
_APPROX_BEFORE = ("约", "約", "近", "超过", "超過", "逾", "将近", "將近", "接近", "大约", "大約", "至少")

FIGURE = re.compile(
    rf"(?<![\d.,])(?P<num>{_NUM})(?:\s*(?P<sep>[-~～至到—–])\s*(?P<hi>{_NUM}))?\s*(?P<mag>{_MAG_RE})?"
    rf"\s*(?P<unit>{_UNIT_RE})?(?:\s*[-~～至到—–]\s*(?P<hi2>{_NUM})\s*(?P=unit))?"
    rf"|(?<![一两兩二三四五六七八九十百千万亿第])(?P<zh>{_ZH})(?P<zhunit>年|个月|個月|天|家|倍|位|名)(?![后後前内內来來间間多])"
)
DATES = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)\s*年(?:\s*(?P<month>1[0-2]|0?[1-9])\s*月(?:\s*(?P<day>[12]\d|3[01]|0?[1-9])\s*[日号號])?)?"
    r"|(?<![\d年])(?P<m>1[0-2]|0?[1-9])\s*月\s*(?P<d>[12]\d|3[01]|0?[1-9])\s*[日号號]"
)


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    text: str
    kind: str
    base: str  # what is counted: "CNY", "%", "人", "月"; for dates their precision ("ym", "md")
    value: Decimal  # the number as written (211.9 of 211.9亿元); for a date, its year (0 if none)
    unit: str  # magnitude and unit as written ("亿元"); "" for dates
    scale: int = 0  # the magnitude's power of ten
    high: Decimal | None = None  # the upper end of a range, as written
    month: int = 0
    day: int = 0
    approximate: bool = False

    @property
    def amount(self) -> Decimal:
        """The value in ones (3000亿 → 3×10¹¹): what magnitudes are compared on."""
        return self.value.scaleb(self.scale)

    @property
    def is_range(self) -> bool:
        return self.high is not None

    @property
    def number_text(self) -> str:
        return self.text[: len(self.text) - len(self.unit)].strip() if self.unit else self.text

    def same_kind(self, other: Figure) -> bool:
        return (self.kind, self.base, self.is_range) == (other.kind, other.base, other.is_range)

    def near(self, other: Figure) -> bool:
        """Of the same magnitude: within a factor of ten (years within 30 of each other)."""
        if self.kind in (YEAR, DATE):
            return abs(self.value - other.value) <= 30
        a, b = self.amount, other.amount
        if a <= 0 or b <= 0:
            return False
        return abs(math.log10(float(a)) - math.log10(float(b))) <= 1

    def possible(self, latest: tuple[int, int, int] | None) -> bool:
        """Could this be stated of the world at all: no share above 100%, no reversed range, no date
        after the article (`latest`: its date as (year, month, day), unknown parts as high as may be)."""
        if self.kind == SHARE and self.base == "%" and max(self.value, self.high or 0) > 100:
            return False
        if self.high is not None and self.high <= self.value:
            return False
        if self.kind in (YEAR, DATE) and latest and self.value:
            return (int(self.value), self.month or 1, self.day or 1) <= latest
        return True


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def dates(text: str) -> list[Figure]:
    found = []
    for m in DATES.finditer(text):
        if m["year"]:
            kind, base = (DATE, "ymd" if m["day"] else "ym") if m["month"] else (YEAR, "")
            year, month, day = int(m["year"]), int(m["month"] or 0), int(m["day"] or 0)
        else:
            kind, base, year, month, day = DATE, "md", 0, int(m["m"]), int(m["d"])
        if kind == YEAR and text[m.end() : m.end() + 1] in ("代", "级", "級"):
            continue  # 2000年代, not a year
        found.append(Figure(m.start(), m.end(), m[0], kind, base, Decimal(year), "", month=month, day=day))
    return found


def figures(text: str) -> list[Figure]:
    """Every figure in `text`, dates included, in order; a bare number with no unit is left out."""
    found = dates(text)
    taken = [(f.start, f.end) for f in found]
    for m in FIGURE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        figure = _figure(text, m)
        if figure:
            found.append(figure)
    return sorted(found, key=lambda f: f.start)


def _figure(text: str, m: re.Match) -> Figure | None:
    approximate = text[: m.start()].rstrip().endswith(_APPROX_BEFORE) or text[m.end() : m.end() + 1] in (
        "多",
        "余",
        "餘",
    )
    if m["zh"]:
        unit = m["zhunit"]
        kind, base = _UNITS.get(unit, (COUNT, unit))
        return Figure(m.start(), m.end(), m[0], kind, base, Decimal(_SMALL_NUMERALS[m["zh"]]), unit)
    mag, unit = m["mag"] or "", m["unit"] or ""
    if not mag and not unit:
        return None
    kind, base = _UNITS[unit] if unit else (COUNT, "")
    value = _number(m["num"])
    high = _number(m["hi"] or m["hi2"]) if (m["hi"] or m["hi2"]) else None
    if kind == DURATION and unit == "年" and 1900 <= value <= 2100:
        return None  # a year the date pattern did not take (2023年度 is taken there)
    end = m.end()
    text_ = text[m.start() : end].rstrip()
    return Figure(
        m.start(), m.start() + len(text_), text_, kind, base, value, mag + unit,
        scale=_MAGNITUDES.get(mag, 0), high=high, approximate=approximate,
    )  # fmt: skip


def latest_date(published: tuple[int, int, int] | None, body: str) -> tuple[int, int, int] | None:
    """The article's date, or when it has none, the latest year it mentions (to its year's end)."""
    if published:
        return published
    # Targets ("到2030年") are years too; a date after today cannot be the article's.
    years = [int(f.value) for f in dates(body) if f.value and f.value <= date.today().year]
    return (max(years), 12, 31) if years else None
