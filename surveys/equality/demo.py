"""Equality answers for the demo survey, skewed the way real engagement responses are: older
people, women and White British people over-represented, most others under-represented, and the
Facebook advert and the community event reaching the younger people and the ethnic minority
groups the other channels miss. So the representativeness dashboard has something true to say on
first run."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

DEMO_AREA = "E54000048"  # NHS Lancashire and South Cumbria ICB
FACEBOOK, COMMUNITY_EVENT = 3, 4  # positions in the demo's channels (web first)
NOBODY_ANSWERS = 0.12  # share of respondents who skip the equality questions entirely

Weights = Mapping[str, int]

AGE: Weights = {
    "16_to_24": 2, "25_to_34": 5, "35_to_44": 8, "45_to_54": 13,
    "55_to_64": 19, "65_to_74": 24, "75_or_over": 15, "prefer_not_to_say": 2,
}  # fmt: skip
AGE_FACEBOOK: Weights = {
    "16_to_24": 12, "25_to_34": 18, "35_to_44": 16, "45_to_54": 12,
    "55_to_64": 6, "65_to_74": 3, "75_or_over": 1, "prefer_not_to_say": 2,
}  # fmt: skip
SEX: Weights = {"female": 64, "male": 33, "prefer_not_to_say": 3}
ETHNIC: Weights = {
    "english_welsh_scottish_norther": 93, "irish": 1, "any_other_white_background": 2,
    "white_and_asian": 1, "indian": 1, "pakistani": 1, "prefer_not_to_say": 2,
}  # fmt: skip
ETHNIC_COMMUNITY_EVENT: Weights = {
    "english_welsh_scottish_norther": 50, "any_other_white_background": 4, "white_and_black_caribbean": 2,
    "indian": 12, "pakistani": 18, "bangladeshi": 4, "african": 4, "arab": 2, "prefer_not_to_say": 4,
}  # fmt: skip
GENDER_IDENTITY: Weights = {"yes": 95, "no_write_in_gender_identity_op": 1, "prefer_not_to_say": 4}
SEXUAL_ORIENTATION: Weights = {
    "straight_or_heterosexual": 88, "gay_or_lesbian": 2, "bisexual": 1,
    "other_sexual_orientation_write": 1, "prefer_not_to_say": 8,
}  # fmt: skip
RELIGION: Weights = {
    "christian_all_denominations": 62, "no_religion": 26, "muslim": 2, "hindu": 1,
    "any_other_religion_write_in": 1, "prefer_not_to_say": 8,
}  # fmt: skip
DISABILITY: Weights = {"yes": 38, "no": 57, "prefer_not_to_say": 5}
DISABILITY_IMPACT: Weights = {"yes_a_lot": 35, "yes_a_little": 45, "not_at_all": 15, "prefer_not_to_say": 5}
UNPAID_CARER: Weights = {
    "no": 74, "yes_9_hours_a_week_or_less": 9, "yes_10_to_19_hours_a_week": 4, "yes_20_to_34_hours_a_week": 3,
    "yes_35_to_49_hours_a_week": 2, "yes_50_or_more_hours_a_week": 5, "prefer_not_to_say": 3,
}  # fmt: skip
PREGNANCY: Weights = {"no": 92, "yes": 2, "prefer_not_to_say": 6}
MARRIAGE: Weights = {
    "married": 52, "never_married_and_never_regist": 16, "widowed": 13, "divorced": 10,
    "separated_but_still_legally_ma": 2, "in_a_registered_civil_partners": 1, "prefer_not_to_say": 6,
}  # fmt: skip
POSTCODE_DISTRICTS: Sequence[str] = ("PR7", "PR7", "PR7", "PR6", "PR25", "PR26", "PR5", "PR1", "BB2", "FY1", "LA1")


def _pick(rng: random.Random, weights: Weights) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def random_answers(rng: random.Random, channel: int) -> dict[str, Any]:
    """One respondent's equality answers (stored option values); {} for someone who skipped them."""
    if rng.random() < NOBODY_ANSWERS:
        return {}
    answers: dict[str, Any] = {
        "eq_age": _pick(rng, AGE_FACEBOOK if channel == FACEBOOK else AGE),
        "eq_sex": _pick(rng, SEX),
        "eq_gender_identity": _pick(rng, GENDER_IDENTITY),
        "eq_sexual_orientation": _pick(rng, SEXUAL_ORIENTATION),
        "eq_ethnic_group": _pick(rng, ETHNIC_COMMUNITY_EVENT if channel == COMMUNITY_EVENT else ETHNIC),
        "eq_religion": _pick(rng, RELIGION),
        "eq_disability": _pick(rng, DISABILITY),
        "eq_unpaid_carer": _pick(rng, UNPAID_CARER),
        "eq_pregnancy_maternity": _pick(rng, PREGNANCY),
        "eq_marriage_civil_partnership": _pick(rng, MARRIAGE),
    }
    if answers["eq_disability"] == "yes":
        answers["eq_disability_impact"] = _pick(rng, DISABILITY_IMPACT)
    if rng.random() < 0.7:
        answers["eq_postcode_district"] = rng.choice(POSTCODE_DISTRICTS)
    # Like real forms: some questions are left blank.
    return {key: value for key, value in answers.items() if rng.random() > 0.04}
