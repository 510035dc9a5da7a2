"""Redaction pre-fill: personal details out, the rest of the words kept."""

from __future__ import annotations

from engagements import redaction


def test_emails_phone_and_nhs_numbers_and_full_postcodes_are_taken_out() -> None:
    said = "Email jo.bloggs@example.org or ring 07700 900123. NHS number 943 476 5919. I live at PR6 8AB."
    assert redaction.suggested(said) == "Email [email] or ring [phone]. NHS number [NHS number]. I live at [postcode]."


def test_a_postcode_district_and_ordinary_numbers_stay() -> None:
    said = "I live in PR6 and waited 4 hours for bus 109"
    assert redaction.suggested(said) == said


def test_the_words_to_publish_are_checked() -> None:
    assert redaction.redaction_problems("Fine", "Named a nurse") == []
    assert [str(p) for p in redaction.redaction_problems("  ", "")] == ["Enter the words to publish"]
