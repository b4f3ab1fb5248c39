"""From an uploaded file to the bank: parse, anchor every question on a fact, preview, write.

The bank's own reader checks each item (quizapp.library.bank.spec.ItemReader) and its writer
writes them all in one transaction, so an import obeys exactly the rules load_content does.
A question whose file names no quote found in the article gets the best-matching sentence of
the chosen article as its fact; until an author confirms it, it is a draft that is not anchored
(Question.anchored), which publishing refuses.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from quizapp.interop import anchoring, apkg_import, gift, moodle_xml, tabular
from quizapp.interop.records import MAX_UPLOAD_BYTES, FormatError, Parsed, imported_id
from quizapp.library import retiring
from quizapp.library.bank import LoadReport, write_bank
from quizapp.library.bank.dump import fact_to_data
from quizapp.library.bank.spec import FactSpec, ItemReader, QuestionSpec
from quizapp.library.bank.writer import match_choices
from quizapp.library.changes import content_changed
from quizapp.library.models import Article, Fact, Question, Status
from quizapp.library.quotes import QuoteIndex

# What a file may say about a fact besides its quote (records.EXTRAS, as the bank names them).
FACT_DETAILS = ("restatement", "erratum", "tags")
READERS = {
    "moodle": moodle_xml.read,
    "gift": gift.read,
    "csv": lambda content: tabular.read(content, "csv"),
    "xlsx": lambda content: tabular.read(content, "xlsx"),
    "apkg": apkg_import.read,
}


def parse(content: bytes, fmt: str) -> list[Parsed]:
    if fmt not in READERS:
        message = gettext("Unknown format %(format)s; use one of %(formats)s.")
        raise FormatError(message % {"format": repr(fmt), "formats": ", ".join(READERS)})
    if len(content) > MAX_UPLOAD_BYTES:
        message = gettext("The file is %(size)d KB; the limit is %(limit)d KB.")
        raise FormatError(message % {"size": len(content) // 1024, "limit": MAX_UPLOAD_BYTES // 1024})
    if not content.strip():
        raise FormatError(gettext("The file is empty."))
    parsed = READERS[fmt](content)
    if not parsed:
        raise FormatError(gettext("The file holds no questions."))
    return parsed


@dataclass
class Row:
    """One line of the preview."""

    where: str
    prompt: str = ""
    type: str = ""
    action: str = "refuse"  # create | update | unchanged | refuse
    reason: str = ""
    question_id: str = ""
    anchored: bool = False
    quote: str = ""
    candidates: list[anchoring.Sentence] = field(default_factory=list)
    stored_pk: int | None = None  # the stored question a refused row would have changed


@dataclass
class Plan:
    rows: list[Row]
    bank: list[tuple[Article, list[FactSpec]]]

    @property
    def accepted(self) -> int:
        return sum(1 for r in self.rows if r.action != "refuse")


def _anchor(record: dict, chosen: Article | None, articles: dict[str, Article], pick: int | None, row: Row, cache):
    """(article, quote) for the record's fact, or None (row.reason says why)."""
    fact = record.get("fact") or {}
    article = articles.get(fact.get("article") or "") or chosen
    if article is None:
        row.reason = gettext("choose an article to anchor this question on")
        return None
    if fact.get("quote"):
        if ("quotes", article.pk) not in cache:  # the body squeezed once per article, not per question
            cache["quotes", article.pk] = QuoteIndex(article.body)
        try:
            Fact(article=article).anchor(fact["quote"], index=cache["quotes", article.pk])  # the admin's rule
            row.anchored = True
            return article, fact["quote"]
        except ValidationError:
            pass  # the quote is not (or not once) in this article: propose a sentence instead
    if article.pk not in cache:
        cache[article.pk] = anchoring.sentences(article)
    row.candidates = anchoring.rank(record, cache[article.pk])
    if not row.candidates:
        row.reason = gettext("the article “%(title)s” has no sentence to anchor on") % {"title": article.title}
        return None
    by_number = {s.number: s for s in cache[article.pk]}
    if pick is not None and pick in by_number:
        row.anchored = True
        return article, by_number[pick].text
    return article, row.candidates[0].text


def plan(parsed: list[Parsed], *, article: Article | None, can_publish: bool, picks: dict | None = None) -> Plan:
    """What an import would do. `picks` maps a question id to the confirmed sentence number."""
    picks = picks or {}
    articles = {a.source_file: a for a in Article.objects.all()}
    existing = {str(u): h for u, h in Question.objects.values_list("uuid", "updated_at")}
    rows, facts, cache = [], defaultdict(dict), {}
    seen: dict[uuid.UUID, str] = {}
    for item in parsed:
        row = Row(item.where, reason=item.refused)
        rows.append(row)
        if item.record is None:
            continue
        record = item.record
        row.prompt, row.type, row.question_id = record.get("prompt", ""), record.get("type", ""), record["id"]
        anchor = _anchor(record, article, articles, picks.get(record["id"]), row, cache)
        if anchor is None:
            continue
        target, row.quote = anchor
        problems: list[str] = []
        reader = ItemReader(target, lambda _where, message, found=problems: found.append(message), seen, item.where)
        question = _question_item(record, row.anchored, can_publish)
        spec = reader.question(item.where, question)
        if spec is None:
            row.reason = "; ".join(problems)
            continue
        if picked := _drops_a_picked_choice(spec):
            row.stored_pk, row.reason = picked
            continue
        fact_id = _fact_id(record, target, row.quote)
        fact = facts[(target.pk, fact_id)]
        fact.setdefault("questions", []).append(question)
        fact.update(id=fact_id, quote=row.quote)
        given = record.get("fact") or {}
        if given.get("quote") == row.quote:  # what the file says about its own fact, not a proposed one
            fact.update({key: given[key] for key in FACT_DETAILS if given.get(key)})
        row.action = "update" if record["id"] in existing else "create"
    bank, failed = _specs(facts, articles)
    for row in rows:
        if row.question_id in failed:
            row.action, row.reason = "refuse", failed[row.question_id]
    return Plan(rows, bank)


def _drops_a_picked_choice(spec: QuestionSpec) -> tuple[int, str] | None:
    """The stored question and why the writer would refuse this edit of it (it leaves out a choice a
    learner picked, see retiring.picked_left_out), found here so the preview and the job's report say
    which question and which choice and the rest of the file is written, instead of the whole import
    failing with no word of why. None when the edit keeps every picked choice."""
    question = Question.objects.filter(uuid=spec.uuid).prefetch_related("choices").first()
    if question is None:
        return None
    matched, removed = match_choices(list(question.choices.all()), spec.choices)
    why = removed and retiring.picked_left_out(question, {c.pk for c in matched if c is not None})
    return (question.pk, why) if why else None


def _question_item(record: dict, anchored: bool, can_publish: bool) -> dict:
    item = {k: v for k, v in record.items() if k not in ("fact", "source_url", "title", "article_title")}
    status = item.get("status") or Status.DRAFT
    if status == Status.PUBLISHED and not can_publish:
        status = Status.REVIEW  # an editor publishes it
    if status == Status.RETIRED and not can_publish:
        status = Status.DRAFT  # retiring is an editor's (permissions.may_retire), by import too
    if not anchored:
        status = Status.DRAFT
    item["status"] = status
    return item


def _fact_id(record: dict, article: Article, quote: str) -> str:
    wanted = (record.get("fact") or {}).get("id", "")
    same = Fact.objects.filter(article=article, quote=quote).values_list("uuid", flat=True).first()
    if same:
        return str(same)
    try:
        return str(uuid.UUID(wanted))
    except ValueError:
        return imported_id("fact", article.source_file, quote)


def _specs(facts: dict, articles: dict[str, Article]) -> tuple[list[tuple[Article, list[FactSpec]]], dict[str, str]]:
    """The facts as the bank writer takes them, and the questions whose fact failed (id → why)."""
    by_pk = {a.pk: a for a in articles.values()}
    known = {str(f.uuid): f for f in Fact.objects.filter(uuid__in=[fid for _, fid in facts]).select_related("article")}
    bank: dict[int, list[FactSpec]] = defaultdict(list)
    failed: dict[str, str] = {}
    seen: dict[uuid.UUID, str] = {}
    for (article_pk, fact_id), item in facts.items():
        if fact_id in known:
            # Keep what the file does not carry (other questions; details it leaves out).
            old = fact_to_data(known[fact_id])
            mine = {q["id"] for q in item["questions"]}
            questions = [q for q in old["questions"] if q["id"] not in mine] + item["questions"]
            item = {**old, **{key: item[key] for key in FACT_DETAILS if key in item}, "questions": questions}
        problems: list[str] = []
        fail = lambda _where, message, found=problems: found.append(message)  # noqa: E731
        reader = ItemReader(by_pk[article_pk], fail, seen, "import")
        if spec := reader.fact(len(bank[article_pk]) + 1, item):
            bank[article_pk].append(spec)
        else:
            failed.update((q["id"], "; ".join(problems)) for q in item["questions"])
    return [(by_pk[pk], specs) for pk, specs in bank.items()], failed


@transaction.atomic
def run(plan: Plan) -> LoadReport:
    """Write every accepted question in one transaction (refused ones were never in the plan);
    each is anchored or not as its row says, so a re-import with the fact confirmed anchors it."""
    report = write_bank(plan.bank)
    written = [r for r in plan.rows if r.action != "refuse"]
    for anchored in (True, False):
        ids = [r.question_id for r in written if r.anchored is anchored]
        content_changed(Question.objects.filter(uuid__in=ids, anchored=not anchored), anchored=anchored)
    return report
