"""Stored HTML injection: hostile text in every place a person can write it comes out only as
text, on every page, PDF and export that shows it, staff and public.

The pages come from the app's own URL map (every GET route, each variable filled with the
hostile data's ids), so a new page is checked without being listed here. Each payload is a
separate run on both database engines.
"""

from __future__ import annotations

import csv
import io
import json
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import docx
import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from surveys import repository
from surveys.model import Option, Question, Section, SurveyDefinition
from surveys.paper import model as paper
from surveys.translations import model as translation
from tests.helpers import made_on_queue, pdf_text, sign_in
from toolkit import db
from toolkit.schema import Response
from toolkit.timeutil import utcnow
from workshops import repository as workshop_repository
from workshops.model import ActionDraft, NoteDraft, SessionDetails
from workshops.report import EXPORT_KINDS

# Each payload fits every field's length limit (80 characters for a channel name), and carries `data-hostile` so an
# injected element or attribute is easy to find in the parsed page.
PAYLOADS = {
    "tags": '<script>alert("x")</script><b data-hostile="1">bold</b>',
    "attribute": '" data-hostile="1" onmouseover="alert(1)" x="',
    "single-quoted attribute": "' data-hostile='1' onfocus='alert(1)' autofocus x='",
    "javascript link": '<a data-hostile="1" href="javascript:alert(1)">javascript:alert(1)</a>',
    "meta refresh": '<meta data-hostile=1 http-equiv=refresh content="0;url=https://example.net/">',
    "broken tag": '<img data-hostile="1" src=x onerror=alert(1)// <b',
    "right-to-left override": "invoice\u202egnp.exe <i data-hostile=1>",
    "template and mathtext": '{{ "tmpl" ~ "ran" }} {% raw %} $\\nosuchcommand$ ${7*7}',
}
SKIPPED_ENDPOINTS = {"static", "nhsuk_assets", "workshops.static", "auth.sign_out"}
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@dataclass
class World:
    """Ids of the things that hold the payload, for filling in route variables."""

    values: dict[str, list[str]] = field(default_factory=dict)
    workshop_code: str = ""
    channel_code: str = ""
    draft_token: str = ""
    slug: str = "hostile"


def hostile_definition(p: str) -> SurveyDefinition:
    chosen = Question(
        "chosen",
        "single_choice",
        p,
        help=p,
        required=True,
        easy_read_text=p,
        allow_other=True,
        options=(Option("a", p, p), Option("b", "Plain answer")),
    )
    rating = Question("rating", "rating", p, help=p, scale_min_label=p, scale_max_label=p, easy_read_text=p)
    told = Question("told", "long_text", p, help=p, max_length=1000, easy_read_text=p)
    return SurveyDefinition(
        title=p,
        introduction=p,
        privacy_notice=p,
        sections=(Section("s1", p, questions=(chosen, rating)), Section("s2", p, questions=(told,))),
    )


def with_uploaded_translations(definition: SurveyDefinition, p: str) -> SurveyDefinition:
    """Urdu through a translator's CSV and Polish through an XLSX, every cell the payload."""
    table = list(csv.reader(io.StringIO(translation.to_csv(definition, "ur").removeprefix(translation.BOM))))
    out = io.StringIO()
    csv.writer(out).writerows([table[0], *[[key, english, p] for key, english, _old, _status in table[1:]]])
    definition = translation.with_language(definition, "ur", translation.from_csv(out.getvalue(), definition))
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(translation.HEADER))
    for key, english, _old, _status in table[1:]:
        sheet.append([key, english, p])
    buffer = io.BytesIO()
    book.save(buffer)
    return translation.with_language(definition, "pl", translation.from_xlsx(buffer.getvalue(), definition))


def build_survey(p: str, world: World) -> None:
    definition = with_uploaded_translations(hostile_definition(p), p)
    survey = repository.create_survey(p, world.slug, None, definition=definition)
    version = repository.publish(survey, None)
    channel = repository.add_channel(survey, p, None)
    answers = {"chosen": "other", "chosen__other": p, "rating": 5, "told": p}
    with db.transaction() as session:
        for language in ("en", "ur"):
            session.add(
                Response(
                    survey_id=survey.id,
                    version_id=version.id,
                    channel_id=channel.id,
                    reference=repository.new_reference(),
                    submission_key=secrets.token_urlsafe(24),
                    language=language,
                    submitted_at=utcnow() - timedelta(hours=1),
                    answers=answers,
                )
            )
    draft = repository.start_draft(survey, version.id, channel.id, "en")
    repository.save_draft_answers(
        draft, {**answers, "__seen": ["s1", "s2"], "__seen_easy": ["chosen", "rating", "told"]}, "en"
    )
    world.draft_token = draft.token
    world.channel_code = channel.code
    world.values.update(
        survey_id=[str(survey.id)],
        slug=[world.slug],
        channel_id=[str(channel.id)],
        section_id=["s1", "s2"],
        question_id=["chosen", "rating", "told"],
        number=["1"],
        variant=list(paper.VARIANTS),
        file_format=["csv", "xlsx"],
        language_code=["ur", "pl"],
    )


def build_workshop(p: str, world: World) -> None:
    engagement = workshop_repository.create_engagement(p, p, None)
    details = SessionDetails(p, starts_at=utcnow(), venue=p, interpreter_needs=p, facilitators=p, capacity=10)
    workshop = workshop_repository.create_session(engagement, details, None)
    topic = workshop_repository.add_topic(workshop.id, p, p, 10, None)
    table = workshop_repository.add_table(workshop.id, p, None)
    theme = workshop_repository.add_theme(workshop.id, p, None)
    workshop_repository.add_theme(workshop.id, "A plain theme", None)
    note, _ = workshop_repository.add_note(
        workshop.id, NoteDraft(p, secrets.token_hex(8), "facilitator", table.id, topic.id), None
    )
    workshop_repository.assign_theme(note, theme.id, None)
    idea, _ = workshop_repository.add_note(workshop.id, NoteDraft(p, secrets.token_hex(8), "participant"), None)
    themes = [t.id for t in workshop_repository.themes_of(workshop.id)]
    closed = workshop_repository.open_round(workshop.id, p, 3, themes, [idea.id], None)
    options = workshop_repository.options(closed.id)
    workshop_repository.cast_ballot(closed, secrets.token_hex(8), {options[0].id: 2, options[2].id: 1})
    workshop_repository.close_round(closed, None)
    workshop_repository.open_round(workshop.id, p, 3, themes, [idea.id], None)
    action = workshop_repository.save_action(
        workshop.id,
        ActionDraft(p, p, "not_possible", reason=p, theme_ids=(theme.id,), note_ids=(note.id,)),
        None,
    )
    expense = workshop_repository.add_expense(workshop.id, p, 1250, "owed", None)
    world.workshop_code = workshop.code
    world.values.update(
        engagement_id=[str(engagement.id)],
        session_id=[str(workshop.id)],
        topic_id=[str(topic.id)],
        table_id=[str(table.id)],
        theme_id=[str(theme.id)],
        note_id=[str(note.id), str(idea.id)],
        round_id=[str(closed.id)],
        action_id=[str(action.id)],
        expense_id=[str(expense.id)],
        kind=list(EXPORT_KINDS),
    )


ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>")


def urls_for(rule: Rule, world: World) -> Iterator[str]:
    """The rule's URL once for each value of each variable (the first value of the others)."""
    names = [m.group("name") for m in ARGUMENT.finditer(rule.rule)]

    def value_lists(name: str) -> list[str]:
        if name == "code":
            if rule.rule.startswith("/w/"):
                return [world.workshop_code]
            if rule.rule.startswith("/c/"):
                return [world.channel_code]
            return world.values["language_code"]
        if name == "kind" and "/qr." in rule.rule:
            return ["svg"]
        return world.values.get(name, ["1"])

    combos: list[dict[str, str]] = [{}]
    for name in names:
        combos = [{**c, name: v} for c in combos for v in value_lists(name)]
    for combo in combos:
        yield ARGUMENT.sub(lambda m, combo=combo: combo[m.group("name")], rule.rule)  # type: ignore[misc]


def get_urls(app: Flask, world: World, public: bool) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        if rule.rule.startswith("/staff") == public:
            continue
        urls.extend(urls_for(rule, world))
    return sorted(set(urls))


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", BIDI_CONTROLS.sub("", text))


def assert_only_text(html: str, payload: str, where: str) -> bool:
    """No element or attribute the payload could have made, and the payload's `<` never raw.
    True if the page shows the payload (as text)."""
    soup = BeautifulSoup(html, "html.parser")
    injected = soup.find_all(attrs={"data-hostile": True})
    assert not injected, f"{where}: the payload made markup: {injected[:3]}"
    for tag in soup.find_all(True):
        handlers = [name for name in tag.attrs if name.lower().startswith("on")]
        assert not handlers, f"{where}: an event handler attribute {handlers} on <{tag.name}>"
        href = str(tag.get("href", "")).strip().lower()
        assert not href.startswith("javascript:"), f"{where}: a javascript: link"
    assert not soup.find("meta", attrs={"http-equiv": True}), f"{where}: a meta http-equiv"
    for script in soup.find_all("script"):
        # Only our own scripts: a file, or the base layout's one-liner with this response's nonce.
        assert script.get("src") or script.get("nonce"), f"{where}: a script without a nonce: {script}"
        assert "alert" not in script.get_text(), f"{where}: the payload is inside a script: {script}"
    if "<" in payload:
        assert payload not in html, f"{where}: the payload is in the page unescaped"
    # Directional overrides and isolates never reach a page: someone's text cannot reorder the page.
    assert not DIRECTION_CONTROLS.search(html), f"{where}: a directional formatting character is in the page"
    if "{{" in payload:
        assert "tmplran" not in squeezed(soup.get_text()), f"{where}: a template ran"
    return squeezed(payload) in squeezed(soup.get_text())


def shows_in_file(content: bytes, mimetype: str, payload: str) -> bool:
    if mimetype == "application/pdf":
        return squeezed(payload) in squeezed(pdf_text(content, layout=False))
    if "spreadsheetml" in mimetype:
        book = load_workbook(io.BytesIO(content), read_only=True)
        cells = [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c]
        return any(payload in cell for cell in cells)
    if "wordprocessingml" in mimetype:
        document = docx.Document(io.BytesIO(content))
        cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
        return any(payload in text for text in [*(p.text for p in document.paragraphs), *cells])
    text = content.decode("utf-8-sig")
    if mimetype == "application/json":
        return payload in strings_in(json.loads(text))
    if mimetype == "text/csv":
        return any(payload in cell for row in csv.reader(io.StringIO(text)) for cell in row)
    return payload in text


def strings_in(value: Any) -> str:
    if isinstance(value, dict):
        return "\n".join(strings_in(v) for v in value.values())
    if isinstance(value, list):
        return "\n".join(strings_in(v) for v in value)
    return str(value)


def offers_to_make(response: TestResponse, url: str) -> bool:
    """A file's address (a PDF or Word file) whose page offers to make the file in the background."""
    if not url.endswith((".pdf", ".docx")):
        return False
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return page.find("form", action=url, method="post") is not None


def check_every_page(client: FlaskClient, urls: list[str], payload: str) -> set[str]:
    """Every URL answers without a server error; HTML only ever shows the payload as text.
    The URLs whose page, PDF or export shows the payload."""
    shown = set()
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, f"{url} failed with {response.status_code}"
        if response.status_code != 200:
            continue
        mimetype = response.mimetype or ""
        if mimetype == "text/html" and offers_to_make(response, url):
            assert_only_text(response.get_data(as_text=True), payload, url)
            response = made_on_queue(client, url)
            mimetype = response.mimetype or ""
        if mimetype == "text/html":
            if assert_only_text(response.get_data(as_text=True), payload, url):
                shown.add(url)
        elif mimetype.startswith("image/"):
            continue
        elif shows_in_file(response.data, mimetype, payload):
            shown.add(url)
    return shown


@pytest.fixture(params=list(PAYLOADS), ids=list(PAYLOADS))
def hostile(request: pytest.FixtureRequest, app: Flask) -> tuple[str, World]:
    payload = PAYLOADS[request.param]
    world = World()
    build_survey(payload, world)
    build_workshop(payload, world)
    return payload, world


def test_hostile_text_is_only_ever_shown_as_text_to_staff(app: Flask, client: FlaskClient, hostile) -> None:
    payload, world = hostile
    sign_in(client, "admin")
    shown = check_every_page(client, get_urls(app, world, public=False), payload)
    survey, session = world.values["survey_id"][0], world.values["session_id"][0]
    expected = {
        f"/staff/surveys/{survey}",
        f"/staff/surveys/{survey}/results",
        f"/staff/surveys/{survey}/channels",
        f"/staff/surveys/{survey}/export.csv",
        f"/staff/surveys/{survey}/export.xlsx",
        f"/staff/surveys/{survey}/translations/ur",
        f"/staff/surveys/{survey}/translations/pl.xlsx",
        f"/staff/surveys/{survey}/easy-read",
        f"/staff/workshops/{world.values['engagement_id'][0]}",
        f"/staff/workshops/sessions/{session}/board",
        f"/staff/workshops/sessions/{session}/votes",
        f"/staff/workshops/sessions/{session}/votes/{world.values['round_id'][0]}",
        f"/staff/workshops/sessions/{session}/actions",
        f"/staff/workshops/sessions/{session}/expenses",
        f"/staff/workshops/sessions/{session}/record",
        f"/staff/workshops/sessions/{session}/record.html",
        f"/staff/workshops/sessions/{session}/export.xlsx",
        f"/staff/workshops/sessions/{session}/notes.json",
    }
    if "\u202e" not in payload:  # pdftotext lays out right-to-left runs in visual order
        expected |= {f"/staff/workshops/sessions/{session}/record.pdf", f"/staff/surveys/{survey}/print/standard.pdf"}
    assert expected <= shown, f"these did not show the payload: {sorted(expected - shown)}"


def test_hostile_text_is_only_ever_shown_as_text_to_the_public(app: Flask, client: FlaskClient, hostile) -> None:
    payload, world = hostile
    with client.session_transaction() as cookie:
        cookie["drafts"] = {world.slug: world.draft_token}
    shown = check_every_page(client, get_urls(app, world, public=True), payload)
    for language in ("ur", "pl"):
        response = client.get(f"/s/{world.slug}/page/s1?lang={language}")
        assert response.status_code == 200
        assert assert_only_text(response.get_data(as_text=True), payload, f"the {language} page")
    expected = {
        f"/s/{world.slug}",
        f"/s/{world.slug}/page/s1",
        f"/s/{world.slug}/check",
        f"/s/{world.slug}/easy-read",
        f"/s/{world.slug}/easy-read/check",
        f"/s/{world.slug}/easy-read/questions/chosen",
        f"/w/{world.workshop_code}/vote",
    }
    assert expected <= shown, f"these did not show the payload: {sorted(expected - shown)}"
