"""How the survey's equality answers line up with Census 2021 categories, as data a page can show.

Respondents and residents are compared in *groups*. A group is a census category, or several census
categories taken together where the survey cannot tell them apart (for example the four census
answers that mean "my gender identity is not the same as my sex registered at birth"). Each survey
answer belongs to exactly one group, or to none:

* "Prefer not to say" belongs to no group. People who chose it are left out of the respondents'
  shares (and counted separately).
* The census category "Not answered" (the voluntary questions: religion, sexual orientation, gender
  identity) belongs to no group either, so both sides are shares of the people who answered.

The survey answer wording comes from `equality_questions.json`; the census wording from
`tables.py`. A unit test checks the two files and this one agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from toolkit.population import tables as t
from toolkit.population.reference import AreaPopulation, UnknownDimensionError, frozen_mapping

PREFER_NOT_TO_SAY = "Prefer not to say"
NOT_ANSWERED = "Not answered"

# Survey-side values for disability, derived from the two harmonised questions by `disability_answer`.
DISABLED_A_LOT = "Condition reduces day-to-day activities a lot"
DISABLED_A_LITTLE = "Condition reduces day-to-day activities a little"
NOT_DISABLED = "No condition, or it does not reduce day-to-day activities"

GENDER_DIFFERENT = "Gender identity different from sex registered at birth"


@dataclass(frozen=True)
class MappingRow:
    """One line of the mapping table shown on the page."""

    survey_answer: str
    census_categories: tuple[str, ...]  # empty when the answer is left out of the comparison
    group: str | None


@dataclass(frozen=True)
class CategoryMapping:
    dimension: str
    base: str
    question_id: str
    survey_to_group: Mapping[str, str | None]
    census_to_group: Mapping[str, str | None]
    notes: tuple[str, ...] = ()

    @property
    def groups(self) -> tuple[str, ...]:
        """The comparison groups, in census order."""
        return tuple(dict.fromkeys(g for g in self.census_to_group.values() if g is not None))

    def rows(self) -> tuple[MappingRow, ...]:
        return tuple(
            MappingRow(answer, self._census_in(group), group) for answer, group in self.survey_to_group.items()
        )

    def _census_in(self, group: str | None) -> tuple[str, ...]:
        if group is None:
            return ()
        return tuple(c for c, g in self.census_to_group.items() if g == group)

    def group_population(self, population: AreaPopulation) -> dict[str, int]:
        """Population counts by comparison group; "Not answered" is left out."""
        grouped = dict.fromkeys(self.groups, 0)
        for category, count in population.counts.items():
            group = self.census_to_group[category]
            if group is not None:
                grouped[group] += count
        return grouped

    def excluded_population(self, population: AreaPopulation) -> int:
        return sum(n for c, n in population.counts.items() if self.census_to_group[c] is None)


def _dimension_spec(key: str) -> t.DimensionDefinition:
    for spec in t.DIMENSIONS:
        if spec.key == key:
            return spec
    raise UnknownDimensionError(f"There are no census figures for '{key}'.")


def _census_identity(categories: t.Categories, merged: Mapping[str, str] | None = None) -> dict[str, str | None]:
    groups: dict[str, str | None] = {}
    for category, _ in categories:
        groups[category] = None if category == NOT_ANSWERED else (merged or {}).get(category, category)
    return groups


def _mapping(
    dimension: str,
    base: str,
    survey: Mapping[str, str | None],
    census: Mapping[str, str | None],
    *notes: str,
) -> CategoryMapping:
    question_id = _dimension_spec(dimension).question_id
    survey_to_group = {**survey, PREFER_NOT_TO_SAY: None}
    return CategoryMapping(dimension, base, question_id, frozen_mapping(survey_to_group), frozen_mapping(census), notes)


AGE_ANSWERS = ("16 to 24", "25 to 34", "35 to 44", "45 to 54", "55 to 64", "65 to 74", "75 or over")

ETHNIC_19: dict[str, str] = {
    "English, Welsh, Scottish, Northern Irish or British": f"{t.WHITE}: English, Welsh, Scottish, Northern Irish or British",  # noqa: E501
    "Irish": f"{t.WHITE}: Irish",
    "Gypsy or Irish Traveller": f"{t.WHITE}: Gypsy or Irish Traveller",
    "Roma": f"{t.WHITE}: Roma",
    "Any other White background": f"{t.WHITE}: Other White",
    "White and Black Caribbean": f"{t.MIXED}: White and Black Caribbean",
    "White and Black African": f"{t.MIXED}: White and Black African",
    "White and Asian": f"{t.MIXED}: White and Asian",
    "Any other Mixed or Multiple ethnic background": f"{t.MIXED}: Other Mixed or Multiple ethnic groups",
    "Indian": f"{t.ASIAN}: Indian",
    "Pakistani": f"{t.ASIAN}: Pakistani",
    "Bangladeshi": f"{t.ASIAN}: Bangladeshi",
    "Chinese": f"{t.ASIAN}: Chinese",
    "Any other Asian background": f"{t.ASIAN}: Other Asian",
    "Caribbean": f"{t.BLACK}: Caribbean",
    "African": f"{t.BLACK}: African",
    "Any other Black, Black British, or Caribbean background": f"{t.BLACK}: Other Black",
    "Arab": f"{t.OTHER}: Arab",
    "Any other ethnic group": f"{t.OTHER}: Any other ethnic group",
}  # fmt: skip


def _ethnic_8(census_19: str) -> str:
    high_level, _, detail = census_19.partition(": ")
    if high_level != t.WHITE:
        return high_level
    if detail in ("English, Welsh, Scottish, Northern Irish or British", "Irish"):
        return census_19
    return t.WHITE_8_16_PLUS[2]


RELIGION = {
    "No religion": "No religion",
    "Christian (all denominations)": "Christian",
    "Buddhist": "Buddhist",
    "Hindu": "Hindu",
    "Jewish": "Jewish",
    "Muslim": "Muslim",
    "Sikh": "Sikh",
    "Any other religion (write in)": "Other religion",
}

SEXUAL_ORIENTATION = {
    "Straight or Heterosexual": "Straight or Heterosexual",
    "Gay or Lesbian": "Gay or Lesbian",
    "Bisexual": "Bisexual",
    "Other sexual orientation (write in)": "All other sexual orientations",
}

GENDER_IDENTITY = {
    "Yes": "Gender identity the same as sex registered at birth",
    "No, write in gender identity (optional)": GENDER_DIFFERENT,
}
GENDER_MERGED = {category: GENDER_DIFFERENT for category, _ in t.GENDER_IDENTITY[1:5]}

UNPAID_CARE_5_PLUS = {
    "No": "Provides no unpaid care",
    "Yes, 9 hours a week or less": "Provides 9 hours or less unpaid care a week",
    "Yes, 10 to 19 hours a week": "Provides 10 to 19 hours unpaid care a week",
    "Yes, 20 to 34 hours a week": "Provides 20 to 34 hours unpaid care a week",
    "Yes, 35 to 49 hours a week": "Provides 35 to 49 hours unpaid care a week",
    "Yes, 50 or more hours a week": "Provides 50 or more hours unpaid care a week",
}
UNPAID_CARE_16_PLUS = {
    "No": "Provides no unpaid care",
    "Yes, 9 hours a week or less": "Provides 19 or less hours unpaid care a week",
    "Yes, 10 to 19 hours a week": "Provides 19 or less hours unpaid care a week",
    "Yes, 20 to 34 hours a week": "Provides 20 to 49 hours unpaid care a week",
    "Yes, 35 to 49 hours a week": "Provides 20 to 49 hours unpaid care a week",
    "Yes, 50 or more hours a week": "Provides 50 or more hours unpaid care a week",
}

LEGAL_PARTNERSHIP = {
    "Never married and never registered a civil partnership": "Never married and never registered a civil partnership",
    "Married": f"{t.MARRIED}: Married",
    "In a registered civil partnership": f"{t.MARRIED}: In a registered civil partnership",
    "Separated, but still legally married": f"{t.SEPARATED}: Separated, but still married",
    "Separated, but still legally in a civil partnership": f"{t.SEPARATED}: Separated, but still in a registered civil partnership",  # noqa: E501
    "Divorced": f"{t.DIVORCED}: Divorced",
    "Formerly in a civil partnership which is now legally dissolved": f"{t.DIVORCED}: Formerly in a civil partnership now legally dissolved",  # noqa: E501
    "Widowed": f"{t.WIDOWED}: Widowed",
    "Surviving partner from a civil partnership": f"{t.WIDOWED}: Surviving partner from civil partnership",
}  # fmt: skip

DISABILITY_16_PLUS = {
    DISABLED_A_LOT: t.DISABILITY_16_PLUS[0][0],
    DISABLED_A_LITTLE: t.DISABILITY_16_PLUS[1][0],
    NOT_DISABLED: t.DISABILITY_16_PLUS[2][0],
}

EXCLUDED_NOTE = (
    "People who chose 'Prefer not to say' are left out of the respondents' shares, and census "
    "'Not answered' is left out of the population shares, so both are shares of people who answered."
)

MAPPINGS: tuple[CategoryMapping, ...] = (
    _mapping("age", t.BASE_16_PLUS, dict(zip(AGE_ANSWERS, (c for c, _ in t.AGE_16_PLUS), strict=True)),
             _census_identity(t.AGE_16_PLUS)),
    _mapping("age", t.BASE_18_PLUS, dict(zip(AGE_ANSWERS, (c for c, _ in t.AGE_18_PLUS), strict=True)),
             _census_identity(t.AGE_18_PLUS),
             "For a survey of people aged 18 and over: the '16 to 24' answer is compared with "
             "residents aged 18 to 24."),
    _mapping("sex", t.BASE_16_PLUS, {"Female": "Female", "Male": "Male"}, _census_identity(t.same("Female", "Male"))),
    _mapping("sex", t.BASE_ALL, {"Female": "Female", "Male": "Male"}, _census_identity(t.same("Female", "Male"))),
    _mapping("gender_identity", t.BASE_16_PLUS, GENDER_IDENTITY, _census_identity(t.GENDER_IDENTITY, GENDER_MERGED),
             "The survey asks Yes/No; the census answers that mean 'No' are taken together.", EXCLUDED_NOTE),
    _mapping("sexual_orientation", t.BASE_16_PLUS, SEXUAL_ORIENTATION, _census_identity(t.SEXUAL_ORIENTATION),
             EXCLUDED_NOTE),
    _mapping("ethnic_group_19", t.BASE_ALL, ETHNIC_19, _census_identity(t.ETHNIC_GROUP_19),
             "The 19 groups are only published for residents of all ages."),
    _mapping("ethnic_group_8", t.BASE_16_PLUS, {a: _ethnic_8(c) for a, c in ETHNIC_19.items()},
             _census_identity(t.ETHNIC_GROUP_8),
             "For residents aged 16 and over the census publishes 8 groups: Gypsy or Irish Traveller, "
             "Roma and any other White background are taken together."),
    _mapping("ethnic_group_5", t.BASE_16_PLUS, {a: c.partition(":")[0] for a, c in ETHNIC_19.items()},
             _census_identity(t.ETHNIC_GROUP_5)),
    _mapping("ethnic_group_5", t.BASE_ALL, {a: c.partition(":")[0] for a, c in ETHNIC_19.items()},
             _census_identity(t.ETHNIC_GROUP_5)),
    _mapping("religion", t.BASE_16_PLUS, RELIGION, _census_identity(t.RELIGION), EXCLUDED_NOTE),
    _mapping("religion", t.BASE_ALL, RELIGION, _census_identity(t.RELIGION), EXCLUDED_NOTE),
    _mapping("disability", t.BASE_16_PLUS, DISABILITY_16_PLUS, _census_identity(t.DISABILITY_16_PLUS),
             "Disabled under the Equality Act means a long-term condition that reduces day-to-day "
             "activities, from the two harmonised questions."),
    _mapping("disability", t.BASE_ALL,
             {DISABLED_A_LOT: t.DISABLED, DISABLED_A_LITTLE: t.DISABLED, NOT_DISABLED: t.DISABILITY_ALL[1][0]},
             _census_identity(t.DISABILITY_ALL)),
    _mapping("unpaid_care", t.BASE_16_PLUS, UNPAID_CARE_16_PLUS, _census_identity(t.UNPAID_CARE_16_PLUS),
             "For residents aged 16 and over the census publishes 4 bands, so some survey answers are "
             "taken together."),
    _mapping("unpaid_care", t.BASE_5_PLUS, UNPAID_CARE_5_PLUS, _census_identity(t.UNPAID_CARE_5_PLUS)),
    _mapping("legal_partnership", t.BASE_16_PLUS, LEGAL_PARTNERSHIP, _census_identity(t.LEGAL_PARTNERSHIP)),
)  # fmt: skip


def list_mappings() -> tuple[CategoryMapping, ...]:
    return MAPPINGS


def category_mapping(dimension: str, base: str | None = None) -> CategoryMapping:
    """The mapping for a dimension at a base (by default its preferred base)."""
    chosen = _dimension_spec(dimension).bases[0] if base is None else base
    for mapping in MAPPINGS:
        if (mapping.dimension, mapping.base) == (dimension, chosen):
            return mapping
    raise UnknownDimensionError(f"No survey-to-census mapping for {dimension} at base '{chosen}'.")


def disability_answer(long_term_condition: str | None, reduces_activities: str | None) -> str | None:
    """Combine the two harmonised disability questions into one answer the mapping understands.

    Returns None when the person did not answer enough to tell.
    """
    if PREFER_NOT_TO_SAY in (long_term_condition, reduces_activities):
        return PREFER_NOT_TO_SAY
    if long_term_condition == "No" or (long_term_condition == "Yes" and reduces_activities == "Not at all"):
        return NOT_DISABLED
    if long_term_condition == "Yes":
        return {"Yes, a lot": DISABLED_A_LOT, "Yes, a little": DISABLED_A_LITTLE}.get(reduces_activities or "")
    return None
