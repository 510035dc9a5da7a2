"""Benchmark: export a survey of 30 questions and 1,000,000 responses as CSV, and its results page.

    .venv/bin/python bench/export.py [--responses N] [--engine sqlite|postgresql|both]

Builds the survey (three channels, three languages, a response a second) in a fresh SQLite
database in a temporary directory and then in a throwaway PostgreSQL cluster started here on
a free loopback port (never the shared server): bulk inserts, not the answering path, then
the tallies recounted as after any bulk load. Then, in child processes, through the real
views signed in as a lead: the results page with no filter and with each filter (channel,
dates, language, all three), and the CSV export with its streamed body read to the end. Each
child reports its own time and peak memory, so the figures are the page's and the export's,
not the set-up's. Per engine: `results_page_s=` (the slowest of the filters) and, last,
`export_s=<x> export_peak_rss_mb=<y>`. Targets: results under 2 s; export under 60 s and
300 MB. A benchmark, never a test: it does not fail for being slow.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from sqlalchemy import insert, text  # noqa: E402

from surveys import repository  # noqa: E402
from surveys.model import Option, Question, Section, SurveyDefinition  # noqa: E402
from surveys.results import tally_repository  # noqa: E402
from toolkit import create_app, db, migrate  # noqa: E402
from toolkit.auth import users  # noqa: E402
from toolkit.schema import Response  # noqa: E402

CHUNK = 20_000
LANGUAGES = ("en", "pl", "ur")
# The results page's filters, as a person would type them (the channel id is filled in).
FILTERS = {
    "none": "",
    "channel": "channel={channel}",
    "dates": "submitted_from=2025-01-03&submitted_to=2025-01-08",
    "language": "language=pl",
    "all": "channel={channel}&submitted_from=2025-01-03&submitted_to=2025-01-08&language=pl",
}
DISTINCT_ANSWER_SETS = 2_000
OPTIONS = tuple(Option(f"o{n}", f"Option {n}") for n in range(1, 6))


def bench_definition() -> SurveyDefinition:
    """30 questions of every answerable type, in three sections."""
    kinds = ["single_choice"] * 10 + ["multiple_choice"] * 5 + ["rating"] * 5 + ["yes_no"] * 4
    kinds += ["number"] * 3 + ["short_text"] * 2 + ["long_text"]
    questions = [
        Question(
            f"q{n}",
            kind,
            f"Question {n}: what do you think about this part of the service?",
            options=OPTIONS if kind in ("single_choice", "multiple_choice") else (),
            allow_other=kind in ("single_choice", "multiple_choice") and n % 2 == 0,
        )
        for n, kind in enumerate(kinds, start=1)
    ]
    sections = tuple(
        Section(f"s{n + 1}", f"Part {n + 1}", questions=tuple(questions[n * 10 : n * 10 + 10])) for n in range(3)
    )
    return SurveyDefinition("Benchmark survey", sections=sections)


def random_answers(rng: random.Random, definition: SurveyDefinition) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in definition.answerable_questions():
        if rng.random() < 0.1:
            continue  # not answered
        values = [o.value for o in question.choices]
        if question.type == "multiple_choice":
            answers[question.id] = rng.sample(values, rng.randint(1, 3))
        elif question.type in ("single_choice", "yes_no"):
            answers[question.id] = rng.choice(values)
        elif question.type == "rating":
            answers[question.id] = int(rng.choice(values))
        elif question.type == "number":
            answers[question.id] = rng.randint(0, 100)
        else:
            answers[question.id] = " ".join(rng.choice(("good", "slow", "kind", "parking", "late")) for _ in range(12))
        chosen = answers.get(question.id)
        if question.allow_other and (chosen == "other" or (isinstance(chosen, list) and "other" in chosen)):
            answers[f"{question.id}__other"] = "Something else entirely"
    return answers


def build(url: str, responses: int) -> tuple[int, int]:
    """The survey, a lead to export it, and `responses` responses. Returns (survey id, user id)."""
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        definition = bench_definition()
        survey = repository.create_survey(definition.title, "bench", None, definition=definition)
        version = repository.publish(survey, None)
        channels = [repository.default_channel(survey.id).id]
        channels += [repository.add_channel(survey, name, None).id for name in ("Poster", "Pharmacy bag")]
        user = users.create_user("lead@example.org", "Bench lead", "bench password 1234", "lead")
        rng = random.Random(2025)
        pool = [random_answers(rng, definition) for _ in range(DISTINCT_ANSWER_SETS)]
        start = datetime(2025, 1, 1, tzinfo=UTC)
        statement = insert(Response.__table__)
        with db.engine().begin() as connection:
            for first in range(0, responses, CHUNK):
                rows = [
                    {
                        "survey_id": survey.id,
                        "version_id": version.id,
                        "channel_id": channels[n % 7 % 3],
                        "reference": f"B{n:09d}",
                        "submission_key": f"bench-{n}",
                        "language": LANGUAGES[n % 5 % 3],
                        "submitted_at": start + timedelta(seconds=n),
                        "answers": pool[n % DISTINCT_ANSWER_SETS],
                    }
                    for n in range(first, min(first + CHUNK, responses))
                ]
                connection.execute(statement, rows)
            counting = time.perf_counter()
            tally_repository.rebuild(connection, survey.id)  # as after any bulk load (and migration 0070)
            print(f"tallies counted from {responses:,} responses in {time.perf_counter() - counting:.1f} s", flush=True)
    if db.engine().dialect.name == "postgresql":
        # What autovacuum does soon after a bulk load in production: without it, counting a
        # survey's responses (the results page checks the tallies against that count) reads
        # the whole table instead of the index.
        with db.engine().connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    return survey.id, user.id


def run_export(url: str, survey_id: int, user_id: int) -> None:
    """In the child: the export through the real view, its body read to the end."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    client = app.test_client()
    with client.session_transaction() as session:
        session["staff_user_id"] = user_id
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    response = client.get(f"/staff/surveys/{survey_id}/export.csv")
    assert response.status_code == 200 and response.is_streamed, response.status
    size = lines = 0
    for chunk in response.response:
        size += len(chunk)
        lines += chunk.count(b"\r\n")
    response.close()
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    peak_mb = after.ru_maxrss / 1024
    # CPU seconds beside wall seconds: on a shared machine the wall clock includes time spent waiting for a core.
    before_mb = before.ru_maxrss / 1024
    print(f"rows={lines - 1} csv_mb={size / 1e6:.1f} export_cpu_s={cpu:.1f} rss_before_export_mb={before_mb:.0f}")
    print(f"export_s={elapsed:.1f} export_peak_rss_mb={peak_mb:.0f}")


def run_results(url: str, survey_id: int, user_id: int) -> None:
    """In the child: the results page through the real view, with no filter and with each filter."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    client = app.test_client()
    with client.session_transaction() as session:
        session["staff_user_id"] = user_id
    with app.app_context():
        channel = repository.channels(survey_id)[1].id
    # Warm up (templates compiled, translations loaded) on a filter nothing matches, as a
    # long-running worker is: the figures are then the page's, not the process's first request.
    assert client.get(f"/staff/surveys/{survey_id}/results?submitted_from=2030-01-01").status_code == 200
    times, cpu = {}, {}
    for name, query in FILTERS.items():
        before = resource.getrusage(resource.RUSAGE_SELF)
        started = time.perf_counter()
        response = client.get(f"/staff/surveys/{survey_id}/results?{query.format(channel=channel)}")
        assert response.status_code == 200, response.status
        times[name] = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF)
        cpu[name] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    started = time.perf_counter()  # one chart, as the page's <img> asks for it (each is its own request)
    assert client.get(f"/staff/surveys/{survey_id}/results/charts/q1.svg").status_code == 200
    print(f"one chart: {time.perf_counter() - started:.2f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    each = " ".join(f"{name}={seconds:.2f}" for name, seconds in times.items())
    print(f"results page seconds by filter: {each}")
    # This process's CPU: the database's own work (PostgreSQL's server process) is not in it.
    print("results page CPU seconds by filter: " + " ".join(f"{name}={s:.2f}" for name, s in cpu.items()))
    print(f"results_page_s={max(times.values()):.2f} results_peak_rss_mb={peak_mb:.0f}")


def run_child(url: str, survey_id: int, user_id: int, mode: str) -> str:
    child = [sys.executable, str(Path(__file__).resolve()), "--child", url, str(survey_id), str(user_id), mode]
    result = subprocess.run(child, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        raise SystemExit(result.returncode)
    return result.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--results-only", action="store_true", help="time the results page, not the export")
    parser.add_argument("--child", nargs=4, metavar=("URL", "SURVEY", "USER", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        url, survey_id, user_id, mode = args.child
        (run_results if mode == "results" else run_export)(url, int(survey_id), int(user_id))
        return
    engines = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # no migration chatter
    for engine in engines:
        print(f"--- {engine}", flush=True)
        if engine == "sqlite":
            with tempfile.TemporaryDirectory(prefix="bench-export-") as directory:
                measure(f"sqlite:///{Path(directory) / 'bench.sqlite3'}", args.responses, args.results_only)
        else:
            from load import throwaway_postgres

            with throwaway_postgres() as (url, _restart):
                measure(url, args.responses, args.results_only)


def measure(url: str, responses: int, results_only: bool = False) -> None:
    started = time.perf_counter()
    survey_id, user_id = build(url, responses)
    print(f"set-up: {responses:,} responses in {time.perf_counter() - started:.1f} s", flush=True)
    print(run_child(url, survey_id, user_id, "results"), flush=True)
    if not results_only:
        print(run_child(url, survey_id, user_id, "export"), flush=True)


if __name__ == "__main__":
    main()
