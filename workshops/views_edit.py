"""Staff: changing what was set up earlier. Editing an engagement, a topic, a table, a theme
or a payment's status; moving topics up and down; deleting topics, tables and themes, each
through a confirmation page. The rules (and the audit trail) live in `workshops.editing`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from toolkit.auth import role_required
from toolkit.schema import WorkshopNote
from toolkit.views import Page, form_page
from workshops import editing, forms, repository
from workshops.blueprint import SESSION, STAFF, add_problems, session_or_404, staff_id, workshops
from workshops.model import WorkshopError


def _edit_page(form: FlaskForm, save: Callable[[], Any], done: str, message: str, **context: Any) -> Page:
    """A one-form change page: save on a valid post, otherwise show the form (400 with errors)."""
    if form.validate_on_submit():
        try:
            save()
            flash(message)
            return redirect(done)
        except WorkshopError as error:
            add_problems(form, next(name for name in form._fields if name != "csrf_token"), error)
    return form_page("workshops/change_form.html", form, back_url=done, **context)


def _delete_page(delete: Callable[[], Any], done: str, message: str, refusal: Any = None, **context: Any) -> Page:
    """A confirmation page; deleting on its button. A refusal is shown instead of the button."""
    form = forms.ConfirmForm()
    if refusal is None and form.validate_on_submit():
        try:
            delete()
            flash(message)
            return redirect(done)
        except WorkshopError as error:
            refusal = error.problems[0]
    html = render_template("workshops/confirm_delete.html", form=form, refusal=refusal, back_url=done, **context)
    return (html, 409) if refusal is not None and form.is_submitted() else html


def _found(get: Callable[[int, int], Any], session_id: int, object_id: int) -> Any:
    """The session's topic/table/theme/payment; 404 for an id from elsewhere or made up."""
    return get(session_or_404(session_id).id, object_id) or abort(404)


# --- engagements -------------------------------------------------------------------------


@workshops.route(f"{STAFF}/<int:engagement_id>/edit", methods=["GET", "POST"])
@role_required("lead")
def edit_engagement(engagement_id: int) -> Page:
    found = repository.get_engagement(engagement_id) or abort(404)
    form = forms.EngagementForm(obj=found)

    def save() -> None:
        editing.update_engagement(found, form.title.data or "", form.description.data or "", staff_id())

    done = url_for("workshops.engagement", engagement_id=engagement_id)
    heading = _("Change the engagement")
    return _edit_page(form, save, done, _("Engagement details saved."), heading=heading, caption=found.title)


# --- the discussion guide ----------------------------------------------------------------


@workshops.route(f"{SESSION}/guide/<int:topic_id>/edit", methods=["GET", "POST"])
@role_required("lead")
def edit_topic(session_id: int, topic_id: int) -> Page:
    topic = _found(editing.get_topic, session_id, topic_id)
    form = forms.TopicForm(obj=topic)

    def save() -> None:
        title, questions = form.title.data or "", form.questions.data or ""
        editing.update_topic(topic, title, questions, form.minutes.data or 0, staff_id())

    done = url_for("workshops.guide", session_id=session_id) + f"#topic-{topic_id}"
    return _edit_page(form, save, done, _("Topic saved."), heading=_("Change a topic"), caption=topic.title)


@workshops.post(f"{SESSION}/guide/<int:topic_id>/move")
@role_required("lead")
def move_topic(session_id: int, topic_id: int) -> Response:
    topic = _found(editing.get_topic, session_id, topic_id)
    form = forms.MoveForm()
    if not form.validate_on_submit():
        abort(400, description=_("Choose to move the topic up or down."))
    editing.move_topic(topic, form.direction.data or "", staff_id())
    flash(_("Topic moved up.") if form.direction.data == "up" else _("Topic moved down."))
    return redirect(url_for("workshops.guide", session_id=session_id) + f"#topic-{topic_id}")


@workshops.route(f"{SESSION}/guide/<int:topic_id>/delete", methods=["GET", "POST"])
@role_required("lead")
def delete_topic(session_id: int, topic_id: int) -> Page:
    topic = _found(editing.get_topic, session_id, topic_id)
    in_use = editing.notes_under(WorkshopNote.topic_id, topic_id)
    return _delete_page(
        lambda: editing.delete_topic(topic, staff_id()),
        url_for("workshops.guide", session_id=session_id),
        _("Topic deleted."),
        refusal=editing.TOPIC_IN_USE if in_use else None,
        heading=_("Delete the topic “%(title)s”?", title=topic.title),
        consequences=[_("It is taken out of the discussion guide. Nothing else changes.")],
        change_url=url_for("workshops.edit_topic", session_id=session_id, topic_id=topic_id),
    )


# --- tables -------------------------------------------------------------------------------


@workshops.route(f"{SESSION}/tables/<int:table_id>/edit", methods=["GET", "POST"])
@role_required("facilitator")
def edit_table(session_id: int, table_id: int) -> Page:
    table = _found(editing.get_table, session_id, table_id)
    form = forms.TableForm(obj=table)
    done = url_for("workshops.tables", session_id=session_id)
    return _edit_page(
        form,
        lambda: editing.rename_table(table, form.name.data or "", staff_id()),
        done,
        _("Table renamed."),
        heading=_("Rename a table"),
        caption=table.name,
    )


@workshops.route(f"{SESSION}/tables/<int:table_id>/delete", methods=["GET", "POST"])
@role_required("facilitator")
def delete_table(session_id: int, table_id: int) -> Page:
    table = _found(editing.get_table, session_id, table_id)
    in_use = editing.notes_under(WorkshopNote.table_id, table_id)
    return _delete_page(
        lambda: editing.delete_table(table, staff_id()),
        url_for("workshops.tables", session_id=session_id),
        _("Table deleted."),
        refusal=editing.TABLE_IN_USE if in_use else None,
        heading=_("Delete the table “%(name)s”?", name=table.name),
        consequences=[_("It is taken off the list of tables. Nothing else changes.")],
        change_url=url_for("workshops.edit_table", session_id=session_id, table_id=table_id),
    )


# --- themes -------------------------------------------------------------------------------


@workshops.route(f"{SESSION}/themes/<int:theme_id>/edit", methods=["GET", "POST"])
@role_required("facilitator")
def edit_theme(session_id: int, theme_id: int) -> Page:
    theme = _found(repository.get_theme, session_id, theme_id)
    form = forms.ThemeNameForm(obj=theme)
    done = url_for("workshops.board", session_id=session_id) + f"#theme-{theme_id}"
    return _edit_page(
        form,
        lambda: editing.rename_theme(theme, form.name.data or "", staff_id()),
        done,
        _("Theme renamed."),
        heading=_("Rename a theme"),
        caption=theme.name,
    )


@workshops.route(f"{SESSION}/themes/<int:theme_id>/delete", methods=["GET", "POST"])
@role_required("facilitator")
def delete_theme(session_id: int, theme_id: int) -> Page:
    theme = _found(repository.get_theme, session_id, theme_id)
    note_ids, actions = editing.theme_links(theme)
    moves = ngettext(
        "%(num)d note in it moves to “Not in a theme yet”.",
        "%(num)d notes in it move to “Not in a theme yet”.",
        len(note_ids),
    )
    consequences = [moves if note_ids else _("There are no notes in it.")]
    consequences.append(_("No note is deleted, and vote results keep their wording."))
    if actions:
        consequences.append(
            ngettext("%(num)d action will no longer name it.", "%(num)d actions will no longer name it.", len(actions))
        )
    return _delete_page(
        lambda: editing.delete_theme(theme, staff_id()),
        url_for("workshops.board", session_id=session_id),
        _("Theme deleted. Its notes are not in a theme now."),
        heading=_("Delete the theme “%(name)s”?", name=theme.name),
        consequences=consequences,
    )


# --- expenses -------------------------------------------------------------------------------


@workshops.route(f"{SESSION}/expenses/<int:expense_id>/status", methods=["GET", "POST"])
@role_required("lead")
def expense_status(session_id: int, expense_id: int) -> Page:
    expense = _found(editing.get_expense, session_id, expense_id)
    form = forms.ExpenseStatusForm(obj=expense)
    caption = f"{expense.description} – £{expense.amount_pence / 100:.2f}"
    return _edit_page(
        form,
        lambda: editing.set_expense_status(expense, form.status.data or "", staff_id()),
        url_for("workshops.expenses", session_id=session_id),
        _("Payment status saved."),
        heading=_("Change the status of a payment"),
        caption=caption,
    )
