"""Staff: double coding. A lead draws a random sample for a second coder, who codes it blind;
agreement per code and overall is shown as Krippendorff's alpha; a lead decides disagreements."""

from __future__ import annotations

import secrets

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from engagements import agreement, coding, forms
from engagements import coding_repository as codes
from engagements.blueprint import ONE, engagement_or_404, engagements, posted_codes, staff_id
from engagements.model import EngagementError
from toolkit.auth import role_required, users
from toolkit.views import Page, form_page


def _sample_form() -> forms.SampleForm:
    form = forms.SampleForm()
    form.second_coder.choices = [(str(u.id), f"{u.name} ({u.email})") for u in users.all_users() if u.active]
    return form


@engagements.route(f"{ONE}/agreement", methods=["GET", "POST"])
@role_required("facilitator")
def agreement_page(engagement_id: int) -> Page:
    found = engagement_or_404(engagement_id)
    form = _sample_form()
    if form.validate_on_submit():
        seed = form.seed.data if form.seed.data is not None else secrets.randbelow(1_000_000)
        try:
            codes.draw_sample(engagement_id, form.size.data or 0, seed, int(form.second_coder.data), staff_id())
            flash(_("Sample drawn with seed %(seed)d.", seed=seed))
            return redirect(url_for("engagements.agreement_page", engagement_id=engagement_id))
        except EngagementError as error:
            form.size.errors = [*form.size.errors, *(str(p) for p in error.problems)]
    result = codes.double_coding(engagement_id)
    book = codes.codebook(engagement_id)
    context = {
        "engagement": found,
        "sample": codes.get_sample(engagement_id),
        "result": result,
        "names": {c.id: coding.label(c, book) for c in book},
        "meaning": agreement.meaning,
        "back_url": url_for("engagements.overview", engagement_id=engagement_id),
    }
    return form_page("engagements/agreement.html", form, **context)


@engagements.get(f"{ONE}/agreement/disagreements")
@role_required("lead")
def disagreements(engagement_id: int) -> str:
    found = engagement_or_404(engagement_id)
    result = codes.double_coding(engagement_id) or abort(404)
    book = codes.codebook(engagement_id)
    texts = {c.key: c for c in codes.comments(engagement_id)}
    return render_template(
        "engagements/disagreements.html",
        engagement=found,
        queue=result.queue,
        texts=texts,
        codebook=book,
        names={c.id: coding.label(c, book) for c in book},
        back_url=url_for("engagements.agreement_page", engagement_id=engagement_id),
    )


@engagements.post(f"{ONE}/agreement/disagreements")
@role_required("lead")
def decide(engagement_id: int) -> Response:
    engagement_or_404(engagement_id)
    key, chosen = posted_codes(forms.DecisionForm(), engagement_id)
    try:
        codes.decide(engagement_id, key, chosen, staff_id())
    except EngagementError:
        abort(400)
    flash(_("Decision recorded."))
    return redirect(url_for("engagements.disagreements", engagement_id=engagement_id))
