"""Checklists as versioned data: the shipped files, uploads, the Gunning gate, and evidence files."""

from __future__ import annotations

import json

import pytest

from engagements import checklists, ticking
from engagements.checklists import ChecklistError, TickState


def test_every_shipped_checklist_parses_and_the_issue_s_five_are_there() -> None:
    latest = checklists.shipped_latest()
    assert set(latest) == {"involvement_planning", "eia", "gunning", "procurement", "committee_assurance"}
    assert {i.stage for i in latest["eia"].items} == {"before", "after"}
    stages = latest["procurement"].stages()
    assert stages == ["planning", "market_engagement", "specification", "evaluation", "award", "mobilisation"]
    gunning = latest["gunning"]
    assert gunning.launch_gate and len(gunning.items) == 4 and all(i.evidence for i in gunning.items)


def test_the_gunning_gate_blocks_on_open_launch_items_only() -> None:
    gunning = checklists.shipped_latest()["gunning"]
    blockers = checklists.launch_blockers([gunning], {})
    assert [i.id for i in blockers] == ["formative", "sufficient_reasons", "adequate_time"]
    ticks = {("gunning", i): TickState(True) for i in ("formative", "sufficient_reasons", "adequate_time")}
    assert checklists.launch_blockers([gunning], ticks) == []  # "conscientious consideration" comes at decision
    planning = checklists.shipped_latest()["involvement_planning"]
    assert checklists.launch_blockers([planning], {}) == []  # only gate checklists block


def test_an_upload_says_everything_wrong_with_it() -> None:
    with pytest.raises(ChecklistError) as raised:
        checklists.parse_upload(
            json.dumps({"key": "Bad Key", "items": [{"id": "a"}, {"id": "a", "text": "x"}]}).encode()
        )
    messages = [str(p) for p in raised.value.problems]
    assert "The checklist needs a version, like 2027.1" in messages
    assert "Each item must have an id and a text" in messages and "Each item needs its own id" in messages
    with pytest.raises(ChecklistError):
        checklists.parse_upload(b"\xff not json")


def test_versions_sort_by_number() -> None:
    assert checklists.version_key("2026.10") > checklists.version_key("2026.9")


PDF = b"%PDF-1.7\n..."


def test_evidence_files_are_checked_by_their_bytes_and_size() -> None:
    upload = ticking.check_upload("../../minutes 12 Jan.pdf", PDF)
    assert (upload.filename, upload.mime_type) == ("minutes 12 Jan.pdf", "application/pdf")
    with pytest.raises(ValueError, match="must be a"):
        ticking.check_upload("minutes.pdf", b"<script>alert(1)</script>")  # a .pdf name is not enough
    with pytest.raises(ValueError, match="must be a"):
        ticking.check_upload("run.exe", b"MZ\x90\x00")
    with pytest.raises(ValueError, match="smaller than 10 MB"):
        ticking.check_upload("big.pdf", PDF + b"0" * ticking.MAX_FILE_BYTES)


def test_evidence_links_are_https_or_pages_of_the_toolkit() -> None:
    assert ticking.tick_problems(ticking.TickDraft(True, link="/staff/surveys/3")) == []
    assert ticking.tick_problems(ticking.TickDraft(True, link="https://example.org/paper.pdf")) == []
    assert ticking.tick_problems(ticking.TickDraft(True, link="javascript:alert(1)"))
