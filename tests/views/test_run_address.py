"""`make run` serves on PORT (default 5000) and the demo prints the sign-in address it really
serves on, not always port 5000."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_prints_the_address_it_is_told(runner) -> None:
    result = runner.invoke(args=["demo", "--responses", "5", "--address", "http://127.0.0.1:8123/"])
    assert result.exit_code == 0, result.output
    assert "sign in at http://127.0.0.1:8123/staff/sign-in" in result.output
    assert ":5000" not in result.output


def test_without_an_address_the_demo_uses_the_public_base_url(app, runner) -> None:
    app.config["PUBLIC_BASE_URL"] = "https://engage.example.org"
    result = runner.invoke(args=["demo", "--responses", "5"])
    assert "sign in at https://engage.example.org/staff/sign-in" in result.output


def test_make_run_serves_and_prints_on_port() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^PORT \?= 5000$", makefile, re.MULTILINE)
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "--port $(PORT)" in run and "--port 5000" not in run
    assert "demo --address $(ADDRESS)" in run
    assert "http://127.0.0.1:$(PORT)" in makefile
