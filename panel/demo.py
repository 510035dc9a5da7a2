"""The demo citizens' panel for `make run`: a few hundred members across central Lancashire with a
visible gap (few people aged 16 to 24, few unpaid carers), recruited through several channels,
so a newcomer sees the panel profile and its recruitment gaps. Contact details are made up
(example.org addresses, Ofcom's drama numbers 07700 900xxx)."""

from __future__ import annotations

import random
from collections.abc import Iterator

from panel import model, repository
from panel.model import About, Contact, ContactMethod, Format, Joining, JoinSource, Preferences

DEMO_SLUG = "health-panel"
DEMO_NAME = "Central Lancashire Health Panel"
DEMO_AREAS = ("E07000118", "E07000123", "E07000126")  # Chorley, Preston, South Ribble
CHANNELS = ("GP practice posters", "Library flyers", "Carers' centre", "Facebook advert", "College open day")
# Weights per stored answer: older people joined readily, young adults and carers did not.
AGES = {"16_to_24": 2, "25_to_34": 9, "35_to_44": 13, "45_to_54": 18, "55_to_64": 22, "65_to_74": 21}
AGES |= {"75_or_over": 12, "prefer_not_to_say": 3}
CARERS = {"no": 97, "yes_9_hours_a_week_or_less": 1, "yes_20_to_34_hours_a_week": 1, "prefer_not_to_say": 1}
SEX = {"female": 58, "male": 40, "prefer_not_to_say": 2}
ETHNIC = {"english_welsh_scottish_norther": 86, "any_other_white_background": 3, "indian": 4, "pakistani": 3}
ETHNIC |= {"african": 1, "white_and_black_caribbean": 1, "prefer_not_to_say": 2}
DISABILITY = {"yes": 24, "no": 72, "prefer_not_to_say": 4}
RELIGION = {"christian_all_denominations": 55, "no_religion": 35, "muslim": 6, "hindu": 2, "prefer_not_to_say": 2}


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _answers(rng: random.Random, channel: str) -> dict[str, str]:
    ages = dict(AGES)
    carers = dict(CARERS)
    if channel == "College open day":
        ages = {"16_to_24": 70, "25_to_34": 30}
    if channel == "Carers' centre":
        carers = {"yes_20_to_34_hours_a_week": 50, "yes_50_or_more_hours_a_week": 30, "no": 20}
    answers = {
        "eq_age": _pick(rng, ages),
        "eq_sex": _pick(rng, SEX),
        "eq_ethnic_group": _pick(rng, ETHNIC),
        "eq_religion": _pick(rng, RELIGION),
        "eq_disability": _pick(rng, DISABILITY),
        "eq_unpaid_carer": _pick(rng, carers),
    }
    if answers["eq_disability"] == "yes":
        answers["eq_disability_impact"] = rng.choice(["yes_a_lot", "yes_a_little", "not_at_all"])
    return answers


def _joining(n: int, rng: random.Random, channel: str) -> Joining:
    method = rng.choices([ContactMethod.EMAIL, ContactMethod.SMS, ContactMethod.POST], weights=[70, 20, 10])[0]
    contact = Contact(
        name=f"Demo member {n}",
        email=f"member{n}@example.org" if method == ContactMethod.EMAIL else None,
        phone=f"+447700900{n % 1000:03d}" if method == ContactMethod.SMS else None,
        address=f"{n} Demo Street\nPreston" if method == ContactMethod.POST else "",
        postcode="PR1 1AA" if method == ContactMethod.POST else "",
    )
    fmt = rng.choices([Format.STANDARD, Format.LARGE_PRINT, Format.EASY_READ], weights=[90, 7, 3])[0]
    language = rng.choices(["en", "ur", "pl"], weights=[94, 4, 2])[0]
    about = About(
        {} if rng.random() < 0.08 else _answers(rng, channel),
        postcode_district=rng.choice(["PR1", "PR2", "PR5", "PR6", "PR7", "PR25"]),
        local_authority=rng.choice(DEMO_AREAS),
        may_prefill=rng.random() < 0.6,
    )
    source = JoinSource.PAPER if method == ContactMethod.POST else JoinSource.PHONE
    return Joining(contact, Preferences(method, language, fmt), about, model.CURRENT_CONSENT_VERSION, source, None)


DEMO_DAYS = 60  # members joined over the last two months


def load_demo(members: int = 320, seed: int = 15) -> Iterator[str]:
    """Create the demo panel once; later calls leave it as it is."""
    if repository.panel_by_slug(DEMO_SLUG) is not None:
        yield f"Demo panel already loaded at /panel/{DEMO_SLUG}/join."
        return
    from toolkit import teams

    panel = repository.create_panel(DEMO_NAME, DEMO_SLUG, DEMO_AREAS, teams.default_team_id(), None)
    channels = [repository.add_channel(panel.id, name, None) for name in CHANNELS]
    weights = [40, 25, 2, 29, 4]
    rng = random.Random(seed)
    for n in range(1, members + 1):
        channel = rng.choices(channels, weights=weights)[0]
        joining = _joining(n, rng, channel.name)
        joining = Joining(joining.contact, joining.preferences, joining.about, joining.consent_version,
                          joining.source, channel.code)  # fmt: skip
        repository.join(panel, joining, None)
    repository.spread_demo_confirmations(panel.id, DEMO_DAYS, seed)
    yield f"Demo panel loaded with {members} members: join page /panel/{DEMO_SLUG}/join."
