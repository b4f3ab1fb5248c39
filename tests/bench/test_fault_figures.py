"""bench/faults.py's arithmetic: what counts as acknowledged, refused, lost or duplicated, the times
around a fault, and the RESULTS.md section it replaces. No server, no timing."""

from __future__ import annotations

import pytest

from bench import faults
from bench.faultload import Event, kind, longest_silence, summarise, timeline


def _answer(t0, t1, status, token, retry_after=False, problem=""):
    return Event("answer", t0, t1, status, problem, retry_after, token)


def test_each_outcome_has_one_kind():
    assert kind(Event("start", 0, 1, 302)) == "acknowledged"
    assert kind(Event("answer", 0, 1, 200)) == "acknowledged"
    assert kind(Event("answer", 0, 1, 503, retry_after=True)) == "refused"
    assert kind(Event("answer", 0, 1, 503)) == "error"  # a 503 that does not say when to come back
    assert kind(Event("answer", 0, 1, 500)) == "error"
    assert kind(Event("answer", 0, 1, 422)) == "4xx"
    assert kind(Event("answer", 0, 1, None, "timeout")) == "error"


def test_lost_means_acknowledged_but_not_stored_and_resends_count_once():
    events = [
        _answer(0.0, 0.1, 200, 1),  # stored
        _answer(0.2, 0.3, 200, 2),  # acknowledged, not stored: lost
        _answer(0.4, 5.0, None, 3, problem="timeout"),  # sent twice, stored once, never acknowledged
        _answer(6.0, 6.1, 503, 3, retry_after=True),
        _answer(7.0, 7.1, 200, 4),  # stored twice: duplicated
    ]
    figures = summarise(events, fault=1.0, restore=6.5, stored={1: 1, 3: 1, 4: 2})
    assert figures["requests sent"] == figures["answer requests sent"] == 5
    assert figures["submissions"] == 4 and figures["submissions acknowledged"] == 3
    assert figures["submissions stored"] == 3
    assert figures["lost (acknowledged, not stored)"] == 1
    assert figures["stored, never acknowledged"] == 1
    assert figures["duplicated (stored twice)"] == 1
    assert figures["refused cleanly (503 + Retry-After)"] == 1 and figures["other errors"] == 1
    assert figures["other errors by kind"] == {"answer: timeout": 1}


def test_times_around_the_fault():
    events = [
        Event("fetch", 0.0, 0.5, 200),
        Event("fetch", 0.9, 9.0, 503, retry_after=True),  # held across the fault start
        Event("fetch", 2.0, 4.0, 503, retry_after=True),  # the first 503 ends at 4.0
        Event("fetch", 10.5, 10.7, 200),  # the first success sent after the restore at 10
        Event("fetch", 9.5, 11.0, 200),  # sent before the restore: not the recovery
    ]
    figures = summarise(events, fault=1.0, restore=10.0, stored={})
    assert figures["fault to first 503 s"] == pytest.approx(3.0)
    assert figures["longest request during the fault s"] == pytest.approx(8.1)
    assert figures["restore to first success s"] == pytest.approx(0.7)
    assert figures["longest stretch without a success s"] == pytest.approx(9.0)
    assert figures["fault lasted s"] == pytest.approx(9.0)


def test_no_503_and_no_recovery_are_none_not_zero():
    figures = summarise([Event("fetch", 0, 0.1, 200)], fault=1.0, restore=2.0, stored={})
    assert figures["fault to first 503 s"] is None and figures["restore to first success s"] is None
    assert figures["longest request during the fault s"] is None


def test_longest_silence_splits_at_successes_only():
    events = [Event("a", 0, 3.0, 200), Event("a", 0, 4.0, 503), Event("a", 0, 8.0, 200)]
    assert longest_silence(events, 1.0, 10.0) == pytest.approx(5.0)
    assert longest_silence([], 1.0, 2.5) == pytest.approx(1.5)


def test_timeline_buckets_by_the_second_a_request_ended():
    events = [Event("a", 0, 0.2, 200), Event("a", 0, 0.9, 503, retry_after=True), Event("a", 0, 2.5, None)]
    assert timeline(events, origin=0.0) == [
        {"second": 0, "acknowledged": 1, "refused": 1},
        {"second": 2, "error": 1},
    ]


def test_the_section_is_replaced_in_place_and_the_others_kept(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text("# title\n\n## Scale\n\nscale text\n\n## Faults under load\n\nold\n\n## Later\n\nlater\n")
    faults.write_section("## Faults under load\n\nnew figures\n", results)
    assert results.read_text() == (
        "# title\n\n## Scale\n\nscale text\n\n## Faults under load\n\nnew figures\n\n## Later\n\nlater\n"
    )
    plain = tmp_path / "plain.md"
    plain.write_text("# title\n\n## Scale\n\nscale text\n")
    faults.write_section("## Faults under load\n\nfirst\n", plain)
    assert plain.read_text() == "# title\n\n## Scale\n\nscale text\n\n## Faults under load\n\nfirst\n"


def _run(name: str, **figures) -> dict:
    base = summarise([Event("a", 0, 0.1, 200)], fault=1.0, restore=2.0, stored={})
    per_second = [{"second": s, "acknowledged": 3} for s in range(0, 30)]
    return {"scenario": name, "figures": {**base, **figures}, "per second": per_second, "fault at s": 5.0,
            "restore at s": 20.0}  # fmt: skip


def test_findings_are_said_only_when_the_figures_show_them():
    report = {"db_connect_timeout": 5, "db_request_deadline_s": 5.0, "db_unreachable_pause_s": 5.0, "learners": 8}
    report["scenarios"] = [_run("worker-kill"), _run("redis-refused")]
    assert faults.findings(report) == []
    report["scenarios"] = [
        _run("worker-kill", **{"lost (acknowledged, not stored)": 2}),
        _run("postgres-blackhole", **{"longest request during the fault s": 15.2}),
        _run("redis-blackhole", **{"longest request during the fault s": 9.0}),
    ]
    worker, postgres, redis = faults.findings(report)
    assert "**worker-kill: 2 acknowledged answers lost" in worker
    assert "held up to 15.2 s" in postgres and "No acknowledged answer was lost." in postgres
    assert "no 503" in redis and "3.0 acknowledged requests/s" in redis


def test_a_database_fault_within_its_timeouts_is_said_with_its_503s():
    report = {"db_connect_timeout": 5, "db_request_deadline_s": 5.0, "db_unreachable_pause_s": 5.0, "learners": 8}
    held = {"longest request during the fault s": 6.1, "fault to first 503 s": 0.4}
    report["scenarios"] = [_run("postgres-refused", **held, **{"refused cleanly by endpoint": {"fetch": 40}})]
    (said,) = faults.findings(report)
    assert "503 + Retry-After (fetch 40), the first 0.40 s" in said and "took 6.1 s" in said
