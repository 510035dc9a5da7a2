"""Fixtures shared by view tests. `demo`: the whole demo (the report demo included: narrative,
quotes, commitments, a published "You said, we did" and an easy-read summary), for the reports
tests; a test module that defines its own `demo` uses its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from engagements import repository as engagements
from engagements.demo import DEMO_TITLE
from toolkit.demo import load_demo
from toolkit.schema import Engagement


@pytest.fixture
def demo(app: Flask, tmp_path: Path) -> Engagement:
    for _line in load_demo(40, tmp_path / "login.txt"):
        pass
    found = engagements.find_engagement(DEMO_TITLE)
    assert found is not None
    return found
