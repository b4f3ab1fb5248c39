"""Every admin page an author or editor reaches, rendered in zh-Hans, holds no English app string.

The catalogue is the judge, not a hand list: a msgid of the project's .po that shows up verbatim in a
page was not translated there, and an English phrase of the page that no catalogue knows was never
wrapped in gettext at all.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from quizapp.decks.models import Deck
from quizapp.library.models import Article, Choice, Fact, Question, QuestionType
from quizapp.quizzes.models import Quiz
from tests.factories import curated, make_fact, make_one_of_each_type, make_picked_deck

PO = Path(settings.BASE_DIR) / "locale/zh_Hans/LC_MESSAGES/django.po"
# Words that stay English in a Chinese page: names of formats and products, and the fixtures' own data.
KEPT = {"anki", "apkg", "zip", "csv", "xlsx", "gift", "moodle", "xml", "url", "uuid", "html", "markdown", "json"}
KEPT |= {"erin", "alice", "quizapp", "fsrs", "id", "txt", "pdf", "ok", "md", "sha", "api", "ctrl", "shift", "enter"}
KEPT |= {"utf", "yaml", "excel", "control", "command", "mac", "django"}
WORD = re.compile(r"(?<![\w.])[A-Za-z][A-Za-z'’-]{2,}(?![\w.])")  # not inside identifiers or file names
# Ids a page shows (UUIDs, their short forms): random hex, which now and then spells "eff" or "bbca".
HEX_ID = re.compile(r"(?<![\w-])[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}(?![\w-])|^[0-9a-f-]+$")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def read_catalogue(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (plural forms keyed by their singular; msgstr[0] stands for all)."""
    entries: dict[str, str] = {}
    msgid = msgstr = None
    field = None
    fuzzy = False
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, msgstr, field = _unquote(line[6:]), None, "id"
        elif line.startswith("msgid_plural"):
            field = "plural"
        elif line.startswith(("msgstr ", "msgstr[0]")):
            msgstr, field = _unquote(line.split(" ", 1)[1]), "str"
        elif line.startswith("msgstr["):
            field = "other"
        elif line.startswith('"') and field in ("id", "str"):
            if field == "id":
                msgid += _unquote(line)
            else:
                msgstr += _unquote(line)
        elif not line.strip() and msgid:
            entries[msgid] = "" if fuzzy else (msgstr or "")
            msgid = msgstr = field = None
            fuzzy = False
    return entries


def _unquote(quoted: str) -> str:
    return quoted.strip()[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


class VisibleText(HTMLParser):
    """The text a reader sees: text nodes and the attributes that show (title, placeholder, labels)."""

    SHOWN_ATTRS = {"title", "placeholder", "aria-label", "alt", "value"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        attrs = dict(attrs)
        if tag == "img" and attrs.get("alt") in ("True", "False", "None", "Search"):
            attrs.pop("alt")  # Django's icons: their alt text is fixed in Django's code, not translatable
        for name in self.SHOWN_ATTRS & attrs.keys():
            if name != "value" or attrs.get("type") in ("submit", "button"):
                self.parts.append(attrs[name] or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


def untranslated(html: str, catalogue: dict[str, str], data: set[str]) -> list[str]:
    texts = visible_text(html)
    for value in sorted(data, key=len, reverse=True):  # the records' own words are not the interface's
        whole = re.compile(rf"(?<![\w-]){re.escape(value)}(?![\w-])")
        texts = [whole.sub(" ", t) for t in texts]
    texts = [HEX_ID.sub(" ", t.strip()) for t in texts]
    page = "\n".join(texts)
    found = []
    for msgid in catalogue:
        literal = max(PLACEHOLDER.split(msgid), key=len).strip()
        if len(WORD.findall(literal)) >= 2 and literal in page:
            found.append(f"catalogue msgid shown in English: {msgid!r}")
    for text in texts:
        words = [w for w in WORD.findall(text) if w.lower() not in KEPT]
        if words:
            found.append(f"English never translated: {text!r}")
    return sorted(set(found))


@pytest.fixture
def catalogue() -> dict[str, str]:
    return read_catalogue(PO)


def test_catalogue_has_a_translation_for_every_msgid(catalogue):
    missing = [msgid for msgid, msgstr in catalogue.items() if msgid and not msgstr]
    assert missing == []


def test_catalogue_reader_finds_empty_and_fuzzy_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "Save it"\nmsgstr "保存"\n\nmsgid "Open it"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Close it"\nmsgstr "关"\n\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "一"\n',
        encoding="utf-8",
    )
    assert read_catalogue(po) == {"Save it": "保存", "Open it": "", "Close it": "", "one": "一"}


def test_detector_catches_a_catalogue_string_and_an_unwrapped_one():
    html = "<p>选择</p><p>Send selected drafts to review</p><button title='Press here now'>按</button>"
    found = untranslated(html, {"Send selected drafts to review": "送审"}, set())
    assert any("catalogue msgid" in f for f in found)
    assert any("Press here now" in f for f in found)
    assert untranslated("<p>选择 Anki</p><script>var x = 'hello world';</script>", {}, set()) == []


def editor_pages(editor_client) -> list[str]:
    """Every admin page an editor reaches, on a small library holding one of each thing."""
    questions = make_one_of_each_type(make_fact(restatement="研发投入"))
    fact = questions[0].fact
    choice = Choice.objects.filter(question__type=QuestionType.SINGLE_CHOICE).first()
    decks = [make_picked_deck(questions), Deck.objects.get(article=fact.article)]  # hand-picked and automatic
    quiz = curated(questions)
    urls = ["/admin/", "/admin/library/", "/admin/import/", "/admin/library/article/add/"]
    for model in ("article", "fact", "question", "tag"):
        urls += [reverse(f"admin:library_{model}_changelist"), reverse(f"admin:library_{model}_add")]
    urls.remove("/admin/library/article/add/")  # listed once above
    urls += [reverse("admin:decks_deck_changelist"), reverse("admin:quizzes_quiz_changelist")]
    urls += [reverse("admin:quizzes_quiz_add")]
    urls += [
        reverse("admin:library_article_change", args=[fact.article_id]),
        reverse("admin:library_fact_change", args=[fact.pk]),
        *(reverse("admin:decks_deck_change", args=[deck.pk]) for deck in decks),
        reverse("admin:quizzes_quiz_change", args=[quiz.pk]),
        reverse("admin:library_article_history", args=[fact.article_id]),
    ]
    urls += [reverse("admin:library_question_change", args=[q.pk]) for q in questions]
    urls += [reverse("admin:library_question_history", args=[choice.question_id])]
    return urls


@pytest.fixture
def editor_client(client, editor, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(editor)
    return client


def test_every_admin_page_an_editor_reaches_is_chinese(editor_client, catalogue):
    urls = editor_pages(editor_client)
    data = {"Curated", *(str(v) for m in (Question, Fact, Article) for v in m.objects.values_list("uuid", flat=True))}
    data |= set(Article.objects.values_list("source_file", flat=True))
    data |= {*Deck.objects.values_list("slug", flat=True), *Quiz.objects.values_list("slug", flat=True)}
    problems = {}
    for url in urls:
        response = editor_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        found = untranslated(response.content.decode(), catalogue, data)
        if response.status_code != 200:
            found.append(f"status {response.status_code}")
        if found:
            problems[url] = found
    assert problems == {}


def question_post(question, **changes) -> dict:
    """The change form of `question` as the browser would send it, with `changes` applied."""
    data = {
        "fact": question.fact_id, "type": question.type, "status": question.status, "difficulty": question.difficulty,
        "prompt": question.prompt, "explanation": question.explanation, "numeric_tolerance": "0",
    }  # fmt: skip
    choices = list(question.choices.all())
    data |= {"choices-TOTAL_FORMS": len(choices), "choices-INITIAL_FORMS": len(choices), "choices-MIN_NUM_FORMS": 0}
    data |= {"choices-MAX_NUM_FORMS": 1000}
    for i, c in enumerate(choices):
        data |= {f"choices-{i}-id": c.pk, f"choices-{i}-question": question.pk, f"choices-{i}-order": c.order}
        data |= {f"choices-{i}-text": c.text, f"choices-{i}-is_correct": "on" if c.is_correct else ""}
    return data | changes


def test_a_refused_question_form_is_chinese(editor_client, catalogue):
    question = make_one_of_each_type()[0]
    url = reverse("admin:library_question_change", args=[question.pk])
    response = editor_client.post(url, question_post(question, type=QuestionType.CLOZE, prompt="没有挖空"))
    assert response.status_code == 200  # refused, shown again with its errors
    assert untranslated(response.content.decode(), catalogue, set()) == []
