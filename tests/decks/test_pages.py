from __future__ import annotations

import io
import zipfile

from quizapp.decks.models import Deck, DeckKind
from quizapp.library.models import Question, QuestionType
from quizapp.paging import PER_PAGE
from tests.factories import make_question, shipped_published_counts

ARTICLE_FILE = "002_aec1c1457b9d3803.txt"
ARTICLE_SLUG = "article-002_aec1c1457b9d3803"


def test_deck_list_shows_every_deck_with_counts_and_links(client, bank):
    html = client.get("/decks/").content.decode()
    for deck in Deck.objects.all():
        assert deck.name in html
        assert f'href="/decks/{deck.slug}/anki.apkg"' in html
        assert f'href="/study/{deck.slug}/"' in html
    shipped = shipped_published_counts()
    assert f"{sum(shipped.values())} questions" in html and f"{shipped[ARTICLE_FILE]} questions" in html
    assert html.index("全部题目") < html.index("蚂蚁向外生长")  # the deck of everything comes first


def test_deck_list_query_count_does_not_grow_with_decks(client, bank, django_assert_num_queries):
    # The decks are counted for the page links and a page of them is read with their articles, tags and
    # the library's version. Their question counts come from the cache under that version: after a change
    # of the library, each kind of deck is counted once, every deck of it in one statement, when a page
    # first shows that kind (here 全部题目 by type, then the article decks); never per deck or per page.
    with django_assert_num_queries(4):
        client.get("/decks/")
    with django_assert_num_queries(2):
        client.get("/decks/")
    for n in range(5):
        Deck.objects.create(kind=DeckKind.PICKED, name=f"精选{n}", slug=f"picked-{n}")
    with django_assert_num_queries(3):  # the first page to show hand-picked decks counts all of them
        client.get("/decks/")
    with django_assert_num_queries(2):
        client.get("/decks/")
    for n in range(5, 40):
        Deck.objects.create(kind=DeckKind.PICKED, name=f"精选{n}", slug=f"picked-{n}")
    pages = []
    for number in (1, 2, 3):
        with django_assert_num_queries(2):  # page 1 holds three kinds of deck, pages 2 and 3 one
            pages.append(client.get("/decks/", {"page": number}, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert [html.count('class="card deck-card"') for html in pages] == [PER_PAGE, PER_PAGE, 46 - 2 * PER_PAGE]
    assert "".join(pages).count("精选") == 40 and "Page 2 of 3" in pages[1]
    assert 'href="?page=3"' in pages[1] and 'href="?page=1"' in pages[1] and 'href="?page=4"' not in pages[2]


def test_deck_list_empty_state_explains_how_to_make_decks(client, db):
    Deck.objects.all().delete()
    html = client.get("/decks/").content.decode()
    assert "There are no decks yet" in html and "ensure_decks" in html


def test_deck_without_questions_offers_no_download(client, db):
    html = client.get("/decks/").content.decode()
    assert "No published questions in this deck yet." in html and "anki.apkg" not in html
    html = client.get("/decks/all/").content.decode()
    assert "This deck has no published questions yet." in html


def test_deck_detail_shows_counts_by_type_and_the_first_questions(client, bank):
    response = client.get(f"/decks/{ARTICLE_SLUG}/")
    html = response.content.decode()
    deck = Deck.objects.get(slug=ARTICLE_SLUG)
    published = shipped_published_counts()[ARTICLE_FILE]
    assert published > 25 and f"{published} published questions" in html
    assert "single choice" in html and "cloze" in html
    assert html.count('class="card deck-question"') == 25
    assert f"More questions (25 of {published} shown)" in html and 'hx-get="?page=2"' in html
    first = deck.questions().first()
    assert f'href="{first.fact.source_url()}"' in html
    assert "{{c1::" not in html  # cloze prompts are shown blanked, as learners see them
    assert "HX-Request" in response["Vary"]


def test_deck_detail_htmx_more_returns_only_the_next_rows(client, bank):
    published = shipped_published_counts()[ARTICLE_FILE]
    last_page = -(-published // 25)
    response = client.get(f"/decks/{ARTICLE_SLUG}/?page={last_page}", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and "<h1>" not in html
    assert html.count('class="card deck-question"') == published - 25 * (last_page - 1)
    assert "More questions" not in html
    assert "HX-Request" in response["Vary"]


def test_deck_detail_query_count_does_not_grow_with_the_deck(client, bank, django_assert_num_queries):
    # The deck with the library's version, its counts by type (the paginator's count is their sum), a
    # page of questions, their choices. 全部题目's counts by type are counted once per library version.
    with django_assert_num_queries(4):
        client.get("/decks/all/")
    with django_assert_num_queries(3):
        client.get("/decks/all/")
    small = Deck.objects.create(kind=DeckKind.PICKED, name="小", slug="small")
    small.picked.set(Question.objects.published().filter(type=QuestionType.SINGLE_CHOICE)[:2])
    with django_assert_num_queries(4):
        client.get("/decks/small/")


def test_unknown_deck_is_404(client, db):
    assert client.get("/decks/nope/").status_code == 404
    assert client.get("/decks/nope/anki.apkg").status_code == 404


def test_download_is_an_attached_anki_package_of_the_deck(client, db, anki, settings):
    settings.SITE_URL = "https://quiz.example.org"
    question = make_question()
    response = client.get("/decks/all/anki.apkg", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/apkg"
    assert response["Content-Disposition"] == 'attachment; filename="quizapp-all.apkg"'
    content = response.getvalue()  # served from the built file
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.testzip() is None and "collection.anki2" in archive.namelist()
    anki.import_apkg(content)
    (note,) = anki.notes().values()
    # Source links start at the configured site address, never at the host the request came to.
    assert f'href="https://quiz.example.org{question.fact.source_url()}"' in note["Source"]
