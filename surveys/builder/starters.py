"""Survey templates shipped as data: each JSON file in `starters/` is a survey a lead can start
from (GP access, a service change consultation, the Friends and Family Test, a workshop
follow-up). Plain module: files in, definitions out.

A file holds `name`, `description`, `kind` ("survey" or "consultation") and `definition` (the
stored form of a survey definition, as `surveys.model.to_dict` writes it). Add a template by
adding a file; tests/unit/surveys/test_starters.py checks every file is a valid survey.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from surveys import model
from surveys.model import SurveyDefinition

FOLDER = Path(__file__).with_name("starters")


@dataclass(frozen=True)
class Starter:
    key: str  # the file's name without .json
    name: str
    description: str
    kind: str
    definition: SurveyDefinition


def load(folder: Path = FOLDER) -> dict[str, Starter]:
    """Every template in the folder, by key, in file-name order. Raises DefinitionError or
    ValueError on a malformed file, so a broken template fails at start-up and in the tests."""
    found: dict[str, Starter] = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        kind = str(data.get("kind", "survey"))
        if kind not in ("survey", "consultation"):
            raise ValueError(f"{path.name}: kind must be survey or consultation, not {kind!r}")
        definition = model.from_dict(data["definition"])
        found[path.stem] = Starter(path.stem, str(data["name"]), str(data["description"]), kind, definition)
    return found


def definition_for(starter: Starter, title: str) -> SurveyDefinition:
    """The template's survey under the lead's own title."""
    return replace(starter.definition, title=title)


STARTERS = load()
