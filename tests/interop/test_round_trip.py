"""Our export, imported into an empty bank, recreates the same questions on the same facts."""

from __future__ import annotations

import pytest

from quizapp.interop import gift, importing, moodle_xml, tabular
from quizapp.interop.records import exportable, for_export, records
from quizapp.library.bank.dump import question_to_data
from quizapp.library.models import Fact, Question

WRITERS = {
    "moodle": moodle_xml.write,
    "gift": gift.write,
    "csv": lambda rs: tabular.write(rs, "csv"),
    "xlsx": lambda rs: tabular.write(rs, "xlsx"),
}


def snapshot() -> dict[str, tuple]:
    questions = Question.objects.select_related("fact__article").prefetch_related("choices", "tags")
    return {
        str(q.uuid): (question_to_data(q), q.fact.quote, str(q.fact.uuid), q.fact.article.source_file)
        for q in questions
    }


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_export_then_import_into_an_empty_bank_recreates_every_question(bank, editor, fmt):
    before = snapshot()
    content = WRITERS[fmt](records(for_export(exportable(editor))))
    Fact.objects.all().delete()  # questions go with their facts: an empty bank, articles kept
    assert Question.objects.count() == 0

    plan = importing.plan(importing.parse(content, fmt), article=None, can_publish=True)
    refused = [(r.where, r.reason) for r in plan.rows if r.action == "refuse"]
    assert refused == []
    assert {r.action for r in plan.rows} == {"create"} and all(r.anchored for r in plan.rows)
    importing.run(plan)

    after = snapshot()
    assert len(after) == len(before) >= 260  # every published question, and the drafts an editor sees
    differences = [uid for uid in before if before[uid] != after.get(uid)]
    assert differences == [], (before[differences[0]], after.get(differences[0]))
