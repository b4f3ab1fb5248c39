"""The benchmarks stay importable and their pure helpers right. No load, no server, no timing."""

from __future__ import annotations

import argparse
import math
import random

import pytest

from bench import http11, httpload, infra, profiling, run_all
from bench.plan import FULL, QUICK
from bench.report import render
from bench.stats import fmt, md_table, percentile, saturation_point, summarize, verdict


def test_percentile_interpolates_like_numpy():
    values = [15, 20, 35, 40, 50]
    assert percentile(values, 0) == 15
    assert percentile(values, 100) == 50
    assert percentile(values, 50) == 35
    assert percentile(values, 40) == pytest.approx(29.0)  # numpy.percentile(values, 40)
    assert percentile(list(reversed(values)), 90) == pytest.approx(46.0)
    assert percentile([7.5], 99) == 7.5
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile(values, 101)


def test_percentile_of_a_uniform_range():
    values = list(range(1, 1001))
    random.Random(1).shuffle(values)
    assert percentile(values, 99) == pytest.approx(990.01)


def test_summarize_counts_errors_in_throughput_and_reports_milliseconds():
    row = summarize([0.010, 0.020, 0.030], errors=1, seconds=2.0)
    assert row["ok"] == 3 and row["errors"] == 1
    assert row["rps"] == 2.0
    assert row["p50"] == pytest.approx(20.0)
    assert row["max"] == pytest.approx(30.0)


def test_saturation_is_where_throughput_stops_rising():
    assert saturation_point([1, 2, 4, 8, 16], [100, 190, 300, 310, 305]) == 4
    assert saturation_point([1, 2, 4], [100, 200, 400]) == 4
    assert saturation_point([2, 8], [50, 40]) == 2
    assert saturation_point([1, 2, 4, 8, 16, 32], [61, 74, 79, 52, 53, 104]) == 4  # a late jump is noise


def test_markdown_table_aligns_and_escapes():
    table = md_table(["name", "req/s"], [["a|b", fmt(1234.5)], ["c", fmt(None)]])
    assert table.splitlines() == ["| name | req/s |", "|---|---:|", "| a\\|b | 1,234.5 |", "| c | – |"]
    with pytest.raises(ValueError):
        md_table(["one", "two"], [["only one"]])
    assert verdict(True) == "**met**" and verdict(False) == "**not met**" and verdict(None) == "–"


def test_http_response_parsing_and_cookies():
    raw = (
        b"HTTP/1.1 302 Found\r\nLocation: /attempts/12/\r\nSet-Cookie: sessionid=abc; Secure; HttpOnly\r\n"
        b"Set-Cookie: csrftoken=tok; Path=/\r\nContent-Length: 2\r\n\r\nok"
    )
    response = http11.parse_response(raw)
    assert response.status == 302 and response.header("location") == "/attempts/12/" and response.body == b"ok"
    jar = http11.CookieJar()
    jar.update(response)
    assert jar.header() == "sessionid=abc; csrftoken=tok"
    jar.update(http11.parse_response(b'HTTP/1.1 200 OK\r\nSet-Cookie: sessionid=""; Max-Age=0\r\n\r\n'))
    assert jar.values == {"csrftoken": "tok"}
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
    assert http11.parse_response(chunked).body == b"abcde"
    with pytest.raises(ValueError):
        http11.parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")


@pytest.mark.parametrize(
    ("html", "kind"),
    [
        ('<input name="question" value="7"><input type="radio" name="choice" value="3">'
         '<input type="radio" name="choice" value="4">', "single"),
        ('<input name="question" value="7"><input name="choices" value="3">'
         '<input name="choices" value="5">', "multiple"),
        ('<input name="question" value="7"><input name="answer" value="true">', "true_false"),
        ('<input name="question" value="7"><input name="blank"> and <input name="blank">', "cloze"),
        ('<input name="question" value="7"><input name="text" aria-describedby="text-hint-7">', "numeric"),
        ('<input name="question" value="7"><input name="text">', "text"),
    ],
)  # fmt: skip
def test_question_cards_are_read_and_answered(html, kind):
    card = httpload.parse_question_card(html)
    assert card is not None and card.question == 7 and card.kind == kind
    form = httpload.answer_form(card, random.Random(3))
    keys = [key for key, _ in form]
    assert keys[0] == "question" and dict(form)["question"] == "7"
    expected = {"single": "choice", "multiple": "choices", "true_false": "answer", "cloze": "blank"}.get(kind, "text")
    assert expected in keys
    if kind == "cloze":
        assert keys.count("blank") == 2
    if kind in ("single", "multiple"):
        assert {int(v) for k, v in form if k == expected} <= set(card.choices)


def test_no_question_card_in_a_feedback_card():
    assert httpload.parse_question_card('<article class="q-card feedback">✓</article>') is None


def test_phase_data_merges():
    one, two = httpload.PhaseData(), httpload.PhaseData()
    one.ok("answer", 1.0, 1.5)
    two.error("answer", "status 500", 0.5, 2.0)
    two.acked.append((1, 2))
    one.merge(two.plain())
    assert one.latencies["answer"] == [0.5] and one.errors["answer"]["status 500"] == 1
    assert one.seconds == 1.5 and one.acked == [(1, 2)]


def test_collapsed_profile_summary():
    text = "\n".join(
        [
            'process 1:"gunicorn";SyncWorker.handle (gunicorn/workers/sync.py:141);attempt_view '
            "(/work/main/quizapp/quizzes/views.py:99);SQLCompiler.as_sql "
            "(/x/site-packages/django/db/models/sql/compiler.py:700) 6",
            'process 1:"gunicorn";SyncWorker.handle (gunicorn/workers/sync.py:141);render '
            "(/x/site-packages/django/template/base.py:10) 3",
            'process 1:"gunicorn";SyncWorker.accept (gunicorn/workers/sync.py:30) 50',
            "garbage",
        ]
    )
    summary = profiling.summarize_collapsed(text)
    assert summary["samples"] == 9  # the idle accept() and the garbage line do not count
    assert dict(summary["areas"]) == {"ORM: building queries and model instances": 6, "template rendering": 3}
    assert summary["self"][0] == ("SQLCompiler.as_sql (django/db/models/sql/compiler.py)", 6)
    assert ("attempt_view (quizapp/quizzes/views.py)", 6) in summary["inclusive"]
    assert not any("gunicorn" in frame for frame, _ in summary["inclusive"])


def test_run_all_plans_are_bounded():
    assert callable(run_all.main)  # the driver imports every phase and the report
    for plan in (FULL, QUICK):
        http_seconds = len(plan.levels) * plan.sweep_s + 5 * plan.phase_s + 2 * plan.profile_s
        assert 2 * http_seconds < 600  # both databases' load phases stay well under ten minutes
    assert QUICK.phase_s < FULL.phase_s
    assert infra.free_port() > 0


def test_report_names_every_part_that_failed_and_still_renders():
    report = {
        "plan": QUICK,
        "args": argparse.Namespace(quick=True, workers=4),
        "started": "2026-01-01 00:00 UTC",
        "elapsed": 90.0,
        "load start": "0.1 0.1 0.1",
        "load end": "0.2 0.2 0.2",
        "startup": 0.5,
        "http": {"SQLite": {"error": "gunicorn did not start"}},
        "inprocess": {"SQLite": {"error": "bench/inprocess.py failed on SQLite"}},
        "anki": {"error": "genanki missing"},
        "notes": ["a note"],
    }
    text = render(report)
    for heading in ("## Targets", "## HTTP under load", "## Statements per request", "## Import and load",
                    "## Anki export", "## Notes"):  # fmt: skip
        assert heading in text
    assert "Not run: gunicorn did not start" in text and "Failed: genanki missing" in text
    assert "(`--quick`)" in text and "- a note" in text
    assert "## Profiles" not in text  # none were taken


def test_a_new_report_keeps_the_sections_it_does_not_write_in_their_order():
    from bench.report import with_hand_written

    previous = (
        "# quizapp benchmarks\n\nold\n\n## Targets\n\nold targets\n\n## Scale\n\nby hand\n\n"
        "## Notes\n\n- old\n\n## Faults under load\n\nfaults\n"
    )
    new = "# quizapp benchmarks\n\nnew\n\n## Targets\n\nnew targets\n\n## Notes\n\n- new\n"
    text = with_hand_written(new, previous)
    assert text == new + "\n## Scale\n\nby hand\n\n## Faults under load\n\nfaults\n"
    assert "old" not in text
    assert with_hand_written(new, "") == new
