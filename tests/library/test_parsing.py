from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.library.parsing import UnusableFile, parse_article, provisional_title

ROOT = Path(__file__).resolve().parents[2]


def parse(text: str):
    return parse_article(text.encode("utf-8"))


def test_label_block_header_gives_metadata_and_is_not_body():
    a = parse(
        "標題：测试标题\n作者：晚点团队\n發布時間：未知\n原文連結：https://example.org/a\n標籤：醫療健康, AI\n\n"
        "====\n\n第一段正文。\n第二段正文。\n"
    )
    assert (a.title, a.author, a.published_on, a.source_url) == ("测试标题", "晚点团队", None, "https://example.org/a")
    assert a.tags == ["醫療健康", "AI"]
    assert a.paragraphs == ["第一段正文。", "第二段正文。"]
    assert not a.title_is_provisional


def test_forum_line_gives_author_date_and_title_from_next_line():
    a = parse("hwyzw 发表于 2025-4-23 05:48:49\n\n论坛标题在这里\n\n    正文第一段。\n    正文第二段。\n")
    assert (a.author, a.published_on, a.title) == ("hwyzw", dt.date(2025, 4, 23), "论坛标题在这里")
    assert a.paragraphs == ["正文第一段。", "正文第二段。"]


def test_yaml_front_matter_and_source_line():
    a = parse(
        "---\ntitle: '蚂蚁向外生长'\ndate: 2024-06-18\nauthor: ByteAILab\n\n---\n\n"
        "来源： [虎嗅APP](https://example.org/x)\n\n正文。\n\n---\n\n**小标题**\n\n更多正文。\n"
    )
    assert (a.title, a.author, a.published_on) == ("蚂蚁向外生长", "ByteAILab", dt.date(2024, 6, 18))
    assert (a.publisher, a.source_url) == ("虎嗅APP", "https://example.org/x")
    assert a.paragraphs == ["正文。", "小标题", "更多正文。"]


def test_no_header_derives_a_provisional_title_from_the_first_sentence():
    a = parse("进入无人区的蚂蚁金服,希望破解两个问题。后面还有很多话。\n第二段。\n")
    assert a.title == "进入无人区的蚂蚁金服,希望破解两个问题"
    assert a.title_is_provisional
    assert a.paragraphs[0].startswith("进入无人区")


def test_long_first_sentence_is_cut_at_a_clause():
    sentence = "今年以來,支付寶的醫療健康業務,其業務動作、聲量和產品迭代的速度,讓其在醫藥健康里迅速聲名鵲起。"
    title = provisional_title([sentence])
    assert title == "今年以來,支付寶的醫療健康業務…"


@pytest.mark.parametrize(
    "footer",
    [
        "往期推荐\n继续阅读\n阅读原文",
        "题图来源：\n蚂蚁集团\n-\nFIN\n-\n\n====\n原文連結：https://example.org",
        "---\n感谢阅读！如果您对AI的更多资讯感兴趣，可以查看更多AI文章：[GPTNB](https://gptnb.com)。",
        "投资界合作伙伴虎嗅网授权发布本文,本平台只提供信息存储服务。\n页: [1]\n查看完整版本: 某标题",
        "本篇转载自:中国企业家杂志\n撰文 | 刘宇翔 | 摄影| 史小兵\n编辑 | 王芳洁\n往期推荐\n继续阅读\n阅读原文",
    ],
)
def test_page_chrome_is_stripped_and_every_sentence_kept(footer):
    a = parse(f"第一句正文。\n最后一句正文。\n{footer}\n")
    assert a.paragraphs == ["第一句正文。", "最后一句正文。"]


def test_chrome_yields_metadata_where_it_names_the_source():
    a = parse("正文。\n本篇转载自:中国企业家杂志\n撰文 | 刘宇翔 | 摄影| 史小兵\n往期推荐\n")
    assert (a.publisher, a.author) == ("中国企业家杂志", "刘宇翔")
    assert "撰文丨刘宇翔" in a.byline
    forum = parse("x 发表于 2025-1-2\n标题\n正文。\n投资界合作伙伴虎嗅网授权发布本文,本平台只提供信息存储服务。\n")
    assert forum.publisher == "虎嗅网"


def test_interview_speaker_lines_are_joined_with_their_answer():
    a = parse("晚点\n：问题是什么？\n韩歆毅\n：\n回答在这里。\n“标题的引号\n”\n")
    assert a.paragraphs == ["晚点：问题是什么？", "韩歆毅：回答在这里。", "“标题的引号”"]


def test_script_detection():
    assert parse("支付宝的医疗健康业务发展很快。\n").script == "zh-Hans"
    assert parse("支付寶的醫療健康業務發展很快。\n").script == "zh-Hant"


def test_text_cut_off_mid_sentence_is_marked_truncated():
    assert parse("完整的一句。\n目前有超150家基\n").truncated
    assert not parse("完整的一句。\n").truncated


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        ("正文".encode("gbk") + b"\xff\xfe", "not UTF-8"),
        (b"\x00\x01\x02binary", "binary"),
        ("---\ntitle: x\n正文。\n".encode(), "never closed"),
        ("---\ntitle: [unclosed\n---\n正文。\n".encode(), "not valid YAML"),
        ("往期推荐\n阅读原文\n".encode(), "no article text"),
    ],
)
def test_unusable_files_give_a_one_line_reason(raw, reason):
    with pytest.raises(UnusableFile) as excinfo:
        parse_article(raw)
    assert reason in str(excinfo.value)
    assert "\n" not in str(excinfo.value)


BOMB = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}]\n"
    for n in range(20)
)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("正文。\n" * 3000 + "\x00尾。\n", "binary, not text (a NUL byte at offset 30000)"),
        ("---\ndate: 2024-13-45\n---\n正文。\n", "'2024-13-45' is not a day of the calendar"),
        ("日期：2024-02-30\n\n正文。\n", "'2024-02-30' is not a day of the calendar"),
        ("---\ntitle: t\nextra: " + "[" * 30_000 + "]" * 30_000 + "\n---\n正文。\n", "nests deeper than 10"),
        (BOMB + "---\n正文。\n", "defines an anchor (&a) for aliases; write values out instead (line 2)"),
        ("---\ntitle: a\ntitle: b\n---\n正文。\n", "gives the key 'title' twice (line 3)"),
        ("---\ntitle: {a: 1}\n---\n正文。\n", "'title' must be text, not dict"),
        ("---\ntitle: t\nextra: " + "x" * 70_000 + "\n---\n正文。\n", "larger than 64 kB"),
        ("---\nsource: javascript:alert(1)\n---\n正文。\n", "http:// or https:// address, not 'javascript:alert(1)'"),
        ("---\nurl: 'data:text/html,<script>x</script>'\n---\n正文。\n", "not 'data:text/html"),
        ("来源：[某报](javascript:alert(1))\n正文。\n", None),  # not a link at all: kept as the publisher's name
    ],
)
def test_hostile_files_give_a_one_line_reason(raw, reason):
    if reason is None:
        assert parse_article(raw.encode()).source_url == ""
        return
    with pytest.raises(UnusableFile) as excinfo:
        parse_article(raw.encode())
    assert reason in str(excinfo.value)
    assert "\n" not in str(excinfo.value)


def test_dates_in_front_matter_are_read_as_text():
    parsed = parse_article("---\ndate: 2024-06-18\nsource: https://example.org/a\n---\n正文。\n".encode())
    assert parsed.published_on == dt.date(2024, 6, 18) and parsed.source_url == "https://example.org/a"


def test_an_alias_bomb_is_refused_within_a_memory_limit():
    """Expanded, this bomb is 9 * 4**20 items; refused at its first alias, it needs next to nothing."""
    code = (
        "import os, resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        # Its reasons are translated (the admin shows them), so Django is set up as in import_articles.
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'quizapp.settings'); import django; django.setup()\n"
        "from django.utils import translation; translation.activate('en')\n"
        "from quizapp.library.parsing import parse_article, UnusableFile\n"
        "try:\n    parse_article(sys.stdin.buffer.read())\nexcept UnusableFile as exc:\n    print(exc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], input=(BOMB + "---\n正文。\n").encode(), capture_output=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr.decode()[-500:]
    assert "defines an anchor (&a) for aliases" in result.stdout.decode()
