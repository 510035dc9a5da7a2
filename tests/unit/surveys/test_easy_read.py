"""Easy-read logic: wording, smiley faces, one question per page, and picture checks."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from surveys.easy_read import model as easy_read
from surveys.model import Condition, Option, Question, Section, SurveyDefinition


def picture(kind: str = "PNG", size: tuple[int, int] = (20, 10)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, kind)
    return buffer.getvalue()


def test_png_and_jpeg_pass_and_give_their_type():
    assert easy_read.picture_type(picture("PNG")) == "image/png"
    assert easy_read.picture_type(picture("JPEG")) == "image/jpeg"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"GIF89a" + b"\0" * 20, "PNG or JPEG"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "PNG or JPEG"),
        (b"\x89PNG\r\n\x1a\n" + b"not really a png", "could not be read"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * (easy_read.MAX_PICTURE_BYTES), "smaller than 1 MB"),
    ],
)
def test_bad_pictures_are_refused_with_a_plain_reason(content, message):
    with pytest.raises(easy_read.PictureError, match=message):
        easy_read.picture_type(content)


def test_easy_wording_replaces_text_and_help_only_when_written():
    plain = Question("q1", "yes_no", "Would you be content to telephone?", help="Think about it.")
    assert easy_read.easy_question(plain) is plain
    easy = easy_read.easy_question(
        Question(
            "q1", "yes_no", "Would you be content to telephone?", help="Think.", easy_read_text=" Would you phone? "
        )
    )
    assert (easy.text, easy.help) == ("Would you phone?", "")


def test_five_point_smiley_scale_has_a_face_and_words_for_each_answer():
    question = Question("r", "rating", "Rate it", scale_max_label="Brilliant", easy_read_scale="smiley")
    faces = easy_read.smiley_faces(question)
    assert [f.value for f in faces] == ["1", "2", "3", "4", "5"]
    assert [f.face for f in faces] == [0, 1, 2, 3, 4]
    assert [str(f.words) for f in faces] == ["Very bad", "Bad", "OK", "Good", "Brilliant"]
    assert easy_read.uses_smileys(question)
    assert not easy_read.uses_smileys(Question("r", "rating", "Rate it"))


def test_faces_spread_over_longer_and_shorter_scales():
    assert [easy_read.face_for(i, 3) for i in range(3)] == [0, 2, 4]
    assert [easy_read.face_for(i, 11) for i in (0, 5, 10)] == [0, 2, 4]
    eleven = easy_read.smiley_faces(Question("r", "rating", "Rate", scale_min=0, scale_max=10))
    assert [str(f.words) for f in eleven][:2] == ["0", "1"]


def definition() -> SurveyDefinition:
    return SurveyDefinition(
        title="T",
        sections=(
            Section("s1", "One", questions=(Question("used", "yes_no", "Used it?", required=True),)),
            Section(
                "s2",
                "Two",
                show_if=Condition("used", "yes"),
                questions=(Question("how", "rating", "How was it?"), Question("note", "statement", "Thanks")),
            ),
            Section("s3", "Three", questions=(Question("more", "long_text", "Anything else?"),)),
        ),
    )


def test_steps_follow_routing_one_question_at_a_time():
    ids = [q.id for _, q in easy_read.visible_steps(definition(), {})]
    assert ids == ["used", "more"]
    step = easy_read.step(definition(), "how", {"used": "yes"})
    # counted among questions (not information items), against the most anyone is asked
    assert (step.number, step.total, step.previous_id, step.next_id, step.routed) == (2, 3, "used", "note", True)
    assert easy_read.step(definition(), "more", {"used": "no"}).number == 2
    assert step.first_in_section
    assert not easy_read.step(definition(), "note", {"used": "yes"}).first_in_section
    assert easy_read.step(definition(), "how", {"used": "no"}) is None


def test_first_unanswered_needs_every_question_seen_and_required_ones_answered():
    d = definition()
    assert easy_read.first_unanswered(d, {}, set()) == "used"
    assert easy_read.first_unanswered(d, {}, {"used"}) == "used"  # required, still blank
    assert easy_read.first_unanswered(d, {"used": "no"}, {"used"}) == "more"
    assert easy_read.first_unanswered(d, {"used": "no"}, {"used", "more"}) is None


def test_completed_sections_tell_the_standard_path_what_was_seen():
    d = definition()
    assert easy_read.completed_sections(d, {"used": "yes"}, {"used", "how"}) == ["s1"]
    assert easy_read.completed_sections(d, {"used": "yes"}, {"used", "how", "note"}) == ["s1", "s2"]


def test_easy_answer_wording_replaces_an_option_label_only_when_written():
    options = (Option("near", "Being close to home", " Near my home "), Option("fast", "Being seen quickly"))
    question = Question("q1", "multiple_choice", "What matters most?", options=options, allow_other=True)
    easy = easy_read.easy_question(question)
    assert [(o.value, o.label) for o in easy.choices] == [
        ("near", "Near my home"),
        ("fast", "Being seen quickly"),
        ("other", "Other"),
    ]
    assert easy.text == "What matters most?"  # no easy-read wording for the question itself
    assert easy.label_for("near") == "Near my home"


def test_one_question_section_uses_easy_wording_without_routing():
    question = Question("how", "rating", "How was it?", easy_read_text="Was it good?", show_if=Condition("x", "y"))
    section = easy_read.one_question_section(Section("s2", "Two", questions=(question,)), question)
    assert [(q.text, q.show_if) for q in section.questions] == [("Was it good?", None)]
    choice = Question("used", "single_choice", "When?", options=(Option("month", "In the last month", "Not long ago"),))
    section = easy_read.one_question_section(Section("s1", "One", questions=(choice,)), choice)
    assert section.questions[0].options == (Option("month", "Not long ago", "Not long ago"),)
