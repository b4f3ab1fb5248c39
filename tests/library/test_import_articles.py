from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import pytest
from django.core.management import CommandError, call_command

from quizapp.library.models import Article, Paragraph

SEED_META = {
    "000_1a6226931bc3619a.txt": {
        "title": "独家专访蚂蚁 CEO 韩歆毅：我们已重回战场，阿福是下一个十年",
        "author": "晚点团队",
        "published_on": None,
        "source_url_prefix": "https://mp.weixin.qq.com/s?__biz=MzU3Mjk1OTQ0Ng==&mid=2247532279",
        "tags": ["醫療健康"],
        "script": "zh-Hans",
    },
    "001_2776af07188c1cfc.txt": {
        "title": "抖音和快手那个先研发,韩歆毅接任蚂蚁集团CEO,AI战略调整引发高层变动",
        "author": "hwyzw",
        "published_on": dt.date(2025, 4, 23),
        "source_url_prefix": "",
        "tags": [],
        "script": "zh-Hans",
    },
    "002_aec1c1457b9d3803.txt": {
        "title": "蚂蚁向外生长",
        "author": "ByteAILab",
        "published_on": dt.date(2024, 6, 18),
        "source_url_prefix": "https://mp.weixin.qq.com/s/ky1pXxPJ6jLdLaBUexK6fA",
        "tags": [],
        "script": "zh-Hans",
    },
    "003_17b458d034213ccd.txt": {
        "title": "进入无人区的蚂蚁金服,希望破解两个问题,持续创新和企业的边界",
        "author": "刘宇翔",
        "published_on": None,
        "source_url_prefix": "",
        "tags": [],
        "script": "zh-Hans",
    },
    "004_16e9d79e391e2d81.txt": {
        "title": "今年以來,支付寶的醫療健康業務…",
        "author": "",
        "published_on": None,
        "source_url_prefix": "",
        "tags": [],
        "script": "zh-Hant",
    },
}

# Header lines and page chrome seen in the seed files; none may survive into a body.
CHROME = re.compile(
    r"標題：|作者：|發布時間|原文連結|標籤：|发表于|^={3,}|^-$|^FIN$|题图来源|往期推荐|继续阅读|阅读原文|"
    r"感谢阅读|GPTNB|本平台只提供信息存储服务|^页: \[1\]|查看完整版本|本篇转载自|^来源：|^\*\*|^---$|^title:",
    re.MULTILINE,
)


def run(*paths) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_all_seeds_import_with_their_metadata(imported):
    assert set(imported) == set(SEED_META)
    for name, meta in SEED_META.items():
        article = imported[name]
        assert article.title == meta["title"]
        assert article.author == meta["author"]
        assert article.published_on == meta["published_on"]
        assert article.source_url.startswith(meta["source_url_prefix"])
        assert bool(article.source_url) == bool(meta["source_url_prefix"])
        assert [t.name for t in article.tags.all()] == meta["tags"]
        assert article.script == meta["script"], name


def test_no_header_or_chrome_remains_in_any_body(imported):
    for article in imported.values():
        assert not CHROME.search(article.body), (article.source_file, CHROME.search(article.body)[0])


def test_every_article_sentence_is_kept(imported):
    # First and last real sentences of each seed, as the file has them.
    kept = {
        "000_1a6226931bc3619a.txt": ["2025 年底，AI 应用灵光推出", "也有可能是蚂蚁的下一个 102 年。"],
        "001_2776af07188c1cfc.txt": ["3月1日,韩歆毅正式接任蚂蚁集团CEO一职。", "而这,正是韩歆毅与蚂蚁集团的持久战。"],
        "002_aec1c1457b9d3803.txt": ["6月13日，蚂蚁集团发布了2023年度的可持续发展报告", "目前有超150家基"],
        "003_17b458d034213ccd.txt": ["进入无人区的蚂蚁金服", "友好的,非攻击性的,甚至是自我约束的。"],
        "004_16e9d79e391e2d81.txt": ["今年以來,支付寶的醫療健康業務", "這些都將成為影響支付寶醫療業務成敗的重要因素。"],
    }
    for name, sentences in kept.items():
        for sentence in sentences:
            assert sentence in imported[name].body


def test_paragraphs_have_offsets_into_the_body(imported):
    article = imported["002_aec1c1457b9d3803.txt"]
    paragraphs = list(article.paragraphs.all())
    assert [p.number for p in paragraphs] == list(range(1, len(paragraphs) + 1))
    for p in paragraphs:
        assert article.body[p.start : p.end] == p.text
    assert article.truncated  # the seed stops mid-sentence


def test_second_run_changes_nothing(imported, seeds_dir):
    before = {a.pk: (a.updated_at, a.body) for a in Article.objects.all()}
    paragraphs = list(Paragraph.objects.values_list("pk", flat=True))
    out, _ = run(seeds_dir)
    assert [line.split()[0] for line in out.splitlines()[:5]] == ["unchanged"] * 5
    assert "5 file(s): 0 created, 0 updated, 5 unchanged, 0 failed" in out
    assert {a.pk: (a.updated_at, a.body) for a in Article.objects.all()} == before
    assert list(Paragraph.objects.values_list("pk", flat=True)) == paragraphs


def test_changed_file_updates_the_body_and_says_so(db, tmp_path, seeds_dir):
    path = tmp_path / "002_aec1c1457b9d3803.txt"
    shutil.copy(seeds_dir / path.name, path)
    run(path)
    path.write_text(path.read_text(encoding="utf-8").replace("211.9亿元", "212亿元"), encoding="utf-8")
    out, _ = run(path)
    assert "updated" in out and "body changed" in out
    assert "212亿元" in Article.objects.get().body


def test_title_edited_in_admin_survives_reimport(imported, admin_client, tmp_path, seeds_dir):
    article = imported["000_1a6226931bc3619a.txt"]
    url = f"/admin/library/article/{article.pk}/change/"
    form = {
        "title": "韩歆毅专访（编辑改过的标题）",
        "author": article.author,
        "byline": article.byline,
        "publisher": "晚点LatePost",
        "published_on": "",
        "source_url": article.source_url,
        "tags": [t.pk for t in article.tags.all()],
    }
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert set(article.edited_fields) >= {"title", "publisher"}

    path = tmp_path / article.source_file
    shutil.copy(seeds_dir / article.source_file, path)
    # A copy outside seeds/ is this article only by its id (the file name alone would be refused).
    text = path.read_text(encoding="utf-8") + "\n补充的一段正文。\n"
    path.write_text(f"---\nid: {article.uuid}\n---\n{text}", encoding="utf-8")
    out, _ = run(path)
    assert "updated" in out
    article.refresh_from_db()
    assert article.title == "韩歆毅专访（编辑改过的标题）"
    assert article.publisher == "晚点LatePost"
    assert article.body.endswith("补充的一段正文。")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        ("测试".encode("gbk"), "not UTF-8"),
        (b"\x00\x00PK binary", "binary"),
        ("往期推荐\n阅读原文\n".encode(), "no article text"),
    ],
)
def test_bad_file_fails_with_reason_and_good_file_still_imports(db, tmp_path, seeds_dir, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "002_aec1c1457b9d3803.txt"
    shutil.copy(seeds_dir / good.name, good)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(bad), str(good), stdout=out, stderr=err)
    failed = [line for line in err.getvalue().splitlines() if line.startswith("failed")]
    assert len(failed) == 1 and "bad.txt" in failed[0] and reason in failed[0]
    assert "1 created" in out.getvalue() and "1 failed" in out.getvalue()
    assert list(Article.objects.values_list("source_file", flat=True)) == ["002_aec1c1457b9d3803.txt"]


def test_empty_folder_and_missing_path_fail_and_write_nothing(db, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(empty), str(tmp_path / "nope.txt"), stdout=io.StringIO(), stderr=err)
    assert "holds no article files" in err.getvalue()
    assert "no such file or folder" in err.getvalue()
    assert Article.objects.count() == 0


def _import(*paths) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


HOSTILE = {
    "a-nul.txt": ("正文。\n" * 3000 + "\x00").encode(),
    "b-title.md": ("---\ntitle: " + "长" * 400 + "\n---\n正文。\n").encode(),
    "c-date.md": b"---\ndate: 2024-13-45\n---\nbody.\n",
    "d-deep.md": ("---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\nbody.\n").encode(),
    "e-alias.md": b"---\na: &a [1, 2]\nb: [*a, *a]\n---\nbody.\n",
    "f-url.md": b"---\nsource: javascript:alert(document.cookie)\n---\nbody.\n",
    "g-nul-escape.md": b'---\ntitle: "a\\0b"\n---\nbody.\n',
    "h-surrogate.md": b'---\nauthor: "\\ud800"\n---\nbody.\n',
}


def test_a_folder_of_hostile_files_fails_each_with_a_reason_and_imports_the_rest(db, tmp_path, seeds_dir):
    for name, content in HOSTILE.items():
        (tmp_path / name).write_bytes(content)
    shutil.copy(seeds_dir / "002_aec1c1457b9d3803.txt", tmp_path / "z-good.txt")  # sorted after every bad one
    out, err = _import(tmp_path)
    failed = {line.split()[1].rsplit("/", 1)[-1]: line for line in err.splitlines() if line.startswith("failed")}
    assert set(failed) == set(HOSTILE), err
    assert "title is 400 characters long; at most 300 fit" in failed["b-title.md"]
    assert "'2024-13-45' is not a day of the calendar" in failed["c-date.md"]
    assert "nests deeper" in failed["d-deep.md"] and "alias" in failed["e-alias.md"]
    assert "http:// or https://" in failed["f-url.md"] and "NUL character" in failed["g-nul-escape.md"]
    assert "surrogate" in failed["h-surrogate.md"] and "NUL byte" in failed["a-nul.txt"]
    assert f"{len(HOSTILE) + 1} file(s): 1 created, 0 updated, 0 unchanged, {len(HOSTILE)} failed" in out
    assert list(Article.objects.values_list("source_file", flat=True)) == ["z-good.txt"]


def test_two_files_of_one_name_in_different_folders_do_not_overwrite_each_other(db, tmp_path, seeds_dir):
    for folder, seed in (("one", "002_aec1c1457b9d3803.txt"), ("two", "003_17b458d034213ccd.txt")):
        (tmp_path / folder).mkdir()
        shutil.copy(seeds_dir / seed, tmp_path / folder / "article.txt")
    out, err = _import(tmp_path / "one", tmp_path / "two")
    assert f"article.txt is also the name of {tmp_path / 'two' / 'article.txt'}" in err
    assert f"article.txt is also the name of {tmp_path / 'one' / 'article.txt'}" in err
    assert "2 failed" in out and not Article.objects.exists()
