"""The census dimensions a panel can be sampled and weighted on, the population's shares, and a
member's group on each (plain: no Flask, no database).

The comparison itself (which answer is in which census group, at which population base) is
`toolkit.equality`'s, shared with the survey dashboard and the panel profile. Profiles are read
here only to put members in groups for sampling, response rates by group and weighting; what
anyone sees of them is counts, through the disclosure layer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from toolkit.equality import UNMATCHED, comparison_mappings, default_questions, respondent_group
from toolkit.population import CategoryMapping, area_population

# The guidance's usual gaps: young adults and unpaid carers, with sex and ethnic group.
DEFAULT_DIMENSIONS = ("age", "sex", "ethnic_group_5", "unpaid_care")


def dimensions(panel_base: str) -> tuple[CategoryMapping, ...]:
    """Every census dimension the harmonised questions can be compared on (ethnic group as 5 groups)."""
    mappings = comparison_mappings((q.id for q in default_questions()), panel_base)
    return tuple(m for m in mappings if not m.dimension.startswith("ethnic_group_") or m.dimension == "ethnic_group_5")


def population_shares(area_codes: Sequence[str], chosen: Sequence[CategoryMapping]) -> dict[str, dict[str, float]]:
    """Dimension -> comparison group -> share of the area's population."""
    shares: dict[str, dict[str, float]] = {}
    for m in chosen:
        grouped = m.group_population(area_population(area_codes, m.dimension, m.base))
        total = sum(grouped.values()) or 1
        shares[m.dimension] = {group: count / total for group, count in grouped.items()}
    return shares


def member_group(m: CategoryMapping, answers: Mapping[str, Any]) -> str | None:
    """The comparison group of a member's profile answers; None when not known."""
    group = respondent_group(m, answers)
    return None if group == UNMATCHED else group


def member_groups(chosen: Sequence[CategoryMapping], answers: Mapping[str, Any]) -> dict[str, str | None]:
    return {m.dimension: member_group(m, answers) for m in chosen}
