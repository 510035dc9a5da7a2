"""Staff: the panel profile, the panel against its area's population, with recruitment gaps."""

from __future__ import annotations

from flask import render_template

from panel import profile, repository
from panel.blueprint import PANEL, panel_bp, panel_or_404
from toolkit.auth import role_required
from toolkit.equality import area_names
from toolkit.population import area_population
from toolkit.stats.disclosure import Policy
from toolkit.timeutil import utcnow


@panel_bp.get(f"{PANEL}/profile")
@role_required("viewer")
def profile_page(panel_id: int) -> str:
    panel = panel_or_404(panel_id)
    built = profile.build(
        repository.profile_members(panel.id),
        lambda mapping: area_population(panel.area_codes, mapping.dimension, mapping.base),
        Policy(panel.suppression_threshold),
        panel.base,
        without_profile=repository.confirmed_without_profile(panel.id),
        today=utcnow().date(),  # the day still open is never in a reporting block
    )
    return render_template("panel/staff/profile.html", panel=panel, profile=built, areas=area_names(panel.area_codes))
