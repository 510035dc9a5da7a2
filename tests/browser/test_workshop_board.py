"""The board in Chromium: drag a note onto a theme and the database records it; a move the
server does not confirm puts the note back; the "Move note" form works from the keyboard
with JavaScript and without it; new notes appear without a reload; axe-core finds nothing
on the board and the change pages with JavaScript on and off."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

import pytest

from tests.browser.conftest import BrowserSession, LiveServer, assert_fits_width, assert_no_axe_violations
from tests.browser.test_workshops import facilitator_page
from toolkit import db
from workshops import editing, repository
from workshops.model import NoteDraft, SessionDetails

NOTE = "No parking spaces after 9 in the morning"
TEXT = {"x": 20, "y": 12}  # on the note's words: a drag starts there, not on its form
TALL = {"width": 1280, "height": 2400}  # every group on screen at once: a test's drag cannot scroll


@dataclass(frozen=True)
class Board:
    session_id: int
    theme_id: int
    note_id: int
    url: str


def make_board(server: LiveServer) -> Board:
    """A session of its own (the demo session is shared with other browser tests)."""
    with server.app.app_context():
        engagement = repository.create_engagement(f"Board test {secrets.token_hex(3)}", "", None)
        workshop = repository.create_session(engagement, SessionDetails("Board test", venue="Hall"), None)
        theme = repository.add_theme(workshop.id, "Transport", None)
        repository.add_theme(workshop.id, "Staff attitude", None)
        table = repository.add_table(workshop.id, "Table 1", None)
        for title in ("Getting an appointment", "Parking"):
            repository.add_topic(workshop.id, title, "What works?\nWhat does not?", 15, None)
        repository.add_expense(workshop.id, "Travel", 1250, "owed", None)
        note, _ = repository.add_note(workshop.id, NoteDraft(NOTE, secrets.token_hex(16), table_id=table.id), None)
        db.session.remove()
    return Board(workshop.id, theme.id, note.id, f"/staff/workshops/sessions/{workshop.id}/board")


def theme_of(server: LiveServer, board: Board) -> int | None:
    with server.app.app_context():
        note = repository.get_note(board.session_id, board.note_id)
        db.session.remove()
        assert note is not None
        return note.theme_id


def section(page: Any, theme_id: int | None) -> Any:
    return page.locator(f'section[data-theme-id="{theme_id or ""}"]')


def note(page: Any, board: Board) -> Any:
    return page.locator(f"#note-{board.note_id}")


def mark_page(page: Any) -> None:
    """Something only this page load has: gone if the page reloads."""
    page.evaluate("() => { window.notReloaded = true }")


def not_reloaded(page: Any) -> bool:
    return bool(page.evaluate("() => window.notReloaded === true"))


@pytest.fixture
def board(live_server: LiveServer) -> Board:
    return make_board(live_server)


def test_dragging_a_note_onto_a_theme_records_it(
    browser_session: BrowserSession, live_server: LiveServer, board: Board
) -> None:
    page = facilitator_page(browser_session, "drag@example.org", **TALL)
    page.goto(board.url)
    mark_page(page)
    note(page, board).drag_to(section(page, board.theme_id).locator("h2"), source_position=TEXT)
    page.locator("#board-status", has_text="Note moved to Transport.").wait_for()
    assert section(page, board.theme_id).locator(f"#note-{board.note_id}").count() == 1
    assert section(page, board.theme_id).locator("[data-count]").inner_text() == "1 note"
    assert section(page, None).locator("[data-count]").inner_text() == "0 notes"
    assert page.get_by_label("Theme", exact=True).input_value() == str(board.theme_id)  # the form agrees with the board
    assert theme_of(live_server, board) == board.theme_id
    assert_no_axe_violations(page, "workshop board after a drag")
    note(page, board).drag_to(section(page, None).locator("h2"), source_position=TEXT)
    page.locator("#board-status", has_text="Note moved out of its theme.").wait_for()
    assert theme_of(live_server, board) is None
    assert not_reloaded(page)


def test_a_move_the_server_does_not_confirm_puts_the_note_back(
    browser_session: BrowserSession, live_server: LiveServer, board: Board
) -> None:
    page = facilitator_page(browser_session, "dragfail@example.org", **TALL)
    page.goto(board.url)
    page.route(re.compile(r".*/notes/\d+/theme$"), lambda route: route.abort())  # the request fails
    note(page, board).drag_to(section(page, board.theme_id).locator("h2"), source_position=TEXT)
    page.locator("#board-status", has_text="could not be moved").wait_for()
    assert section(page, None).locator(f"#note-{board.note_id}").count() == 1
    assert section(page, board.theme_id).locator("[data-empty]").is_visible()
    assert theme_of(live_server, board) is None


def test_the_move_form_works_from_the_keyboard_without_a_reload(
    browser_session: BrowserSession, live_server: LiveServer, board: Board
) -> None:
    page = facilitator_page(browser_session, "keys@example.org")
    page.goto(board.url)
    mark_page(page)
    page.get_by_label("Theme", exact=True).select_option(label="Transport")
    page.get_by_role("button", name="Move note").focus()
    page.keyboard.press("Enter")
    page.locator("#board-status", has_text="Note moved to Transport.").wait_for()
    assert theme_of(live_server, board) == board.theme_id
    assert section(page, board.theme_id).locator(f"#note-{board.note_id}").count() == 1
    assert page.evaluate("() => document.activeElement.id") == f"note-{board.note_id}"
    assert not_reloaded(page)


def test_without_javascript_the_form_moves_the_note(
    browser_session: BrowserSession, live_server: LiveServer, board: Board
) -> None:
    page = facilitator_page(browser_session, "nojsboard@example.org", javascript=False)
    page.goto(board.url)
    page.get_by_label("Theme", exact=True).select_option(label="Transport")
    page.get_by_role("button", name="Move note").click()
    page.get_by_text("Note moved.").wait_for()
    assert section(page, board.theme_id).locator(f"#note-{board.note_id}").count() == 1
    assert theme_of(live_server, board) == board.theme_id


def test_new_notes_appear_on_the_board_without_a_reload(
    browser_session: BrowserSession, live_server: LiveServer, board: Board
) -> None:
    page = facilitator_page(browser_session, "live@example.org", **TALL)
    page.goto(board.url)
    mark_page(page)
    with live_server.app.app_context():
        repository.add_note(board.session_id, NoteDraft("Evening appointments please", secrets.token_hex(16)), None)
        db.session.remove()
    section(page, None).get_by_text("Evening appointments please").wait_for(timeout=15_000)
    page.locator("#board-status", has_text="New notes have been added").wait_for()
    assert section(page, None).locator("[data-count]").inner_text() == "2 notes"
    assert not_reloaded(page)
    new_note = section(page, None).locator("li", has_text="Evening appointments please")
    new_note.drag_to(
        section(page, board.theme_id).locator("h2"), source_position=TEXT
    )  # and it can be dragged like the others
    page.locator("#board-status", has_text="Note moved to Transport.").wait_for()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_board_and_the_change_pages_pass_axe(
    browser_session: BrowserSession, live_server: LiveServer, board: Board, javascript: bool
) -> None:
    page = facilitator_page(browser_session, f"axeboard-{javascript}@example.org")
    if not javascript:
        page.route(re.compile(r".*\.m?js(\?.*)?$"), lambda route: route.abort())
    base = f"/staff/workshops/sessions/{board.session_id}"
    pages = {
        "board": board.url,
        "rename a theme": f"{base}/themes/{board.theme_id}/edit",
        "delete a theme": f"{base}/themes/{board.theme_id}/delete",
        "tables": f"{base}/tables",
    }
    for name, path in pages.items():
        page.goto(path)
        assert page.locator("h1").count() == 1
        assert_no_axe_violations(page, f"workshop {name} ({'js' if javascript else 'no js'})")


def lead_page(session: BrowserSession, javascript: bool) -> Any:
    page = session.new_page()
    if not javascript:
        page.route(re.compile(r".*\.m?js(\?.*)?$"), lambda route: route.abort())
    page.goto("/staff/sign-in")
    page.get_by_label("Email address").fill(session.server.staff_email)
    page.get_by_label("Password").fill(session.server.staff_password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_guide_and_the_leads_change_pages_pass_axe(
    browser_session: BrowserSession, live_server: LiveServer, board: Board, javascript: bool
) -> None:
    page = lead_page(browser_session, javascript)
    base = f"/staff/workshops/sessions/{board.session_id}"
    page.goto(f"{base}/guide")
    page.get_by_role("button", name=re.compile(r"Move down\s+Getting an appointment")).click()
    page.get_by_text("Topic moved down.").wait_for()
    assert page.locator("ol li strong").all_inner_texts() == ["Parking", "Getting an appointment"]
    assert_no_axe_violations(page, f"workshop guide ({'js' if javascript else 'no js'})")
    for name, link in (("delete a topic", "Delete Parking"), ("change a topic", "Change Parking")):
        page.goto(f"{base}/guide")
        page.get_by_role("link", name=link).click()
        assert_no_axe_violations(page, f"workshop {name} ({'js' if javascript else 'no js'})")
    page.goto(f"{base}/expenses")
    page.get_by_role("link", name="Change status of Travel").click()
    page.get_by_label("Paid").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Payment status saved.").wait_for()
    assert_no_axe_violations(page, f"workshop expenses ({'js' if javascript else 'no js'})")


# --- columns, touch, and boards that keep up with each other ----------------------------------

# Each group's left edge and top, in the board's order.
GROUP_BOXES = """() => [...document.querySelectorAll('section[data-theme-id]')]
  .map((s) => { const r = s.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.top)] })"""


def no_scripts(page: Any) -> None:
    """JavaScript "off": the app's own scripts are blocked; the test's evaluate calls still run."""
    page.route(re.compile(r".*\.m?js(\?.*)?$"), lambda route: route.abort())


@pytest.mark.parametrize(("width", "javascript"), [(1280, True), (1280, False), (320, True), (320, False)])
def test_themes_are_columns_on_a_wide_screen_and_one_column_otherwise(
    browser_session: BrowserSession, live_server: LiveServer, board: Board, width: int, javascript: bool
) -> None:
    page = facilitator_page(browser_session, f"columns-{width}-{javascript}@example.org", width=width)
    if not javascript:
        no_scripts(page)
    page.goto(board.url)
    if javascript:
        page.locator("[data-board][data-enhanced]").wait_for()
    boxes = page.evaluate(GROUP_BOXES)
    assert len(boxes) == 3  # not in a theme yet, Transport, Staff attitude
    if width == 1280 and javascript:
        assert len({top for _left, top in boxes}) == 1, f"not side by side: {boxes}"
        assert [left for left, _top in boxes] == sorted({left for left, _top in boxes}), boxes
    else:
        assert len({left for left, _top in boxes}) == 1, f"not one column: {boxes}"
        assert [top for _left, top in boxes] == sorted(top for _left, top in boxes)
    assert_fits_width(page, f"workshop board at {width}px")
    assert_no_axe_violations(page, f"workshop board at {width}px ({'js' if javascript else 'no js'})")


def test_on_a_phone_without_javascript_the_form_moves_the_note(
    browser_session: BrowserSession, live_server: LiveServer, board: Board
) -> None:
    page = facilitator_page(browser_session, "nojsphone@example.org", width=320, height=640)
    no_scripts(page)
    page.goto(board.url)
    page.get_by_label("Theme", exact=True).select_option(label="Staff attitude")
    page.get_by_role("button", name="Move note").click()
    page.get_by_text("Note moved.").wait_for()
    assert theme_of(live_server, board) == board.theme_id + 1


def touch_drag(page: Any, start: dict[str, float], end: dict[str, float], steps: int = 8) -> None:
    """A finger on the screen, through the DevTools protocol: Chromium turns it into touch
    Pointer Events (pointerType "touch"), as a phone or tablet would."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [start]})
    for step in range(1, steps + 1):
        point = {axis: start[axis] + (end[axis] - start[axis]) * step / steps for axis in ("x", "y")}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def centre(locator: Any) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None
    return {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}


def test_a_finger_drags_a_note_by_its_handle(
    browser_session: BrowserSession, live_server: LiveServer, board: Board
) -> None:
    page = facilitator_page(browser_session, "touch@example.org", width=1280, height=1200)
    page.goto(board.url)
    handle = note(page, board).locator("[data-drag-handle]")
    assert handle.evaluate("h => getComputedStyle(h).touchAction") == "none"
    touch_drag(page, centre(handle), centre(section(page, board.theme_id).locator("h2")))
    page.locator("#board-status", has_text="Note moved to Transport.").wait_for()
    assert section(page, board.theme_id).locator(f"#note-{board.note_id}").count() == 1
    assert theme_of(live_server, board) == board.theme_id
    # Elsewhere on a note a finger scrolls the page as usual: nothing is dragged.
    touch_drag(page, centre(note(page, board).locator("p").first), centre(section(page, None).locator("h2")))
    page.wait_for_timeout(500)
    assert theme_of(live_server, board) == board.theme_id


def test_a_note_moved_back_before_this_board_looks_again_moves_back_here_too(
    browser_session: BrowserSession, live_server: LiveServer, board: Board
) -> None:
    """This board moves a note; another device moves it straight back before this board's next
    poll. The server's board is then the very version this page was drawn from, so the page must
    not ask "changed since that version?" (a 304): it shows something else now."""
    mover = facilitator_page(browser_session, "aba@example.org", **TALL)
    mover.goto(board.url)
    mark_page(mover)
    state = re.compile(r".*/board\.json$")
    mover.route(state, lambda route: route.abort())  # this board cannot look until the move back
    note(mover, board).drag_to(section(mover, board.theme_id).locator("h2"), source_position=TEXT)
    mover.locator("#board-status", has_text="Note moved to Transport.").wait_for()
    assert theme_of(live_server, board) == board.theme_id
    with live_server.app.app_context():
        moved = repository.get_note(board.session_id, board.note_id)
        assert moved is not None
        repository.assign_theme(moved, None, None)  # the other device
        db.session.remove()
    mover.unroute(state)
    section(mover, None).locator(f"#note-{board.note_id}").wait_for(timeout=15_000)
    mover.locator("#board-status", has_text="moved on another device").wait_for()
    assert section(mover, board.theme_id).locator("[data-empty]").is_visible()
    assert not_reloaded(mover)


def test_a_theme_added_or_deleted_on_another_device_appears_or_goes_without_a_reload(
    browser_session: BrowserSession, live_server: LiveServer, board: Board
) -> None:
    watcher = facilitator_page(browser_session, "themes@example.org", **TALL)
    watcher.goto(board.url)
    mark_page(watcher)
    with live_server.app.app_context():  # another facilitator adds a theme
        added = repository.add_theme(board.session_id, "Parking", None)
        db.session.remove()
    section(watcher, added.id).wait_for(timeout=15_000)
    watcher.locator("#board-status", has_text="Themes added or deleted on another device").wait_for()
    with live_server.app.app_context():  # and puts the note in it
        found = repository.get_note(board.session_id, board.note_id)
        assert found is not None
        repository.assign_theme(found, added.id, None)
        db.session.remove()
    section(watcher, added.id).locator(f"#note-{board.note_id}").wait_for(timeout=15_000)
    assert section(watcher, added.id).locator("h2").inner_text().startswith("Parking")
    theme = watcher.get_by_label("Theme", exact=True)
    assert theme.input_value() == str(added.id)  # the note's form knows the new theme
    assert "Parking" in theme.locator("option").all_inner_texts()
    assert not_reloaded(watcher)
    assert_no_axe_violations(watcher, "workshop board with a theme added on another device")
    # The new theme works here too: the note moves out of it and back by this board's form.
    theme.select_option(label="Transport")
    watcher.get_by_role("button", name="Move note").click()
    watcher.locator("#board-status", has_text="Note moved to Transport.").wait_for()
    assert theme_of(live_server, board) == board.theme_id
    with live_server.app.app_context():  # another facilitator deletes Transport, with the note in it
        transport = repository.get_theme(board.session_id, board.theme_id)
        assert transport is not None
        editing.delete_theme(transport, None)
        db.session.remove()
    section(watcher, None).locator(f"#note-{board.note_id}").wait_for(timeout=15_000)
    section(watcher, board.theme_id).wait_for(state="detached", timeout=15_000)
    assert "Transport" not in theme.locator("option").all_inner_texts()
    assert theme.input_value() == ""
    assert not_reloaded(watcher)


def test_a_note_moved_on_one_board_moves_on_another_without_a_reload(
    browser_session: BrowserSession, live_server: LiveServer, board: Board
) -> None:
    mover = facilitator_page(browser_session, "mover@example.org", **TALL)
    watcher = facilitator_page(browser_session, "watcher@example.org", **TALL)
    watcher.goto(board.url)
    mark_page(watcher)
    mover.goto(board.url)
    note(mover, board).drag_to(section(mover, board.theme_id).locator("h2"), source_position=TEXT)
    mover.locator("#board-status", has_text="Note moved to Transport.").wait_for()
    section(watcher, board.theme_id).locator(f"#note-{board.note_id}").wait_for(timeout=15_000)
    watcher.locator("#board-status", has_text="moved on another device").wait_for()
    assert section(watcher, board.theme_id).locator("[data-count]").inner_text() == "1 note"
    assert section(watcher, None).locator("[data-empty]").is_visible()
    assert watcher.get_by_label("Theme", exact=True).input_value() == str(board.theme_id)  # the form agrees
    assert not_reloaded(watcher)
    # And back, with the other board's keyboard form this time.
    watcher.get_by_label("Theme", exact=True).select_option(label="Not in a theme")
    watcher.get_by_role("button", name="Move note").click()
    watcher.locator("#board-status", has_text="Note moved out of its theme.").wait_for()
    assert theme_of(live_server, board) is None
    assert mover.evaluate("() => document.visibilityState") == "visible"
    section(mover, None).locator(f"#note-{board.note_id}").wait_for(timeout=20_000)
    assert_no_axe_violations(mover, "workshop board after another board's move")
