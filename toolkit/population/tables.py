"""Which Census 2021 tables the toolkit ships, and how each is cut from `../shared/population`.

Every shipped table is one *dimension* (age, sex, ...) at one *population base* (who is counted:
everyone, or residents aged 16+ ...). A dimension may have several bases; `DIMENSIONS` lists them
in order of preference, so the 16+ base comes first wherever the census table allows it.

Each output category is the sum of one or more categories of the source table, so the cut is
visible here rather than hidden in code. `SOURCES.md` in the shared folder says where every source
file came from.
"""

from __future__ import annotations

from dataclasses import dataclass

BASE_16_PLUS = "16plus"
BASE_18_PLUS = "18plus"
BASE_5_PLUS = "5plus"
BASE_ALL = "all"

Categories = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class TableSpec:
    """One shipped table: a dimension at one base, and the source rows it is built from."""

    dimension: str
    base: str
    source_file: str
    source_dimension: str
    source: str
    categories: Categories
    # Set when the output base differs from the source table's own `Total: ...` row; the sum of
    # the output categories must then equal `total_check` (source dimension, category).
    base_label: str | None = None
    total_check: tuple[str, str] | None = None
    caveats: tuple[str, ...] = ()


@dataclass(frozen=True)
class DimensionDefinition:
    key: str
    label: str
    question_id: str
    bases: tuple[str, ...]


def same(*categories: str) -> Categories:
    """Output categories copied one to one from the source table."""
    return tuple((category, (category,)) for category in categories)


AGE_16_PLUS: Categories = (
    ("Aged 16 to 24 years", ("Aged 16 to 17 years", "Aged 18 to 24 years")),
    *same(
        "Aged 25 to 34 years",
        "Aged 35 to 44 years",
        "Aged 45 to 54 years",
        "Aged 55 to 64 years",
        "Aged 65 to 74 years",
    ),
    ("Aged 75 years and over", ("Aged 75 to 84 years", "Aged 85 years and over")),
)

AGE_18_PLUS: Categories = (("Aged 18 to 24 years", ("Aged 18 to 24 years",)), *AGE_16_PLUS[1:])

WHITE = "White"
MIXED = "Mixed or Multiple ethnic groups"
ASIAN = "Asian, Asian British or Asian Welsh"
BLACK = "Black, Black British, Black Welsh, Caribbean or African"
OTHER = "Other ethnic group"

ETHNIC_GROUP_19 = same(
    f"{WHITE}: English, Welsh, Scottish, Northern Irish or British",
    f"{WHITE}: Irish",
    f"{WHITE}: Gypsy or Irish Traveller",
    f"{WHITE}: Roma",
    f"{WHITE}: Other White",
    f"{MIXED}: White and Black Caribbean",
    f"{MIXED}: White and Black African",
    f"{MIXED}: White and Asian",
    f"{MIXED}: Other Mixed or Multiple ethnic groups",
    f"{ASIAN}: Indian",
    f"{ASIAN}: Pakistani",
    f"{ASIAN}: Bangladeshi",
    f"{ASIAN}: Chinese",
    f"{ASIAN}: Other Asian",
    f"{BLACK}: Caribbean",
    f"{BLACK}: African",
    f"{BLACK}: Other Black",
    f"{OTHER}: Arab",
    f"{OTHER}: Any other ethnic group",
)

WHITE_8_16_PLUS = (
    f"{WHITE}: English, Welsh, Scottish, Northern Irish or British",
    f"{WHITE}: Irish",
    f"{WHITE}: Gypsy or Irish Traveller, Roma or Other White",
)
ETHNIC_GROUP_8 = same(*WHITE_8_16_PLUS, MIXED, ASIAN, BLACK, OTHER)
ETHNIC_GROUP_5_FROM_8: Categories = ((WHITE, WHITE_8_16_PLUS), *same(MIXED, ASIAN, BLACK, OTHER))
ETHNIC_GROUP_5 = same(WHITE, MIXED, ASIAN, BLACK, OTHER)

RELIGION = same(
    "No religion",
    "Christian",
    "Buddhist",
    "Hindu",
    "Jewish",
    "Muslim",
    "Sikh",
    "Other religion",
    "Not answered",
)

DISABLED = "Disabled under the Equality Act"
DISABILITY_16_PLUS = same(
    f"{DISABLED}: Day-to-day activities limited a lot",
    f"{DISABLED}: Day-to-day activities limited a little",
    "Not disabled under the Equality Act",
)
DISABILITY_ALL = same(DISABLED, "Not disabled under the Equality Act")

UNPAID_CARE_16_PLUS = same(
    "Provides no unpaid care",
    "Provides 19 or less hours unpaid care a week",
    "Provides 20 to 49 hours unpaid care a week",
    "Provides 50 or more hours unpaid care a week",
)
UNPAID_CARE_5_PLUS = same(
    "Provides no unpaid care",
    "Provides 9 hours or less unpaid care a week",
    "Provides 10 to 19 hours unpaid care a week",
    "Provides 20 to 34 hours unpaid care a week",
    "Provides 35 to 49 hours unpaid care a week",
    "Provides 50 or more hours unpaid care a week",
)

SEXUAL_ORIENTATION = same(
    "Straight or Heterosexual",
    "Gay or Lesbian",
    "Bisexual",
    "All other sexual orientations",
    "Not answered",
)

GENDER_IDENTITY = same(
    "Gender identity the same as sex registered at birth",
    "Gender identity different from sex registered at birth but no specific identity given",
    "Trans woman",
    "Trans man",
    "All other gender identities",
    "Not answered",
)

MARRIED = "Married or in a registered civil partnership"
SEPARATED = "Separated, but still legally married or still legally in a civil partnership"
DIVORCED = "Divorced or civil partnership dissolved"
WIDOWED = "Widowed or surviving civil partnership partner"
# TS002 is hierarchical; the second level matches the survey's nine answers and adds up to the total.
LEGAL_PARTNERSHIP = same(
    "Never married and never registered a civil partnership",
    f"{MARRIED}: Married",
    f"{MARRIED}: In a registered civil partnership",
    f"{SEPARATED}: Separated, but still married",
    f"{SEPARATED}: Separated, but still in a registered civil partnership",
    f"{DIVORCED}: Divorced",
    f"{DIVORCED}: Formerly in a civil partnership now legally dissolved",
    f"{WIDOWED}: Widowed",
    f"{WIDOWED}: Surviving partner from civil partnership",
)

RM_SUMMED = "summed over gender identity"
ENGLAND_ONLY = "This table covers England only; there are no figures for Welsh areas."
GENDER_IDENTITY_CAVEAT = (
    "ONS has reported uncertainty in the Census 2021 gender identity estimates; treat local figures with caution."
)

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "age", BASE_16_PLUS, "census2021_age.csv", "age_broad",
        "Census 2021 TS007 Age by single year of age (single years summed into bands)",
        AGE_16_PLUS,
        base_label="All usual residents aged 16 years and over",
        total_check=("age_adult_totals", "Aged 16 years and over"),
    ),
    TableSpec(
        "age", BASE_18_PLUS, "census2021_age.csv", "age_broad",
        "Census 2021 TS007 Age by single year of age (single years summed into bands)",
        AGE_18_PLUS,
        base_label="All usual residents aged 18 years and over",
        total_check=("age_adult_totals", "Aged 18 years and over"),
    ),
    TableSpec(
        "sex", BASE_16_PLUS, "census2021_sex.csv", "sex_16plus",
        f"Census 2021 RM163 Gender identity by age and sex ({RM_SUMMED})",
        same("Female", "Male"),
    ),
    TableSpec(
        "sex", BASE_ALL, "census2021_sex.csv", "sex",
        "Census 2021 TS009 Sex", same("Female", "Male"),
    ),
    TableSpec(
        "ethnic_group_19", BASE_ALL, "census2021_ethnicity.csv", "ethnic_group_19",
        "Census 2021 TS021 Ethnic group", ETHNIC_GROUP_19,
    ),
    TableSpec(
        "ethnic_group_8", BASE_16_PLUS, "census2021_ethnicity.csv", "ethnic_group_8_16plus",
        f"Census 2021 RM038 Gender identity by ethnic group ({RM_SUMMED})", ETHNIC_GROUP_8,
    ),
    TableSpec(
        "ethnic_group_5", BASE_16_PLUS, "census2021_ethnicity.csv", "ethnic_group_8_16plus",
        f"Census 2021 RM038 Gender identity by ethnic group ({RM_SUMMED}; White groups summed)",
        ETHNIC_GROUP_5_FROM_8,
    ),
    TableSpec(
        "ethnic_group_5", BASE_ALL, "census2021_ethnicity.csv", "ethnic_group_5",
        "Census 2021 TS021 Ethnic group (high-level groups)", ETHNIC_GROUP_5,
    ),
    TableSpec(
        "religion", BASE_16_PLUS, "census2021_religion.csv", "religion_16plus",
        f"Census 2021 RM173 Gender identity by religion ({RM_SUMMED})", RELIGION,
    ),
    TableSpec(
        "religion", BASE_ALL, "census2021_religion.csv", "religion",
        "Census 2021 TS030 Religion (small areas summed)", RELIGION,
    ),
    TableSpec(
        "disability", BASE_16_PLUS, "census2021_disability.csv", "disability_equality_act_16plus",
        f"Census 2021 RM036 Gender identity by disability ({RM_SUMMED})", DISABILITY_16_PLUS,
    ),
    TableSpec(
        "disability", BASE_ALL, "census2021_disability.csv", "disability_equality_act",
        "Census 2021 TS038 Disability", DISABILITY_ALL, caveats=(ENGLAND_ONLY,),
    ),
    TableSpec(
        "unpaid_care", BASE_16_PLUS, "census2021_unpaid_care.csv", "unpaid_care_16plus",
        f"Census 2021 RM191 Gender identity by unpaid carer status ({RM_SUMMED})",
        UNPAID_CARE_16_PLUS,
    ),
    TableSpec(
        "unpaid_care", BASE_5_PLUS, "census2021_unpaid_care.csv", "unpaid_care_5plus",
        "Census 2021 TS039 Provision of unpaid care (small areas summed)", UNPAID_CARE_5_PLUS,
    ),
    TableSpec(
        "sexual_orientation", BASE_16_PLUS, "census2021_sexual_orientation.csv",
        "sexual_orientation_16plus", "Census 2021 TS077 Sexual orientation", SEXUAL_ORIENTATION,
        caveats=(ENGLAND_ONLY,),
    ),
    TableSpec(
        "gender_identity", BASE_16_PLUS, "census2021_gender_identity.csv", "gender_identity_16plus",
        "Census 2021 RM036 Gender identity by disability (summed over disability)",
        GENDER_IDENTITY, caveats=(GENDER_IDENTITY_CAVEAT,),
    ),
    TableSpec(
        "legal_partnership", BASE_16_PLUS, "census2021_legal_partnership.csv",
        "legal_partnership_status_16plus", "Census 2021 TS002 Legal partnership status",
        LEGAL_PARTNERSHIP, caveats=(ENGLAND_ONLY,),
    ),
)  # fmt: skip

DIMENSIONS: tuple[DimensionDefinition, ...] = (
    DimensionDefinition("age", "Age", "age", (BASE_16_PLUS, BASE_18_PLUS)),
    DimensionDefinition("sex", "Sex", "sex", (BASE_16_PLUS, BASE_ALL)),
    DimensionDefinition("gender_identity", "Gender identity", "gender_identity", (BASE_16_PLUS,)),
    DimensionDefinition(
        "sexual_orientation", "Sexual orientation", "sexual_orientation", (BASE_16_PLUS,)
    ),
    DimensionDefinition(
        "ethnic_group_19", "Ethnic group (19 groups)", "ethnic_group", (BASE_ALL,)
    ),
    DimensionDefinition("ethnic_group_8", "Ethnic group (8 groups)", "ethnic_group", (BASE_16_PLUS,)),
    DimensionDefinition(
        "ethnic_group_5", "Ethnic group (5 high-level groups)", "ethnic_group",
        (BASE_16_PLUS, BASE_ALL),
    ),
    DimensionDefinition("religion", "Religion", "religion", (BASE_16_PLUS, BASE_ALL)),
    DimensionDefinition("disability", "Disability", "disability", (BASE_16_PLUS, BASE_ALL)),
    DimensionDefinition("unpaid_care", "Unpaid care", "unpaid_carer", (BASE_16_PLUS, BASE_5_PLUS)),
    DimensionDefinition(
        "legal_partnership", "Marriage or civil partnership", "marriage_civil_partnership",
        (BASE_16_PLUS,),
    ),
)  # fmt: skip


def table_key(dimension: str, base: str) -> str:
    return f"{dimension}:{base}"
