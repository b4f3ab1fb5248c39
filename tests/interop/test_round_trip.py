"""Our export, imported into an empty bank, recreates the same questions on the same facts (quote,
restatement, erratum and tags included; a cloze's alternatives too)."""

from __future__ import annotations

import pytest

from quizapp.interop import gift, importing, moodle_xml, tabular
from quizapp.interop.records import exportable, for_export, records
from quizapp.library.bank.dump import fact_to_data
from quizapp.library.models import Fact, Question, QuestionType

WRITERS = {
    "moodle": moodle_xml.write,
    "gift": gift.write,
    "csv": lambda rs: tabular.write(rs, "csv"),
    "xlsx": lambda rs: tabular.write(rs, "xlsx"),
}


def snapshot() -> dict[str, dict]:
    """Every fact as the bank writes it (its questions included), by article and fact id — but for the
    choices' ids, which these formats do not carry: an import into an empty bank makes new choices."""
    facts = Fact.objects.select_related("article").prefetch_related("tags", "questions__choices", "questions__tags")
    data = {f"{f.article.source_file} {f.uuid}": fact_to_data(f) for f in facts}
    for choice in (c for fact in data.values() for q in fact["questions"] for c in q.get("choices", [])):
        del choice["id"]
    return data


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_export_then_import_into_an_empty_bank_recreates_every_question(bank, editor, fmt):
    # A cloze with another right answer for its blank, which the shipped bank does not have (yet).
    blank = Question.objects.filter(type=QuestionType.CLOZE).first()
    Question.objects.filter(pk=blank.pk).update(accepted_answers=["c1::另一种说法", "c1::第三种"])
    before = snapshot()
    with_alternatives = [q for f in before.values() for q in f["questions"] if q.get("alternatives")]
    assert [q["alternatives"] for q in with_alternatives] == [{"c1": ["另一种说法", "第三种"]}]
    content = WRITERS[fmt](records(for_export(exportable(editor))))
    Fact.objects.all().delete()  # questions go with their facts: an empty bank, articles kept
    assert Question.objects.count() == 0

    plan = importing.plan(importing.parse(content, fmt), article=None, can_publish=True)
    refused = [(r.where, r.reason) for r in plan.rows if r.action == "refuse"]
    assert refused == []
    assert {r.action for r in plan.rows} == {"create"} and all(r.anchored for r in plan.rows)
    importing.run(plan)

    after = snapshot()
    assert sum(len(f["questions"]) for f in after.values()) >= 260  # published questions and an editor's drafts
    assert sum(bool(f.get("erratum")) for f in after.values()) >= 20  # the extras are really compared
    assert len(after) == len(before)
    differences = [key for key in before if before[key] != after.get(key)]
    assert differences == [], (before[differences[0]], after.get(differences[0]))
