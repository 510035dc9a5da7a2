"""The survey templates shipped as data: each file loads and is a survey that could be published."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from surveys.builder import starters
from surveys.model import DefinitionError, validate


def test_the_four_templates_are_shipped_and_valid() -> None:
    found = starters.load()
    assert set(found) == {"gp-access", "service-change-consultation", "friends-and-family-test", "workshop-follow-up"}
    for starter in found.values():
        assert validate(starter.definition) == [], starter.key
        assert starter.name and starter.description
        assert starter.definition.answerable_questions()
    assert found["service-change-consultation"].kind == "consultation"


def test_a_template_takes_the_leads_title() -> None:
    starter = starters.load()["friends-and-family-test"]
    assert starters.definition_for(starter, "Ward 7 feedback").title == "Ward 7 feedback"
    assert starter.definition.title == "Friends and Family Test"


def test_a_broken_template_fails_to_load(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text(json.dumps({"name": "Bad", "description": "", "definition": {}}))
    with pytest.raises(DefinitionError):
        starters.load(tmp_path)
    (tmp_path / "bad.json").write_text(
        json.dumps({"name": "Bad", "description": "", "kind": "poll", "definition": {"title": "x"}})
    )
    with pytest.raises(ValueError, match="kind"):
        starters.load(tmp_path)
