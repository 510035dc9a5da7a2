"""Printing as plain logic: copies, languages, what each variant puts on the page, and
HTML to a tagged PDF whose text can be read back."""

from __future__ import annotations

import io
import re
import subprocess

import pikepdf
import pytest

from surveys.model import Condition, Option, Question, Section, SurveyDefinition
from surveys.paper import printing
from tests.helpers import pdf_info, pdf_text
from tests.pdfua import pdf_ua_problems


def test_copies_default_to_one_and_stay_within_bounds():
    assert printing.parse_copies(None) == 1
    assert printing.parse_copies("") == 1
    assert printing.parse_copies("7") == 7
    assert printing.parse_copies(str(printing.MAX_COPIES)) == printing.MAX_COPIES
    for bad in ("0", "-1", "two", "1.5", str(printing.MAX_COPIES + 1)):
        with pytest.raises(printing.PrintError, match="between 1 and"):
            printing.parse_copies(bad)


def definition() -> SurveyDefinition:
    return SurveyDefinition(
        title="Care survey",
        sections=(
            Section(
                "s1",
                "First",
                questions=(
                    Question("used", "yes_no", "Have you used it?", easy_read_text="Did you go?", image_id=3),
                    Question("note", "statement", "Some information"),
                ),
            ),
            Section(
                "s2",
                "Second",
                show_if=Condition("used", "yes"),
                questions=(
                    Question("how", "rating", "How was it?", easy_read_scale="smiley"),
                    Question(
                        "what", "multiple_choice", "What?", options=(Option("a", "A", "Apples"), Option("b", "B"))
                    ),
                    Question("why", "long_text", "Why?"),
                ),
            ),
        ),
        translations={"ur": {"title": "نگہداشت کا سروے"}},
    )


def test_languages_are_english_and_each_translation():
    assert printing.languages(definition()) == ["en", "ur"]


def test_a_language_the_survey_lacks_is_refused():
    with pytest.raises(printing.PrintError, match="no translation"):
        printing.localise(definition(), "pl")


def test_a_translated_language_comes_back_in_that_language():
    translated, language = printing.localise(definition(), "ur")
    assert (translated.title, language) == ("نگہداشت کا سروے", "ur")


def test_text_direction_comes_from_the_locale():
    assert printing.text_direction("ur") == "rtl"
    assert printing.text_direction("ar") == "rtl"
    assert printing.text_direction("pl") == "ltr"
    assert printing.text_direction("not-a-language") == "ltr"


def test_standard_copy_numbers_questions_with_instructions_and_routing_in_words():
    items = printing.printable(definition(), "standard", {3: "data:image/png;base64,AA=="})
    assert [(i.number, i.question.id) for i in items] == [
        (1, "used"),
        (None, "note"),
        (2, "how"),
        (3, "what"),
        (4, "why"),
    ]
    used, _, how, what, why = items
    assert used.question.text == "Have you used it?" and used.picture == ""
    assert str(how.section_condition) == "Only answer this if you answered “Yes” to question 1."
    assert how.starts_section and not what.starts_section
    assert str(how.instruction) == "Tick one box." and how.faces == []
    assert str(what.instruction) == "Tick all the boxes that apply."
    assert [o.label for o in what.question.choices] == ["A", "B"]
    assert why.lines == 6


def test_easy_read_copy_has_easy_wording_pictures_and_faces():
    items = printing.printable(definition(), "easy-read", {3: "data:image/png;base64,AA=="})
    used, _, how, what, _ = items
    assert used.question.text == "Did you go?"
    assert [(o.value, o.label) for o in what.question.choices] == [("a", "Apples"), ("b", "B")]
    assert used.picture == "data:image/png;base64,AA=="
    assert [f.face for f in how.faces] == [0, 1, 2, 3, 4]


def test_data_uri():
    assert printing.data_uri(b"<svg/>", "image/svg+xml") == "data:image/svg+xml;base64,PHN2Zy8+"


def test_html_becomes_a_tagged_pdf_with_its_text_in_every_script():
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test copy</title></head><body>'
        "<h1>Urgent care</h1><p lang='ur' dir='rtl'>آپ کی رائے</p><p lang='pl'>Pilna opieka zdrowotna</p>"
        "<p lang='bn'>আপনার মতামত</p></body></html>"
    )
    content = printing.to_pdf(html)
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    for words in ("Urgent care", "Pilna opieka zdrowotna", "আপনার মতামত"):
        assert words in text
    assert "رائے" in text
    info = pdf_info(content)
    assert "Tagged:          yes" in info and "Title:           Test copy" in info
    assert pdf_ua_problems(content, "en") == []


def numbered_copy_html(reference: str = printing.PLACEHOLDER_REFERENCE) -> str:
    style = (
        "@page { size: A6; @bottom-center { content: string(reference); font-family: 'DejaVu Sans Mono' } }"
        ".number { string-set: reference content(text); font-family: 'DejaVu Sans Mono' }"
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Copy</title><style>{style}</style>'
        f'</head><body><p>Reference: <span class="number">{reference}</span></p>'
        '<h1>Urgent care</h1><p style="break-before: page">Page two</p></body></html>'
    )


def reference_boxes(content: bytes) -> dict[str, list[tuple[str, str]]]:
    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=content, capture_output=True, check=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(P-[^<]*)</word>'
    words = re.findall(pattern, html.decode())
    boxes: dict[str, list[tuple[str, str]]] = {}
    for x_min, x_max, word in words:
        boxes.setdefault(word, []).append((x_min, x_max))
    return boxes


def test_one_layout_is_painted_once_per_reference_each_in_the_placeholders_room():
    references = ["P-ABCD-EF23", "P-WWWW-MMMM", "P-2345-6789"]
    content = printing.to_pdf(numbered_copy_html(), references)
    pages = pdf_text(content).split("\f")[:-1]
    assert len(pages) == 2 * len(references)
    for number, reference in enumerate(references):
        assert all(reference in page for page in pages[2 * number : 2 * number + 2])
    assert printing.PLACEHOLDER_REFERENCE not in "".join(pages)
    boxes = reference_boxes(content)
    assert sorted(boxes) == sorted(references)
    # Fixed width: wide letters and narrow ones take the same room, in the copy and in every footer.
    assert len({tuple(places) for places in boxes.values()}) == 1
    assert boxes["P-ABCD-EF23"] == reference_boxes(printing.to_pdf(numbered_copy_html("P-ABCD-EF23")))["P-ABCD-EF23"]


def test_copies_of_a_layout_without_the_placeholder_are_refused():
    with pytest.raises(ValueError, match="PLACEHOLDER_REFERENCE"):
        printing.to_pdf(numbered_copy_html("P-ABCD-EF23"), ["P-WWWW-MMMM"])


# --- what can be checked of PDF/UA, by tests/pdfua.py ---------------------------------------------------

PICTURE = printing.data_uri(b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', "image/svg+xml")


def page_with_a_picture(alt: str = "A walk-in centre", lang: str = "ur") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}" dir="rtl"><head><meta charset="utf-8"><title>سروے</title></head>'
        f'<body><h1>آپ کی رائے</h1><img src="{PICTURE}" alt="{alt}"></body></html>'
    )


def test_a_tagged_pdf_with_title_language_and_alt_text_has_no_problems():
    assert pdf_ua_problems(printing.to_pdf(page_with_a_picture()), "ur") == []


def test_an_untagged_pdf_has_every_document_problem():
    from weasyprint import HTML

    untagged = HTML(string=page_with_a_picture()).write_pdf()
    problems = pdf_ua_problems(untagged, "ur")
    for expected in ("no StructTreeRoot", "MarkInfo/Marked", "DisplayDocTitle", "pdfuaid:part"):
        assert any(expected in problem for problem in problems), (expected, problems)


def test_a_picture_without_alt_text_and_the_wrong_language_are_found():
    problems = pdf_ua_problems(printing.to_pdf(page_with_a_picture(alt="", lang="en")), "ur")
    assert problems == ["/Lang is 'en', not 'ur'", "a Figure has no alt text (on page 1)"]


def test_a_font_without_its_file_is_found():
    with pikepdf.open(io.BytesIO(printing.to_pdf(page_with_a_picture()))) as pdf:
        fonts = pdf.pages[0].Resources.Font.values()
        font = next(iter(fonts))
        descriptor = font.DescendantFonts[0].FontDescriptor if font.Subtype == "/Type0" else font.FontDescriptor
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            if key in descriptor:
                del descriptor[key]
        buffer = io.BytesIO()
        pdf.save(buffer)
    assert pdf_ua_problems(buffer.getvalue(), "ur") == [f"font {font.BaseFont} is not embedded"]
