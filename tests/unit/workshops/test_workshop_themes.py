"""Suggested themes: explainable, and only suggestions."""

from __future__ import annotations

from workshops.themes import ThemeText, overlap, stem, stems, suggest, whole_words

THEMES = [
    ThemeText(1, "Access", ("Getting an appointment by phone is impossible",)),
    ThemeText(2, "Transport and parking", ("The bus only runs twice a day",)),
]


def test_stems_drop_common_words_and_simple_suffixes() -> None:
    assert stems("The appointments, and booking!") == frozenset({"appointment", "book"})
    assert stem("parking") == "park" and stem("bus") == "bus"


def test_overlap_is_the_share_of_the_note_words_the_theme_has() -> None:
    assert overlap(frozenset({"a1", "b1"}), frozenset({"a1", "c1", "d1"})) == 0.5
    assert overlap(frozenset(), frozenset({"a1"})) == 0.0


def test_each_note_gets_its_best_theme_with_the_shared_words() -> None:
    notes = [(10, "I can never get an appointment on the phone"), (11, "Parking near the surgery is awful")]
    by_note = {s.note_id: s for s in suggest(notes, THEMES)}
    assert by_note[10].theme_id == 1 and set(by_note[10].shared) == {"appointment", "phone"}
    assert by_note[11].theme_id == 2 and by_note[11].shared == ("parking",)
    assert 0 < by_note[10].score <= 1


def test_no_suggestion_when_nothing_matches() -> None:
    assert suggest([(12, "The receptionists are lovely")], THEMES) == []
    assert suggest([(13, "")], THEMES) == []
    assert suggest([(14, "Phone")], []) == []


def test_the_shared_words_are_shown_whole_as_the_note_has_them() -> None:
    """The demo's procurement note was explained as "bid, scor": stems, not words."""
    theme = ThemeText(3, "Involvement in the procurement", ("Who scored the bids last time?",))
    [found] = suggest([(15, "Patients should sit on the panel that scores the bids")], [theme])
    assert found.shared == ("scores", "bids")  # in the note's order, each once


def test_whole_words_keep_capitals_only_for_words_written_in_capitals() -> None:
    text = "Booking NHS dentists is hard; booked NHS slots go, bookings vanish"
    assert whole_words(text, stems("book nhs")) == ("booking", "NHS")
    assert whole_words(text, frozenset()) == ()
    assert whole_words("The don't and the", stems("the don't")) == ()  # common words are never shown
