"""Staff: capturing notes on a phone, the shared board, themes and note edits."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from toolkit import audit
from toolkit.auth import role_required
from toolkit.schema import WorkshopNote
from toolkit.views import Page, form_page
from workshops import forms, repository, themes
from workshops.blueprint import SESSION, add_problems, session_or_404, staff_id, workshops
from workshops.model import WorkshopError


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _note_json(note: WorkshopNote, names: dict[str, dict[int, str]]) -> dict[str, Any]:
    return {
        "id": note.id,
        "text": note.text,
        "table": names["tables"].get(note.table_id or 0, ""),
        "topic": names["topics"].get(note.topic_id or 0, ""),
        "author_kind": note.author_kind,
        "created_at": note.created_at.isoformat(),
    }


def _names(session_id: int) -> dict[str, dict[int, str]]:
    return {
        "tables": {t.id: t.name for t in repository.tables(session_id)},
        "topics": {t.id: t.title for t in repository.topics(session_id)},
    }


@workshops.route(f"{SESSION}/capture", methods=["GET", "POST"])
@role_required("facilitator")
def capture(session_id: int) -> Page:
    workshop = session_or_404(session_id)
    form = forms.for_note(forms.NoteForm(), repository.tables(session_id), repository.topics(session_id))
    if request.method == "GET":
        form.table_id.data, form.topic_id.data = request.args.get("table", ""), request.args.get("topic", "")
    elif form.validate_on_submit():
        try:
            return _saved(session_id, *repository.add_note(session_id, form.draft(), staff_id()))
        except WorkshopError as error:
            add_problems(form, "text", error)
    if _wants_json() and request.method == "POST":
        return jsonify(errors={name: [str(e) for e in f.errors] for name, f in form._fields.items() if f.errors}), 400
    notes = repository.notes(session_id)[-10:]
    return form_page(
        "workshops/capture.html", form, workshop=workshop, recent=reversed(notes), names=_names(session_id)
    )


def _saved(session_id: int, note: WorkshopNote, created: bool) -> Page:
    if note.session_id != session_id:
        abort(409, description=_("This note was already sent to another session."))
    if _wants_json():
        return jsonify(id=note.id, created=created), 201 if created else 200
    flash(_("Note sent.") if created else _("This note had already been sent."))
    table, topic = request.form.get("table_id", ""), request.form.get("topic_id", "")
    return redirect(url_for("workshops.capture", session_id=session_id, table=table, topic=topic))


@workshops.get(f"{SESSION}/notes.json")
@role_required("facilitator")
def notes_json(session_id: int) -> Response:
    session_or_404(session_id)
    raw_after = request.args.get("after", "")
    after = forms.optional_int(raw_after) if raw_after else 0
    if after is None:
        abort(400, description=_("The note number to start after must be a whole number."))
    names = _names(session_id)
    return jsonify(notes=[_note_json(n, names) for n in repository.notes(session_id, after_id=after)])


@workshops.get(f"{SESSION}/board.json")
@role_required("facilitator")
def board_json(session_id: int) -> Response:
    """Where every note is now: the board's script polls it, so a note moved on another device
    moves here too. Conditional on the version, so an unchanged board answers 304."""
    session_or_404(session_id)
    groups = repository.board_groups(session_id)
    state = themes.board_state(groups)
    response = jsonify(**state, counts=_counts(groups))
    response.set_etag(state["version"])
    return response.make_conditional(request)


@workshops.get(f"{SESSION}/board")
@role_required("facilitator")
def board(session_id: int) -> str:
    workshop = session_or_404(session_id)
    groups = repository.board_groups(session_id)
    return render_template(
        "workshops/board.html",
        workshop=workshop,
        groups=groups,
        version=themes.board_state(groups)["version"],
        names=_names(session_id),
        assign_forms=_assign_forms(session_id),
        suggestions={s.note_id: s for s in repository.theme_suggestions(session_id)},
        theme_form=forms.ThemeForm(),
        back_url=url_for("workshops.session", session_id=session_id),
    )


def _assign_forms(session_id: int) -> dict[int, forms.AssignForm]:
    themes = repository.themes_of(session_id)
    return {
        n.id: forms.for_assign(
            forms.AssignForm(prefix=f"note-{n.id}", data={"theme_id": str(n.theme_id or "")}), themes
        )
        for n in repository.notes(session_id)
    }


@workshops.post(f"{SESSION}/themes")
@role_required("facilitator")
def add_theme(session_id: int) -> Response:
    session_or_404(session_id)
    form = forms.ThemeForm()
    if not form.validate_on_submit():
        abort(400, description=_("Enter a name for the theme, 120 characters or fewer."))
    repository.add_theme(session_id, form.name.data or "", staff_id())
    flash(_("Theme added."))
    return redirect(url_for("workshops.board", session_id=session_id))


@workshops.post(f"{SESSION}/notes/<int:note_id>/theme")
@role_required("facilitator")
def assign_theme(session_id: int, note_id: int) -> Page:
    """The board's "Move note" form, and its drag and drop (which asks for JSON)."""
    note = repository.get_note(session_id, note_id) or abort(404)
    form = forms.for_assign(forms.AssignForm(prefix=f"note-{note_id}"), repository.themes_of(session_id))
    if not form.validate_on_submit():
        if _wants_json():
            return jsonify(error=_("Choose a theme from this session.")), 400
        abort(400, description=_("Choose a theme from this session."))
    theme_id = forms.optional_int(form.theme_id.data)
    repository.assign_theme(note, theme_id, staff_id())
    if _wants_json():
        return jsonify(_moved(session_id, note_id, theme_id))
    flash(_("Note moved."))
    return redirect(url_for("workshops.board", session_id=session_id) + f"#note-{note_id}")


def _moved(session_id: int, note_id: int, theme_id: int | None) -> dict[str, Any]:
    """What the board's script needs after a move: what to say, and each group's new count."""
    groups = repository.board_groups(session_id)
    name = next((g.name for g in groups if g.theme_id == theme_id and theme_id is not None), "")
    return {
        "note_id": note_id,
        "theme_id": theme_id,
        "message": _("Note moved to %(theme)s.", theme=name) if name else _("Note moved out of its theme."),
        "counts": _counts(groups),
    }


def _counts(groups: list[themes.BoardGroup]) -> dict[str, str]:
    """Each group's "3 notes", keyed as the board's sections are (no theme: "")."""
    return {str(g.theme_id or ""): note_count_label(len(g.notes)) for g in groups}


def note_count_label(count: int) -> str:
    return str(ngettext("%(num)d note", "%(num)d notes", count))


@workshops.route(f"{SESSION}/notes/<int:note_id>/edit", methods=["GET", "POST"])
@role_required("facilitator")
def edit_note(session_id: int, note_id: int) -> Page:
    note = repository.get_note(session_id, note_id) or abort(404)
    form = forms.NoteEditForm(data={"text": note.text})
    if form.validate_on_submit():
        repository.edit_note(note, form.text.data or "", staff_id())
        flash(_("Note changed. The original wording is kept."))
        return redirect(url_for("workshops.board", session_id=session_id) + f"#note-{note_id}")
    history = audit.events_for("workshop_note", note_id)
    back = url_for("workshops.board", session_id=session_id)
    return form_page(
        "workshops/note_edit.html", form, workshop=session_or_404(session_id), note=note, history=history, back_url=back
    )
