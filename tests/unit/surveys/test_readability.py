"""The readability check: sentence length, long words, reading age and plain suggestions."""

from __future__ import annotations

from surveys import readability
from surveys.readability import EASY_READ, STANDARD, check, syllables

LONG = (
    "We are planning how urgent care will work in Chorley and South Ribble from next year, and the "
    "Integrated Care Board wants to understand the considerations of residents regarding accessibility, "
    "commissioning and reconfiguration of services."
)


def texts(report):
    return [str(s) for s in report.suggestions]


def test_syllables_of_common_words():
    assert [syllables(w) for w in ("care", "the", "visit", "happy", "centre")] == [1, 1, 2, 2, 2]
    assert syllables("consultation") == 4
    assert syllables("reconfiguration") >= 5


def test_short_plain_text_has_no_suggestions_and_a_low_reading_age():
    report = check("How was your last visit? Tell us what you think.", EASY_READ)
    assert report.sentences == 2
    assert report.words == 10
    assert report.average_sentence_words == 5.0
    assert report.reading_age <= 11
    assert report.good and report.suggestions == ()


def test_long_sentence_is_named_with_its_number_and_length():
    report = check("Tell us. " + LONG, EASY_READ)
    assert report.sentences == 2
    assert report.longest_sentence_words == 35
    assert "Sentence 2 has 35 words; aim for 15 or fewer." in texts(report)


def test_standard_wording_is_measured_against_25_words():
    twenty_words = " ".join(["word"] * 20) + "."
    assert not any("Sentence" in s for s in texts(check(twenty_words, STANDARD)))
    assert any("Sentence 1 has 20 words" in s for s in texts(check(twenty_words, EASY_READ)))


def test_long_words_and_a_high_reading_age_get_plain_suggestions():
    report = check(LONG, EASY_READ)
    assert "considerations" in report.long_words and "commissioning" in report.long_words
    suggestions = texts(report)
    assert any(s.startswith("Long words: Integrated, understand, considerations") for s in suggestions)
    assert report.reading_ease < 30
    assert report.reading_age >= 19
    assert any(s.startswith(f"The reading age is about {report.reading_age}. Aim for 11 or lower") for s in suggestions)


def test_unexplained_abbreviations_are_flagged_but_everyday_ones_are_not():
    suggestions = texts(check("Your ICB and PCN work with the NHS and your GP.", STANDARD))
    assert "Explain “ICB” or write it in full." in suggestions
    assert "Explain “PCN” or write it in full." in suggestions
    assert not any("NHS" in s or "GP" in s for s in suggestions)


def test_reading_age_bands_follow_flesch():
    assert readability.reading_age(95) == 11
    assert readability.reading_age(65) == 15
    assert readability.reading_age(10) == readability.GRADUATE_READING_AGE


def test_nothing_to_measure_gives_no_report():
    assert check("") is None
    assert check("   \n ") is None
    assert check("آپ کی رائے") is None  # not English: no English measures


def test_sentences_split_on_full_stops_question_marks_and_new_lines():
    assert readability.split_sentences("One. Two? Three!\nFour") == ["One.", "Two?", "Three!", "Four"]
