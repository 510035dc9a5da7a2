"""Benchmark: numbered paper copies as one PDF, time and memory per copy.

    .venv/bin/python bench/printing.py [--copies 1,50,500] [--variant standard]

Publishes the demo survey in a fresh SQLite database in a temporary directory, then for
each number of copies runs, in a child process of its own, the real code path: the
`paper.print_pdf` view, signed in as a facilitator, issuing that many references and
returning the PDF. Each child warms WeasyPrint up on a one-copy PDF first (loading Pango
and the fonts is paid once per worker, not per download), then reports its own wall and
CPU time and how far its peak memory grew while making the PDF. Last line:
`print_<n>_s=<x> print_<n>_per_copy_s=<y> print_<n>_rss_growth_mb=<z>` for the largest n.
A benchmark, never a test: it does not fail for being slow.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from surveys import repository  # noqa: E402
from surveys.demo import demo_definition  # noqa: E402
from toolkit import create_app, migrate  # noqa: E402
from toolkit.auth import users  # noqa: E402


def build(url: str) -> tuple[int, int]:
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        definition = demo_definition()
        survey = repository.create_survey(definition.title, "bench-print", None, definition=definition)
        repository.publish(survey, None)
        user = users.create_user("keyer@example.org", "Bench keyer", "bench password 1234", "facilitator")
        return survey.id, user.id


def run_print(url: str, survey_id: int, user_id: int, copies: int, variant: str) -> None:
    """In the child: one warm-up copy, then `copies` copies through the real view."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    with client.session_transaction() as session:
        session["staff_user_id"] = user_id
    address = f"/staff/surveys/{survey_id}/print/{variant}.pdf?lang=en"
    assert client.get(address).status_code == 200
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    response = client.post(address, data={"copies": str(copies), "lang": "en"})
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    assert response.status_code == 200, response.status
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    growth = (after.ru_maxrss - before.ru_maxrss) / 1024
    # CPU seconds beside wall seconds: on a shared machine the wall clock includes waiting for a core.
    print(
        f"copies={copies} variant={variant} pdf_kb={len(response.data) // 1024} "
        f"cpu_s={cpu:.1f} peak_rss_mb={after.ru_maxrss / 1024:.0f}"
    )
    print(
        f"print_{copies}_s={elapsed:.1f} print_{copies}_per_copy_s={elapsed / copies:.3f} "
        f"print_{copies}_rss_growth_mb={growth:.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", default="1,50,500", help="numbers of copies, comma-separated")
    parser.add_argument("--variant", default="standard", choices=("standard", "large-print", "easy-read"))
    parser.add_argument("--child", nargs=4, metavar=("URL", "SURVEY", "USER", "COPIES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        url, survey_id, user_id, copies = args.child
        run_print(url, int(survey_id), int(user_id), int(copies), args.variant)
        return
    with tempfile.TemporaryDirectory(prefix="bench-print-") as directory:
        url = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        survey_id, user_id = build(url)
        for copies in sorted(int(n) for n in args.copies.split(",")):
            child = [sys.executable, str(Path(__file__).resolve()), "--variant", args.variant]
            child += ["--child", url, str(survey_id), str(user_id), str(copies)]
            result = subprocess.run(child, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                print(result.stderr, file=sys.stderr)
                raise SystemExit(result.returncode)
            print(result.stdout.strip(), flush=True)


if __name__ == "__main__":
    main()
