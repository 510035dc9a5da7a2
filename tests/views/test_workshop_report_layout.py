"""The workshop report's PDF keeps each heading with what it introduces: a vote round's title with
its chart, and no heading or table caption left as the last thing on a page. Read from the PDF's
tags (pikepdf): every heading, paragraph, table row and figure is tagged with the page it is on."""

from __future__ import annotations

import io
import itertools

import pikepdf
import pytest
from flask import Flask

from tests.views.test_workshops import make_session
from toolkit.pdf import to_pdf
from workshops import jobs, repository
from workshops.model import NoteDraft

CONTENT = {"/H1", "/H2", "/H3", "/H4", "/P", "/LI", "/TR", "/Figure", "/Caption"}
HEADINGS = {"/H1", "/H2", "/H3", "/H4", "/Caption"}


def reading_order(content: bytes) -> list[tuple[str, int]]:
    """(tag, page number) of every tagged block, in reading order."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        found: list[tuple[str, int]] = []

        def walk(node: object) -> None:
            if isinstance(node, pikepdf.Array):
                for child in node:
                    walk(child)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                page = node.get("/Pg")
                if str(node.S) in CONTENT and page is not None:
                    found.append((str(node.S), pages[page.objgen]))
                if "/K" in node:
                    walk(node.K)

        walk(pdf.Root.StructTreeRoot.K)
    return found


def report_pdf(app: Flask, extra_notes: int) -> bytes:
    """A session with `extra_notes` one-line notes before two vote rounds with charts: each note
    moves the rounds a line down the page, so some count puts a round's title at a page foot."""
    workshop = make_session()
    themes = [repository.add_theme(workshop.id, name, None) for name in ("Access", "Continuity", "Buses")]
    for number in range(extra_notes + len(themes)):
        note, _ = repository.add_note(workshop.id, NoteDraft(f"Note number {number}", f"key-{number:06d}"), None)
        repository.assign_theme(note, themes[number % len(themes)].id, None)
    for title in ("What matters most?", "What should we do first?"):
        vote_round = repository.open_round(workshop.id, title, 3, [t.id for t in themes], [], None)
        choices = [o.id for o in repository.options(vote_round.id)]
        for voter in range(4):
            repository.cast_ballot(vote_round, f"device-{voter:020d}", {choices[voter % 3]: 2, choices[0]: 1})
    with app.test_request_context("/staff/workshops/"):
        return to_pdf(jobs.report_html(workshop, for_pdf=True))


# Without the wrapper that keeps a round's title, count and chart together, the rounds' titles
# were left at a page foot with 0, 24 and 42 extra notes (12 laid out well either way).
@pytest.mark.parametrize("extra_notes", [0, 12, 24, 42])
def test_a_heading_is_never_the_last_thing_on_a_page(app: Flask, extra_notes: int) -> None:
    order = reading_order(report_pdf(app, extra_notes))
    assert ("/Figure" in {tag for tag, _ in order}) and max(page for _, page in order) >= 2
    for (tag, page), (next_tag, next_page) in itertools.pairwise(order):
        assert tag not in HEADINGS or next_page == page, (tag, page, next_tag, next_page)
    for index, (tag, page) in enumerate(order):
        if tag == "/Figure":
            title_page = next(p for t, p in reversed(order[:index]) if t == "/H3")
            assert title_page == page, f"a round's title is on page {title_page}, its chart on page {page}"
