from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.library.normalise import normalise_text, parse_number, parse_quantity
from quizapp.library.reading import format_number
from quizapp.library.scripts import to_traditional

PROPERTY = settings(max_examples=200, deadline=None)  # OpenCC loads its dictionaries on first use

# ---------------------------------------------------------------- normalise_text: examples


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("《余额宝》", "余额宝"),
        ("支付宝。", "支付宝"),
        ("“蚂蚁”、‘集团’……", "蚂蚁集团"),
        ("阿里·巴巴——集团", "阿里巴巴集团"),
        ("韓歆毅", "韩歆毅"),
        ("一体化的医疗服务平台", "一體化的醫療服務平臺"),
        ("Ant Group", "antgroup"),
        ("ＡＮＴ　Ｇｒｏｕｐ", "Ant Group"),
        ("\tant\u00a0group\n", "Ant Group"),
        ("韩\u200b歆毅", "韩歆毅"),  # a zero-width space pasted from a web page
        ("ＮＦＣ技术", "NFC技術"),
    ],
)
def test_normalise_text_folds_what_does_not_change_the_answer(typed, accepted):
    assert normalise_text(typed) == normalise_text(accepted)


@pytest.mark.parametrize(("a", "b"), [("韩歆毅", "韩歆"), ("清华大学", "北京大学"), ("AI First", "AI Last")])
def test_normalise_text_keeps_different_answers_apart(a, b):
    assert normalise_text(a) != normalise_text(b)


def test_normalise_text_keeps_a_decimal_point_between_digits():
    assert normalise_text("211.9亿元") == normalise_text("211. 9 亿元") == normalise_text("２１１．９亿元")
    assert normalise_text("211.9亿元") != normalise_text("2119亿元")


def test_normalise_text_drops_a_point_that_is_not_a_decimal_point():
    assert normalise_text("版本2.") == normalise_text("版本2")
    assert normalise_text("1..2") == "12"


def test_normalise_text_without_script_folding_keeps_the_script():
    assert normalise_text("韓歆毅", fold_script=False) == "韓歆毅"
    assert normalise_text("《韓歆毅》", fold_script=False) == "韓歆毅"


@pytest.mark.parametrize("text", ["", "   ", "。，、", "\ud800", "a\x00b", "🙂" * 50, "\u0308"])
def test_normalise_text_never_raises_on_odd_text(text):
    assert isinstance(normalise_text(text), str)


# ---------------------------------------------------------------- normalise_text: properties

# Letters and Chinese only: a point between two digits is meaningful, so digits stay out of the texts
# that the insertion property pads with punctuation.
COMMON_SIMPLIFIED = (
    "蚂蚁集团支付宝额韩歆毅网商银行研发投入亿万元医疗健康数据服务平台开放金融科技创新用户规模展国际业务经济"
    "实现农村电子钱包区块链云计算风险管理学习问题会议报告员工资产负债总裁战略时间东西南北门马鸟鱼龙长书车"
    "见说话语言写读听广场专业后里面头条钟表湾历史众体药店来程准备复杂制造著名只有范围系统斗争谷冲突卷了解几"
)  # 干 and 余 are left out: OpenCC reads 余干 as a place name, a phrase no folding can undo
LETTERS = "abcxyzABCXYZ"
words = st.text(alphabet=COMMON_SIMPLIFIED + LETTERS, min_size=1, max_size=12)


def _is_punctuation_or_space(ch: str) -> bool:
    # Some symbols are letters in disguise under NFKC (™ → TM, ㎡ → m2); those are not padding.
    return all(c.isspace() or unicodedata.category(c)[0] in "PS" for c in unicodedata.normalize("NFKC", ch))


padding = st.characters(categories=["P", "S", "Zs"]).filter(_is_punctuation_or_space) | st.sampled_from(
    list(" \t\n\u3000、。，“”《》·—…！？：；（）")
)


@PROPERTY
@given(st.text())
def test_normalise_text_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once


@PROPERTY
@given(words, st.lists(st.tuples(st.integers(min_value=0), padding), max_size=6))
def test_normalise_text_ignores_inserted_spaces_and_punctuation(text, insertions):
    padded = text
    for position, ch in insertions:
        at = position % (len(padded) + 1)
        padded = padded[:at] + ch + padded[at:]
    assert normalise_text(padded) == normalise_text(text)


def _full_width(text: str) -> str:
    return "".join("\u3000" if ch == " " else chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


@PROPERTY
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E)))
def test_normalise_text_ignores_full_width_forms_of_ascii(text):
    assert normalise_text(_full_width(text)) == normalise_text(text)


@PROPERTY
@given(words)
def test_normalise_text_ignores_traditional_script(text):
    assert normalise_text(to_traditional(text)) == normalise_text(text)


# ---------------------------------------------------------------- parse_number: examples


@pytest.mark.parametrize(
    ("text", "unit", "number"),
    [
        ("211.9", "亿元", "211.9"),
        ("211.9亿元", "亿元", "211.9"),
        ("211.9亿", "亿元", "211.9"),
        ("211.9 亿 元", "亿元", "211.9"),
        ("２１１．９", "亿元", "211.9"),
        ("２１１．９億元", "亿元", "211.9"),
        ("2119000万元", "亿元", "211.9"),
        ("21190000万元", "亿元", "2119"),  # 万 is 10^4: 2119000万 is 211.9亿, this is ten times that
        ("约211.9亿元", "亿元", "211.9"),
        ("“211.9亿元”。", "亿元", "211.9"),
        ("1,234,567", "", "1234567"),
        ("1，234", "", "1234"),
        ("1,234.5万", "万", "1234.5"),
        ("-3.5", "", "-3.5"),
        ("−3.5", "", "-3.5"),
        ("负五", "", "-5"),
        (".5", "", "0.5"),
        ("12%", "%", "12"),
        ("12％", "%", "12"),
        ("百分之十四", "%", "14"),
        ("14", "%", "14"),
        ("十", "", "10"),
        ("十五", "", "15"),
        ("二十三", "", "23"),
        ("两千", "", "2000"),
        ("三点五", "", "3.5"),
        ("零点五", "", "0.5"),
        ("十二点五万", "万", "12.5"),
        ("一百零八", "", "108"),
        ("一千零五十", "", "1050"),
        ("一万五", "", "15000"),
        ("三百五", "", "350"),
        ("3千", "", "3000"),
        ("3万5千", "", "35000"),
        ("1.5万亿", "亿", "15000"),
        ("一亿二千万", "", "120000000"),
        ("二〇二四年", "年", "2024"),
        ("超过1000家", "家", "1000"),
        ("近5000万", "万", "5000"),
        ("3000", "万", "3000"),  # a bare number is in the question's unit
        ("三千", "万", "3000"),  # so is one in Chinese numerals without 万 or 亿
        ("三千万", "万", "3000"),
        ("3000万人", "万", "3000"),  # the unit names no base, so any word may follow
        ("12億人", "億人", "12"),
        ("12亿", "億人", "12"),
        ("兩千萬", "万", "2000"),
        ("5元/股", "元/股", "5"),
        ("1500亿美元", "亿美元", "1500"),
    ],
)
def test_parse_number_reads(text, unit, number):
    assert parse_number(text, unit) == Decimal(number)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("211,9", "亿元"),  # a decimal comma, or a bad thousands group: not guessed at
        ("1,5", ""),
        ("1,2345", ""),
        ("1,234,5", ""),
        ("211.9亿美元", "亿元"),  # a different base
        ("150万人", "万人次"),
        ("14%", ""),
        ("14%", "年"),
        ("百分之十四元", "%"),
        ("3万5", ""),  # 30005 or 35000?
        ("1000多万", "万"),
        ("3点5", ""),
        ("三5", ""),
        ("五十百", ""),
        ("亿万", ""),
        ("", ""),
        ("   ", "亿元"),
        ("元", "亿元"),
        ("NaN", ""),
        ("Infinity", ""),
        ("inf", ""),
        ("1e5", ""),
        ("1_000", ""),
        ("١٢٣", ""),  # Arabic-Indic digits would pass Decimal(), not a learner's keyboard here
        ("不知道", ""),
        ("1" * 101, ""),
    ],
)
def test_parse_number_refuses(text, unit):
    assert parse_number(text, unit) is None


def test_parse_quantity_keeps_the_typed_base_and_the_value_in_ones():
    quantity = parse_quantity("約 211.9 億元")
    assert (quantity.value, quantity.base, quantity.scaled) == (Decimal("21190000000"), "元", True)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("211.900000"), "亿元", "211.9亿元"),
        (Decimal("2E+3"), "年", "2000年"),
        (Decimal("14.000000"), "%", "14%"),
        (Decimal("-0.000"), "", "0"),
        (Decimal("0.000001"), "", "0.000001"),
        (Decimal("1234567.5"), " 万 ", "1234567.5万"),
        (Decimal("3.50"), "km", "3.5 km"),
        (Decimal("1E+30"), "", "1" + "0" * 30),
    ],
)
def test_format_number_writes_without_trailing_zeros(value, unit, text):
    assert format_number(value, unit) == text


# ---------------------------------------------------------------- parse_number: properties

UNITS = ["", "亿元", "万", "%", "年", "万人次", "億人", "亿美元"]
decimals = st.builds(
    lambda n, places: Decimal(n).scaleb(-places),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.integers(min_value=0, max_value=6),
)
FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


@PROPERTY
@given(decimals, st.sampled_from(UNITS), st.booleans(), st.booleans(), st.booleans())
def test_parse_number_reads_back_what_is_written(x, unit, thousands, full_width, with_unit):
    text = format(x, ",f" if thousands else "f")
    if full_width:
        text = text.translate(FULL_WIDTH)
    if with_unit:
        text += unit
    assert parse_number(text, unit) == x


@PROPERTY
@given(decimals, st.sampled_from(UNITS))
def test_parse_number_reads_format_number(x, unit):
    assert parse_number(format_number(x, unit), unit) == x


@PROPERTY
@given(decimals)
def test_parse_number_converts_between_magnitudes(x):
    assert parse_number(f"{x:f}万", "亿") == x.scaleb(-4)
    assert parse_number(f"{x:f}亿元", "万元") == x.scaleb(4)
    assert parse_number(f"{x:f}万亿", "亿") == x.scaleb(4)


DIGITS = "零一二三四五六七八九"


def _below_ten_thousand(n: int) -> str:
    out, gap = "", False
    for exponent, unit in ((3, "千"), (2, "百"), (1, "十"), (0, "")):
        digit = n // 10**exponent % 10
        if digit:
            out += ("零" if gap and out else "") + DIGITS[digit] + unit
            gap = False
        else:
            gap = True
    return out


def _chinese(n: int) -> str:
    """n in Chinese numerals, the formal way (一万零五, 一亿零五千)."""
    if n == 0:
        return "零"
    yi, wan, rest = n // 10**8, n // 10**4 % 10**4, n % 10**4
    out = _chinese(yi) + "亿" if yi else ""
    if wan:
        out += ("零" if out and wan < 1000 else "") + _below_ten_thousand(wan) + "万"
    if rest:
        out += ("零" if out and (rest < 1000 or not wan) else "") + _below_ten_thousand(rest)
    return out


@PROPERTY
@given(st.integers(min_value=0, max_value=10**16 - 1) | st.integers(min_value=0, max_value=100_000))
def test_parse_number_reads_chinese_numerals(n):
    assert parse_number(_chinese(n)) == n


def test_chinese_numeral_helper_spells_as_people_write():
    # The property above is only as good as this speller.
    assert [_chinese(n) for n in (10, 108, 1050, 20003, 100005000, 10**12)] == [
        "一十",
        "一百零八",
        "一千零五十",
        "二万零三",
        "一亿零五千",
        "一万亿",
    ]


NUMBERISH = "0123456789,.，．０１+-−%％ 约近超过点零〇一二两三四五六七八九十百千万亿萬億元人年美"


@PROPERTY
@given(st.text() | st.text(alphabet=NUMBERISH, max_size=20), st.sampled_from(UNITS) | st.text(max_size=5))
def test_parse_number_never_raises(text, unit):
    result = parse_number(text, unit)
    assert result is None or result.is_finite()
