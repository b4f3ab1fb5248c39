"""In-process measurements on the fresh, empty database the environment names (run by run_all.py
in a subprocess; it migrates that database itself).

1. Import and load, timed inside one Django process (start-up excluded): `import_articles seeds/`
   then `load_content content/`, each against floors that do the same reading and parsing without
   the database (read + parse_article for the seeds; read + yaml.safe_load for the bank).
2. Statements per request, with Django's CaptureQueriesContext and the test Client, for the question
   fetch and the answer of a 10-question and a 100-question quiz, at every position.

    .venv/bin/python bench/inprocess.py --out result.json [--sizes 10,100] [--repeat 5]

Settings are the development ones (DEBUG on): statement counts and timings do not depend on it,
and the test Client needs no TLS-terminating proxy then.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizapp.settings")

SEEDS, CONTENT = ROOT / "seeds", ROOT / "content"
TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE\s+SAVEPOINT|END)\b", re.IGNORECASE)


def is_transaction_control(sql: str) -> bool:
    return bool(TRANSACTION_CONTROL.match(sql))


class StatementCounter:
    """A connection.execute_wrapper that only counts (cheap enough to leave on while timing)."""

    def __init__(self) -> None:
        self.statements = 0

    def __call__(self, execute, sql, params, many, context):
        self.statements += 1
        return execute(sql, params, many, context)


def best_of(repeat: int, func) -> float:
    func()  # warm-up: imports, regex compilation, file cache
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def floors(repeat: int) -> dict[str, float]:
    import yaml

    from quizapp.library.parsing import parse_article

    def read_seeds():
        for path in sorted(SEEDS.glob("*.txt")):
            path.read_bytes()

    def parse_seeds():
        for path in sorted(SEEDS.glob("*.txt")):
            parse_article(path.read_bytes(), path.name)

    def load_yaml(loader):
        def run():
            for path in sorted(CONTENT.glob("*.yaml")):
                yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # safe loaders only

        return run

    out = {
        "seeds: read": best_of(repeat, read_seeds),
        "seeds: read + parse_article": best_of(repeat, parse_seeds),
        "content: read + yaml.safe_load": best_of(repeat, load_yaml(yaml.SafeLoader)),
    }
    if getattr(yaml, "CSafeLoader", None):
        out["content: read + yaml CSafeLoader (libyaml)"] = best_of(repeat, load_yaml(yaml.CSafeLoader))
    return out


def timed_commands() -> dict[str, dict]:
    from django.core.management import call_command
    from django.db import connection

    out = {}
    commands = {
        "import_articles seeds/": ["import_articles", str(SEEDS)],
        "load_content content/": ["load_content", str(CONTENT)],
    }
    for name, args in commands.items():
        counter = StatementCounter()
        stdout = io.StringIO()
        with connection.execute_wrapper(counter):
            t0 = time.perf_counter()
            call_command(*args, stdout=stdout)
            seconds = time.perf_counter() - t0
        out[name] = {"seconds": seconds, "statements": counter.statements, "output": stdout.getvalue().strip()}
    return out


def query_counts(sizes: list[int], seed: int = 7) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.httpload import answer_form, parse_question_card
    from quizapp.library.models import Question
    from quizapp.quizzes.models import Mode, Quiz, QuizItem, Rule

    published = list(Question.objects.published().order_by("pk").values_list("pk", flat=True))
    rng = random.Random(seed)
    htmx = {"HX-Request": "true"}

    def capture(method, *args, **kwargs):
        with CaptureQueriesContext(connection) as ctx:
            response = method(*args, **kwargs)
        return response, [q["sql"] for q in ctx.captured_queries]

    results = {}
    for size in sizes:
        if size > len(published):
            raise SystemExit(f"a {size}-question quiz needs {size} published questions; there are {len(published)}")
        quiz = Quiz.objects.create(
            slug=f"bench-{size}", title=f"bench {size}", rule=Rule.CURATED, mode=Mode.PRACTICE,
            shuffle_questions=False, shuffle_choices=True,
        )  # fmt: skip
        QuizItem.objects.bulk_create(
            QuizItem(quiz=quiz, question_id=q, order=i) for i, q in enumerate(published[:size])
        )
        client = Client(HTTP_HOST="127.0.0.1")
        row: dict = {"size": size, "fetch": [], "fetch cached": [], "answer": [], "statements": {}}

        response, sql = capture(client.get, f"/quizzes/{quiz.slug}/")
        row["quiz page"], row["statements"]["quiz page"] = _count(sql), sql
        response, sql = capture(client.post, f"/quizzes/{quiz.slug}/start/")
        if response.status_code != 302:
            raise SystemExit(f"start answered {response.status_code}")
        row["start"], row["statements"]["start"] = _count(sql), sql
        attempt_url = response["Location"]
        for position in range(1, size + 1):
            response, fetch_sql = capture(client.get, attempt_url, headers=htmx)
            card = parse_question_card(response.content.decode())
            if response.status_code != 200 or card is None:
                raise SystemExit(f"question fetch #{position} answered {response.status_code} without a question")
            _, cached_sql = capture(client.get, attempt_url, headers=htmx)  # again: the card now comes from the cache
            form: dict[str, list[str]] = {}
            for key, value in answer_form(card, rng):
                form.setdefault(key, []).append(value)
            response, answer_sql = capture(client.post, f"{attempt_url}answer/", form, headers=htmx)
            if response.status_code != 200:
                raise SystemExit(f"answer #{position} answered {response.status_code}")
            row["fetch"].append(_count(fetch_sql))
            row["fetch cached"].append(_count(cached_sql))
            row["answer"].append(_count(answer_sql))
            if position in (1, size):
                row["statements"][f"question fetch #{position}"] = fetch_sql
                row["statements"][f"question fetch #{position}, card cached"] = cached_sql
                row["statements"][f"answer #{position}"] = answer_sql
        results[str(size)] = row
    return results


def _count(statements: list[str]) -> dict[str, int]:
    control = sum(1 for sql in statements if is_transaction_control(sql))
    return {"total": len(statements), "transaction control": control, "statements": len(statements) - control}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--sizes", default="10,100")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    result = {
        "vendor": connection.vendor,
        "floors": floors(args.repeat),
        "commands": timed_commands(),
        "queries": query_counts([int(s) for s in args.sizes.split(",")]),
    }
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
