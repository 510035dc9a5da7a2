"""The panel's plain rules: contact details, who may be invited, consent renewal, importing rows,
the contact export, and the panel profile's disclosure control (no app, no database)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from panel import export, importing, model, profile
from panel.model import ContactMethod, MemberState, MemberStatus, PanelError, RenewalState, RenewalStep
from toolkit.equality import NO_ANSWER, comparison_mappings
from toolkit.population import AreaPopulation, CategoryMapping, area_population
from toolkit.stats.disclosure import Policy

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("07700 900982", "+447700900982"), ("+44 (0)7700-900982".replace("(0)", ""), "+447700900982"),
     ("00447700900982", "+447700900982"), ("", None)],
)  # fmt: skip
def test_mobile_numbers_are_stored_in_one_form(typed: str, stored: str | None) -> None:
    assert model.normalise_mobile(typed) == stored


@pytest.mark.parametrize("typed", ["01234 567890", "0770090098", "not a number", "+33612345678"])
def test_other_numbers_are_refused(typed: str) -> None:
    with pytest.raises(PanelError) as error:
        model.normalise_mobile(typed)
    assert "phone" in error.value.problems


def test_contact_details_must_reach_the_chosen_method() -> None:
    assert model.contact_from({"email": " A@B.Example "}, ContactMethod.EMAIL).email == "a@b.example"
    with pytest.raises(PanelError) as error:
        model.contact_from({"email": "a@b.example"}, ContactMethod.POST)
    assert "address" in error.value.problems
    post = model.contact_from({"name": "A", "address": "1 Road", "postcode": "pr71aa"}, ContactMethod.POST)
    assert post.postcode == "PR7 1AA"
    with pytest.raises(PanelError) as error:
        model.contact_from({"email": "x", "phone": "1", "postcode": "zz"}, "pigeon")
    assert set(error.value.problems) == {"email", "phone", "postcode", "contact_method"}


def test_who_may_be_invited() -> None:
    rest = 90
    assert model.may_be_invited(MemberState(MemberStatus.CONFIRMED), NOW, rest)
    assert not model.may_be_invited(MemberState(MemberStatus.PENDING), NOW, rest)
    assert not model.may_be_invited(MemberState(MemberStatus.LEFT), NOW, rest)
    paused = MemberState(MemberStatus.CONFIRMED, paused_until=NOW.date() + timedelta(days=1))
    assert not model.may_be_invited(paused, NOW, rest)
    assert model.may_be_invited(MemberState(MemberStatus.CONFIRMED, paused_until=NOW.date()), NOW, rest)
    resting = MemberState(MemberStatus.CONFIRMED, last_invited_at=NOW - timedelta(days=89))
    assert not model.may_be_invited(resting, NOW, rest)
    assert model.may_be_invited(
        MemberState(MemberStatus.CONFIRMED, last_invited_at=NOW - timedelta(days=90)), NOW, rest
    )


def test_months_are_added_to_the_end_of_short_months() -> None:
    assert model.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert model.add_months(date(2027, 12, 15), 12) == date(2028, 12, 15)
    assert model.add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)


def test_renewal_asks_then_reminds_then_removes() -> None:
    due = NOW.date()
    step = model.renewal_step
    assert step(RenewalState(due + timedelta(days=1), None, 0), NOW, 14, 2) is RenewalStep.NOTHING
    assert step(RenewalState(due, None, 0), NOW, 14, 2) is RenewalStep.ASK
    asked = NOW - timedelta(days=13)
    assert step(RenewalState(due, asked, 0), NOW, 14, 2) is RenewalStep.NOTHING
    assert step(RenewalState(due, NOW - timedelta(days=14), 0), NOW, 14, 2) is RenewalStep.REMIND
    assert step(RenewalState(due, NOW - timedelta(days=28), 1), NOW, 14, 2) is RenewalStep.REMIND
    assert step(RenewalState(due, NOW - timedelta(days=41), 2), NOW, 14, 2) is RenewalStep.NOTHING
    assert step(RenewalState(due, NOW - timedelta(days=42), 2), NOW, 14, 2) is RenewalStep.REMOVE
    assert step(RenewalState(due, NOW - timedelta(days=14), 0), NOW, 14, 0) is RenewalStep.REMOVE


def test_import_rows_are_checked_one_by_one() -> None:
    table = [
        ["Email", "Name", "Mobile", "Language"],
        ["a@example.org", "A", "", ""],
        ["", "B", "07700 900001", "pl"],
        ["A@EXAMPLE.ORG", "A again", "", ""],
        ["", "", "+447700900001", ""],
        ["bad", "C", "", ""],
        ["d@example.org", "D", "", "klingon"],
        ["known@example.org", "E", "", ""],
        ["", "", "", ""],
    ]
    report = importing.check_rows(table, languages={"en", "pl"}, known_emails={"known@example.org"})
    assert [n for n, _ in report.accepted] == [2, 3]
    assert report.accepted[1][1].preferences.contact_method == ContactMethod.SMS
    assert [(p.row, p.reason) for p in report.duplicates] == [
        (4, "Same email address as row 2"),
        (5, "Same mobile number as row 3"),
        (8, "A current member has the same email address"),
    ]
    assert [p.row for p in report.rejected] == [6, 7]
    assert report.summary() == {"accepted": 2, "rejected": 2, "duplicates": 3}
    assert importing.header_problem(["first", "last"]) is not None
    assert importing.header_problem(["EMAIL"]) is None


def test_the_contact_export_keeps_phone_numbers_and_defuses_formulas() -> None:
    row = model.MemberRow(1, "confirmed", None, "online", NOW, "sms", "en", "standard", None, None)
    contact = model.Contact('=HYPERLINK("x")', None, "+447700900001", "@evil", "PR7 1AA")
    text = export.contacts_csv([row], {1: contact})
    assert text.startswith("\ufeffmember,name")
    assert "+447700900001" in text and "'+447700900001" not in text
    assert "'=HYPERLINK" in text and "'@evil" in text


# --- the panel profile --------------------------------------------------------------------------------


def population_of(mapping: CategoryMapping) -> AreaPopulation:
    return area_population(["E07000118"], mapping.dimension, mapping.base)


def members(n: int, seed: int = 1, young_share: float = 0.02) -> list[profile.Member]:
    rng = random.Random(seed)
    found = []
    for _ in range(n):
        age = "16_to_24" if rng.random() < young_share else rng.choice(["45_to_54", "55_to_64", "65_to_74"])
        found.append(
            profile.Member({"eq_age": age, "eq_sex": rng.choice(["female", "male"])}, rng.randrange(256), None)
        )
    return found


def test_a_small_panel_shows_only_its_protected_size() -> None:
    built = profile.build(members(9), population_of, Policy())
    assert not built.shown and built.dimensions == () and built.gaps == ()
    assert built.members.display == "fewer than 5" or built.members.value is not None


def test_the_profile_flags_missing_young_people_from_protected_counts() -> None:
    built = profile.build(members(400), population_of, Policy())
    assert built.shown
    keys = [d.key for d in built.dimensions]
    assert keys == ["age", "sex"], "dimensions nobody answered are left out"
    [age] = [d for d in built.dimensions if d.key == "age"]
    young = next(r for r in age.rows if "16 to 24" in r.group)
    assert young.under_represented
    assert any(g.dimension == "Age" and "16 to 24" in g.group for g in built.gaps)
    for row in age.rows:
        assert row.members == "fewer than 5" or row.members.replace(",", "").isdigit()


def test_the_profile_is_the_same_however_often_it_is_drawn() -> None:
    first = profile.build(members(200, seed=3), population_of, Policy())
    again = profile.build(list(reversed(members(200, seed=3))), population_of, Policy())
    assert [d.rows for d in first.dimensions] == [d.rows for d in again.dimensions]


def test_the_profile_changes_only_a_whole_block_of_new_members_at_a_time() -> None:
    """Members confirmed today, or in a block not yet complete, are not counted: someone who
    looks after each new member joins sees the same figures until a block of at least the minimum
    base is complete; the whole panel and the recruitment channels are audited together over time."""
    from datetime import date, timedelta

    from tests.disclosure_attacker import Attack

    start = date(2026, 1, 5)
    rng = random.Random(4)
    joined = [
        profile.Member(
            m.answers, m.record_key, rng.choice(["Library", "GP surgery", None]), start + timedelta(days=i // 25)
        )
        for i, m in enumerate(members(150, seed=5))
    ]
    # 25 a day: the first block (10 will do) ends on day 0, blocks of 50 on days 2 and 4; day 5 waits
    today = start + timedelta(days=6)
    built = profile.build(joined, population_of, Policy(), today=today)
    assert built.shown and built.covered_until == start + timedelta(days=4)
    one_more = profile.build([*joined, profile.Member({"eq_age": "16_to_24", "eq_sex": "male"}, 7, "Library", today)],
                             population_of, Policy(), today=today)  # fmt: skip
    assert [d.rows for d in one_more.dimensions] == [d.rows for d in built.dimensions]
    assert one_more.gaps == built.gaps
    # What the page shows, in every block and channel, pins no hidden count.
    mappings = comparison_mappings(["eq_age", "eq_sex"], "16+")
    populations = {m.dimension: population_of(m) for m in mappings}
    frame = profile._frame(joined, mappings, populations)
    for mapping in mappings:
        categories = [*mapping.group_population(populations[mapping.dimension]), NO_ANSWER]
        published = profile.publish_tables(frame, {mapping.dimension: categories}, Policy(), today)
        attack = Attack(dict(published.atom_sizes), categories)
        for key in published.keys:
            attack.add(str(key), published.atoms[key], published.tables[mapping.dimension][key].cells)
        assert attack.pinned() == []
