"""Staff: "You said, we did" commitments (owner, status, dated updates, the themes they answer)
and publishing a version; the loop-closed measure."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from engagements import coding_repository as codes
from reports import repository
from reports.blueprint import ONE, add_problems, engagement_or_404, reports
from reports.forms import CommitmentForm, DeleteAddressForm, PublishForm, TranslationUploadForm, UpdateForm
from reports.model import ReportError
from surveys.translations.model import language_name
from toolkit import teams
from toolkit.auth import current_user, current_user_id, role_required
from toolkit.schema import Commitment
from toolkit.views import Page, form_page

COMMITMENTS = f"{ONE}/you-said-we-did"


def stop_url(token: str) -> str:
    """The "stop telling me" link in each email."""
    return url_for("reports.stop_telling", token=token, _external=True)


def _commitment_or_404(engagement_id: int, commitment_id: int) -> Commitment:
    found = repository.get_commitment(engagement_id, commitment_id)
    if found is None:
        abort(404)
    return found


def _theme_choices(engagement_id: int) -> list[tuple[int, str]]:
    return [(c.id, c.name) for c in codes.codebook(engagement_id) if c.parent_id is None]


@reports.get(COMMITMENTS)
@role_required("viewer")
def feedback_staff(engagement_id: int) -> str:
    found = engagement_or_404(engagement_id)
    themes = repository.theme_counts(found.id)
    names = {t.code_id: t.name for t in themes}
    commitments = repository.commitments(found.id)
    return render_template(
        "reports/feedback_staff.html",
        engagement=found,
        themes=themes,
        theme_names=lambda ids: ", ".join(names[i] for i in ids if i in names),
        commitments=commitments,
        update_forms={c.id: UpdateForm(prefix=f"c{c.id}") for c in commitments},
        versions=repository.publications(found.id),
        measure=repository.loop_closed(found),
        subscribers=repository.subscriber_count(found.id),
        publish_form=PublishForm(prefix="publish"),
        delete_form=DeleteAddressForm(prefix="forget"),
        languages=[(lang, language_name(lang)) for lang in repository.feedback_languages(found.id)],
        upload_form=lambda lang: TranslationUploadForm(prefix=f"t-{lang}"),
    )


@reports.route(f"{COMMITMENTS}/commitments/new", methods=["GET", "POST"])
@reports.route(f"{COMMITMENTS}/commitments/<int:commitment_id>", methods=["GET", "POST"])
@role_required("lead")
def commitment_form(engagement_id: int, commitment_id: int | None = None) -> Page:
    found = engagement_or_404(engagement_id)
    row = _commitment_or_404(engagement_id, commitment_id) if commitment_id else None
    form = CommitmentForm(obj=row if row is not None else None)
    form.themes.choices = _theme_choices(found.id)
    if form.validate_on_submit():
        try:
            page_url = url_for("reports.public_page", engagement_id=engagement_id, _external=True)
            repository.save_commitment(found, form.draft(), current_user_id(), row, page_url, stop_url)
            flash(_("Commitment saved."))
            return redirect(url_for("reports.feedback_staff", engagement_id=engagement_id))
        except ReportError as error:
            add_problems(form, "what", error)
    elif row is not None and not form.is_submitted():
        form.themes.data = list(row.theme_ids or [])
    back = url_for("reports.feedback_staff", engagement_id=engagement_id)
    return form_page("reports/commitment_form.html", form, engagement=found, commitment=row, back_url=back)


@reports.post(f"{COMMITMENTS}/commitments/<int:commitment_id>/updates")
@role_required("lead")
def add_update(engagement_id: int, commitment_id: int) -> Page:
    found = engagement_or_404(engagement_id)
    row = _commitment_or_404(engagement_id, commitment_id)
    form = UpdateForm(prefix=f"c{commitment_id}")
    if form.validate_on_submit() and form.on.data is not None:  # InputRequired: never None here
        try:
            repository.add_update(found, row, form.on.data, form.text.data or "", current_user_id())
            flash(_("Update added."))
        except ReportError as error:
            abort(400, description=str(error))
    else:
        abort(400, description=" ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(url_for("reports.feedback_staff", engagement_id=engagement_id))


@reports.post(f"{COMMITMENTS}/publish")
@role_required("lead")
def publish(engagement_id: int) -> Page:
    found = engagement_or_404(engagement_id)
    form = PublishForm(prefix="publish")
    if not form.validate_on_submit():
        abort(400, description=" ".join(str(e) for errors in form.errors.values() for e in errors))
    page_url = url_for("reports.public_page", engagement_id=engagement_id, _external=True)
    version = repository.publish(found, form.change_note.data or "", current_user_id(), page_url, stop_url)
    flash(_("Version %(version)d published.", version=version.version))
    return redirect(url_for("reports.feedback_staff", engagement_id=engagement_id))


@reports.post(f"{COMMITMENTS}/forget")
@role_required("lead")
def forget_address(engagement_id: int) -> Page:
    """Delete an address when its owner asks by phone, letter or in person."""
    found = engagement_or_404(engagement_id)
    form = DeleteAddressForm(prefix="forget")
    if not form.validate_on_submit():
        abort(400, description=" ".join(str(e) for errors in form.errors.values() for e in errors))
    deleted = repository.delete_subscription(found, form.email.data or "", current_user_id())
    flash(_("Email address deleted.") if deleted else _("That email address was not on the list."))
    return redirect(url_for("reports.feedback_staff", engagement_id=engagement_id), 303)


@reports.get("/staff/loop-closed")
@role_required("viewer")
def loop_closed() -> str:
    user = current_user()
    assert user is not None  # role_required saw to that
    mine = teams.visible_team_ids(user)
    rows = repository.loop_closed_all(mine)
    return render_template("reports/loop_closed.html", rows=rows, overall=repository.loop_closed_overall(mine))
