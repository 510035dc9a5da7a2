"""Checklists as versioned data: the shipped files in engagements/checklists/ (one per version,
`<key>-<version>.json`) and versions an admin uploads, parsed and checked here; the Gunning gate;
progress. No Flask and no database here."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from toolkit.text import lazy

SHIPPED = Path(__file__).parent / "checklists"
KEY = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
ITEM_ID = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
MAX_ITEMS = 100
MAX_TEXT = 2000
MAX_UPLOAD_BYTES = 200_000
# The order checklists appear in on an engagement.
ORDER = ("involvement_planning", "eia", "gunning", "procurement", "committee_assurance")
LAUNCH_STAGE = "launch"


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    stage: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Checklist:
    key: str
    version: str
    title: str
    items: tuple[Item, ...]
    description: str = ""
    source: str = ""
    launch_gate: bool = False

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def stages(self) -> list[str]:
        return list(dict.fromkeys(i.stage for i in self.items))


class ChecklistError(ValueError):
    def __init__(self, problems: list[Any]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def parse(content: Mapping[str, Any]) -> Checklist:
    """A checklist from its JSON form; ChecklistError listing every problem."""
    problems: list[Any] = []
    key, version, title = _text(content.get("key")), _text(content.get("version")), _text(content.get("title"))
    if not KEY.match(key):
        problems.append(lazy("The checklist needs a key of lower-case letters, numbers and underscores"))
    if not VERSION.match(version):
        problems.append(lazy("The checklist needs a version, like 2027.1"))
    if not title:
        problems.append(lazy("The checklist needs a title"))
    raw_items = content.get("items")
    if not isinstance(raw_items, list) or not 1 <= len(raw_items) <= MAX_ITEMS:
        problems.append(lazy("The checklist needs between 1 and %(max)d items", max=MAX_ITEMS))
        raw_items = []
    items = [_item(raw, problems) for raw in raw_items]
    ids = [i.id for i in items]
    if len(set(ids)) != len(ids):
        problems.append(lazy("Each item needs its own id"))
    if problems:
        raise ChecklistError(problems)
    return Checklist(
        key=key,
        version=version,
        title=title,
        items=tuple(items),
        description=_text(content.get("description")),
        source=_text(content.get("source")),
        launch_gate=content.get("launch_gate") is True,
    )


def _item(raw: Any, problems: list[Any]) -> Item:
    if not isinstance(raw, dict):
        problems.append(lazy("Each item must have an id and a text"))
        return Item("", "")
    item = Item(_text(raw.get("id")), _text(raw.get("text")), _text(raw.get("stage")), _text(raw.get("evidence")))
    if not ITEM_ID.match(item.id) or not item.text:
        problems.append(lazy("Each item must have an id and a text"))
    elif max(len(item.text), len(item.evidence)) > MAX_TEXT or len(item.stage) > 40:
        problems.append(lazy("An item's text must be %(max)d characters or fewer", max=MAX_TEXT))
    return item


def parse_upload(data: bytes) -> tuple[Checklist, dict[str, Any]]:
    """An uploaded file: the checklist and its JSON (kept as uploaded)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ChecklistError([lazy("The file must be smaller than 200 KB")])
    try:
        content = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ChecklistError([lazy("The file must be a checklist in JSON, like the ones shipped")]) from None
    if not isinstance(content, dict):
        raise ChecklistError([lazy("The file must be a checklist in JSON, like the ones shipped")])
    return parse(content), content


@cache
def shipped() -> tuple[Checklist, ...]:
    """Every shipped version of every checklist."""
    return tuple(parse(json.loads(path.read_text(encoding="utf-8"))) for path in sorted(SHIPPED.glob("*.json")))


def shipped_latest() -> dict[str, Checklist]:
    """The newest shipped version of each checklist (the default until an admin adopts one)."""
    latest: dict[str, Checklist] = {}
    for checklist in shipped():
        current = latest.get(checklist.key)
        if current is None or version_key(checklist.version) > version_key(current.version):
            latest[checklist.key] = checklist
    return latest


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Sorts 2026.10 after 2026.9."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"[._-]", version))


def ordered(keys: Iterable[str]) -> list[str]:
    return sorted(keys, key=lambda k: (ORDER.index(k) if k in ORDER else len(ORDER), k))


@dataclass(frozen=True)
class TickState:
    """What an engagement recorded against one item."""

    done: bool
    note: str = ""
    evidence_link: str = ""
    evidence_file: str = ""  # the uploaded file's name
    ticked_by: str = ""
    ticked_at: Any = None


def progress(checklist: Checklist, ticks: Mapping[str, TickState]) -> tuple[int, int]:
    """(items done, items) for a checklist."""
    done = sum(1 for item in checklist.items if ticks.get(item.id, TickState(False)).done)
    return done, len(checklist.items)


def launch_blockers(checklists: Iterable[Checklist], ticks: Mapping[tuple[str, str], TickState]) -> list[Item]:
    """The open launch-stage items of gate checklists (the Gunning tests): a formal consultation
    cannot be marked launched while any is open."""
    return [
        item
        for checklist in checklists
        if checklist.launch_gate
        for item in checklist.items
        if item.stage == LAUNCH_STAGE and not ticks.get((checklist.key, item.id), TickState(False)).done
    ]


STAGE_LABELS: dict[str, Any] = {
    "planning": lazy("Planning"),
    "launch": lazy("Before launch"),
    "decision": lazy("When the decision is made"),
    "close": lazy("At the close"),
    "before": lazy("Before the engagement"),
    "after": lazy("After the engagement"),
    "market_engagement": lazy("Market engagement"),
    "specification": lazy("Specification"),
    "evaluation": lazy("Evaluation"),
    "award": lazy("Award"),
    "mobilisation": lazy("Mobilisation"),
}


def stage_label(stage: str) -> str:
    return str(STAGE_LABELS.get(stage, stage.replace("_", " ").capitalize()))
