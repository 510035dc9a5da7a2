"""Staff: the session's QR code, actions, the workshop record and exports (vote rounds: views_votes)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from toolkit import jobs
from toolkit.auth import role_required
from toolkit.datauri import svg_data_uri
from toolkit.qr import qr_svg
from toolkit.schema import WorkshopSession
from toolkit.security import OFFLINE_DOCUMENT_POLICY
from toolkit.views import Page, form_page
from workshops import forms, report, repository
from workshops.blueprint import SESSION, add_problems, public_url, session_or_404, staff_id, workshops
from workshops.jobs import report_html
from workshops.model import WorkshopError


@workshops.get(f"{SESSION}/qr")
@role_required("facilitator")
def qr(session_id: int) -> str:
    workshop = session_or_404(session_id)
    link = public_url("workshops.public_start", code=workshop.code)
    image = svg_data_uri(qr_svg(link))
    back = url_for("workshops.session", session_id=session_id)
    return render_template("workshops/qr.html", workshop=workshop, link=link, image=image, back_url=back)


@workshops.get(f"{SESSION}/actions")
@role_required("viewer")
def actions(session_id: int) -> str:
    workshop = session_or_404(session_id)
    back = url_for("workshops.session", session_id=session_id)
    return render_template(
        "workshops/actions.html", workshop=workshop, record=repository.session_record(workshop), back_url=back
    )


@workshops.route(f"{SESSION}/actions/new", methods=["GET", "POST"])
@workshops.route(f"{SESSION}/actions/<int:action_id>/edit", methods=["GET", "POST"])
@role_required("facilitator")
def edit_action(session_id: int, action_id: int | None = None) -> Page:
    workshop = session_or_404(session_id)
    action = repository.get_action(session_id, action_id) or abort(404) if action_id else None
    rounds = repository.rounds(session_id)
    form = forms.for_action(
        forms.ActionForm(obj=action), repository.themes_of(session_id), repository.notes(session_id), rounds, action
    )
    if form.validate_on_submit():
        try:
            repository.save_action(session_id, form.draft(), staff_id(), action)
            flash(_("Action saved."))
            return redirect(url_for("workshops.actions", session_id=session_id))
        except WorkshopError as error:
            add_problems(form, "reason" if form.status.data == "not_possible" else "what", error)
    back = url_for("workshops.actions", session_id=session_id)
    return form_page("workshops/action_form.html", form, workshop=workshop, action=action, back_url=back)


@workshops.get(f"{SESSION}/record")
@role_required("viewer")
def record(session_id: int) -> str:
    workshop = session_or_404(session_id)
    found = repository.session_record(workshop)
    charts = {r.id: report.chart_image(r.results, r.title) for r in found.rounds}
    back = url_for("workshops.session", session_id=session_id)
    return render_template(
        "workshops/record.html",
        workshop=workshop,
        record=found,
        charts=charts,
        equality=repository.equality_summary(session_id),
        back_url=back,
    )


def _report(session_id: int) -> str:
    return report_html(session_or_404(session_id))


def _download(content: str | bytes, mimetype: str, filename: str) -> Response:
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@workshops.get(f"{SESSION}/record.html")
@role_required("viewer")
def report_download(session_id: int) -> Response:
    response = _download(_report(session_id), "text/html", f"workshop-{session_id}-record.html")
    response.headers["Content-Security-Policy"] = OFFLINE_DOCUMENT_POLICY
    return response


@workshops.get(f"{SESSION}/record.pdf")
@role_required("viewer")
def offer_report_pdf(session_id: int) -> str:
    """The PDF's stable address: a page that makes it on the queue (a POST to the same address)."""
    workshop = session_or_404(session_id)
    back = url_for("workshops.record", session_id=session_id)
    return jobs.offer(_report_title(workshop), _("Make the report (PDF)"), back_url=back)


@workshops.post(f"{SESSION}/record.pdf")
@role_required("viewer")
def report_pdf_job(session_id: int) -> Response:
    """Make the report PDF on the queue and show its progress."""
    workshop = session_or_404(session_id)
    back = url_for("workshops.record", session_id=session_id)
    return jobs.start_and_show(
        "workshop_report_pdf", _report_title(workshop), {"session_id": session_id}, back_url=back
    )


def _report_title(workshop: WorkshopSession) -> str:
    return _("Report of %(title)s (PDF)", title=workshop.title)


@workshops.get(f"{SESSION}/export/<kind>.csv")
@role_required("viewer")
def export_csv(session_id: int, kind: str) -> Response:
    if kind not in report.EXPORT_KINDS:
        abort(404)
    text = report.to_csv(repository.session_record(session_or_404(session_id)), kind)
    return _download(text, "text/csv", f"workshop-{session_id}-{kind}.csv")


@workshops.get(f"{SESSION}/export.xlsx")
@role_required("viewer")
def export_xlsx(session_id: int) -> Response:
    data = report.to_xlsx(repository.session_record(session_or_404(session_id)))
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(data, mimetype, f"workshop-{session_id}.xlsx")
