"""Translations of a survey's own content: which strings there are, applying a
language, how complete each language is, and spreadsheets for translators.

Plain module: no Flask, no database. A definition keeps its translations in
`SurveyDefinition.translations` (language code -> string key -> text), frozen with
each published version. Keys name where a string lives, e.g. "title",
"section.s1.title", "question.q1.text", "question.q1.option.yes" or, for an
answer's easy-read wording, "question.q1.option.yes.easy_read".

Every string the English survey shows is required: a language with any missing
is not published (`publish_problems`). Respondents whose language a survey does
not have see the English content.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import IO, Any, NamedTuple

from babel import Locale, UnknownLocaleError

from surveys.model import Option, Question, Section, SurveyDefinition
from toolkit.text import lazy

# The most text one translated string may hold, and the most rows a file may have.
MAX_TEXT = 10_000
MAX_ROWS = 5_000
HEADER = ("key", "English", "translation")
BOM = "\ufeff"  # so spreadsheet programs read the CSV as UTF-8 (Urdu, Bengali...)
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Pick = Callable[[str, str], str]  # (key, English) -> the text to show
QUESTION_FIELDS = ("text", "help", "scale_min_label", "scale_max_label", "easy_read_text", "image_alt")


class TranslationFileError(ValueError):
    """A spreadsheet that cannot be read back, with every row at fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class Completeness(NamedTuple):
    """(done, total, missing keys): every string is required, so missing ones stop publishing."""

    done: int
    total: int
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def started(self) -> bool:
        return self.done > 0


# --- which strings ------------------------------------------------------------------


def translatable_strings(definition: SurveyDefinition) -> dict[str, str]:
    """Every non-empty English string a respondent can see, by key, in survey order."""
    strings: dict[str, str] = {
        "title": definition.title,
        "introduction": definition.introduction,
        "privacy_notice": definition.privacy_notice,
    }
    for section in definition.sections:
        strings.update(section_strings(section))
    return {key: value for key, value in strings.items() if value.strip()}


def section_strings(section: Section) -> dict[str, str]:
    """Every non-empty English string of one section (its title, intro and questions), by key."""
    strings = {f"section.{section.id}.title": section.title, f"section.{section.id}.intro": section.intro}
    for question in section.questions:
        strings.update(_question_strings(question))
    return {key: value for key, value in strings.items() if value.strip()}


def _question_strings(question: Question) -> dict[str, str]:
    prefix = f"question.{question.id}"
    strings = {f"{prefix}.{name}": str(getattr(question, name)) for name in QUESTION_FIELDS}
    if question.type in ("single_choice", "multiple_choice"):
        for option in question.options:
            strings[_option_key(prefix, option)] = option.label
            strings[f"{_option_key(prefix, option)}.easy_read"] = option.easy_read
    if question.type != "rating":
        strings.pop(f"{prefix}.scale_min_label")
        strings.pop(f"{prefix}.scale_max_label")
    return strings


# --- applying a language --------------------------------------------------------------


def apply(definition: SurveyDefinition, language: str) -> SurveyDefinition:
    """The definition with its text in `language` where translated, English otherwise."""
    strings = definition.translations.get(language)
    if not strings:
        return definition

    def pick(key: str, english: str) -> str:
        translated = strings.get(key, "")
        return translated if translated.strip() and english.strip() else english

    return replace(
        definition,
        title=pick("title", definition.title),
        introduction=pick("introduction", definition.introduction),
        privacy_notice=pick("privacy_notice", definition.privacy_notice),
        sections=tuple(_apply_section(section, pick) for section in definition.sections),
    )


def _apply_section(section: Section, pick: Pick) -> Section:
    prefix = f"section.{section.id}"
    return replace(
        section,
        title=pick(f"{prefix}.title", section.title),
        intro=pick(f"{prefix}.intro", section.intro),
        questions=tuple(_apply_question(question, pick) for question in section.questions),
    )


def _apply_question(question: Question, pick: Pick) -> Question:
    prefix = f"question.{question.id}"
    changes: dict[str, Any] = {name: pick(f"{prefix}.{name}", getattr(question, name)) for name in QUESTION_FIELDS}
    options = tuple(
        Option(o.value, pick(_option_key(prefix, o), o.label), pick(f"{_option_key(prefix, o)}.easy_read", o.easy_read))
        for o in question.options
    )
    return replace(question, options=options, **changes)


def _option_key(prefix: str, option: Option) -> str:
    return f"{prefix}.option.{option.value}"


# --- completeness and publishing ----------------------------------------------------------


def completeness(definition: SurveyDefinition, language: str) -> Completeness:
    """How many of the survey's strings `language` has, and which are missing."""
    strings = definition.translations.get(language, {})
    keys = list(translatable_strings(definition))
    missing = tuple(key for key in keys if not strings.get(key, "").strip())
    return Completeness(done=len(keys) - len(missing), total=len(keys), missing=missing)


def publish_problems(definition: SurveyDefinition) -> list[str]:
    """A problem for each language the survey has started but not finished: publishing
    must refuse these, so nobody is shown a survey half in one language, half in another."""
    problems = []
    for language in sorted(definition.translations):
        found = completeness(definition, language)
        if found.started and not found.complete:
            message = lazy(
                "The %(language)s translation is missing %(missing)s of %(total)s strings. "
                "Finish it, or delete it, before publishing.",
                language=language_name(language),
                missing=len(found.missing),
                total=found.total,
            )
            problems.append(str(message))
    return problems


def language_name(code: str) -> str:
    """The language's English name for staff messages, e.g. "Urdu"; the code if Babel has none."""
    try:
        return str(Locale.parse(code).get_language_name("en"))
    except (UnknownLocaleError, ValueError, TypeError):
        return code


def with_language(definition: SurveyDefinition, language: str, strings: Mapping[str, str]) -> SurveyDefinition:
    """The definition with `language`'s strings replaced: only current keys are kept,
    blanks are dropped, and a language left with nothing is removed."""
    keys = translatable_strings(definition)
    kept = {key: value.strip() for key, value in strings.items() if key in keys and value.strip()}
    translations = {lang: dict(text) for lang, text in definition.translations.items() if lang != language}
    if kept:
        translations[language] = {key: kept[key] for key in keys if key in kept}
    return replace(definition, translations=translations)


# --- spreadsheets for translators ------------------------------------------------------


def rows(definition: SurveyDefinition, language: str) -> list[tuple[str, str, str]]:
    """(key, English, translation so far) for each string, in survey order."""
    existing = definition.translations.get(language, {})
    return [(key, english, existing.get(key, "")) for key, english in translatable_strings(definition).items()]


def _protect(cell: str) -> str:
    """Stop a spreadsheet running a cell as a formula; `_unprotect` undoes it on the way back."""
    return "'" + cell if cell.startswith((*FORMULA_STARTS, "'")) else cell


def _unprotect(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith((*FORMULA_STARTS, "'")) else cell


def to_csv(definition: SurveyDefinition, language: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for key, english, translated in rows(definition, language):
        writer.writerow((key, _protect(english), _protect(translated)))
    return BOM + out.getvalue()


def to_xlsx(definition: SurveyDefinition, language: str, target: IO[bytes]) -> None:
    """Cells are written with write_string, so nothing is ever run as a formula."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(language)
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    for column, width in enumerate((28, 60, 60)):
        sheet.set_column(column, column, width, wrap)
    for column, heading in enumerate(HEADER):
        sheet.write_string(0, column, heading, bold)
    for number, row in enumerate(rows(definition, language), start=1):
        for column, cell in enumerate(row):
            sheet.write_string(number, column, cell)
    sheet.freeze_panes(1, 0)
    workbook.close()


def from_csv(data: bytes | str, definition: SurveyDefinition) -> dict[str, str]:
    """The translations in a CSV file made by `to_csv`; raises TranslationFileError."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TranslationFileError([str(lazy("The file is not a CSV file saved as UTF-8."))]) from None
    try:
        table = list(csv.reader(io.StringIO(data.removeprefix(BOM), newline="")))
    except csv.Error as error:
        raise TranslationFileError([str(lazy("The file could not be read as CSV: %(error)s.", error=error))]) from None
    return _read_table(table, definition)


# An XLSX file is a zip: its parts are checked before anything is parsed, so a small upload cannot
# expand into a huge sheet (a 1.8 KB file can declare A1:XFD5001, 80 million cells).
MAX_XLSX_PARTS = 200
MAX_XLSX_UNCOMPRESSED = 25 * 1024 * 1024  # bytes, all parts together
XLSX_COLUMNS = len(HEADER)  # key, English, translation: nothing to the right is read


def _check_xlsx_sizes(data: bytes) -> None:
    """Refuse a zip with too many parts or too much inside, from its directory alone."""
    import zipfile

    unreadable = TranslationFileError([str(lazy("The file could not be read as an Excel (XLSX) file."))])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise unreadable from None
    if len(parts) > MAX_XLSX_PARTS or sum(part.file_size for part in parts) > MAX_XLSX_UNCOMPRESSED:
        limit = MAX_XLSX_UNCOMPRESSED // (1024 * 1024)
        raise TranslationFileError(
            [str(lazy("The file holds more than %(limit)s MB once unpacked: save it as CSV instead.", limit=limit))]
        )


def from_xlsx(data: bytes, definition: SurveyDefinition) -> dict[str, str]:
    """The translations in the first sheet of an XLSX file made by `to_xlsx`: the sizes inside the
    zip checked first, the sheet's declared dimension ignored, only the first three columns read,
    at most MAX_ROWS rows and MAX_TEXT characters a cell."""
    import zipfile

    from openpyxl import load_workbook

    _check_xlsx_sizes(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise TranslationFileError([str(lazy("The file could not be read as an Excel (XLSX) file."))]) from None
    try:
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # the file's own claim of its size is not trusted
        table = []
        rows = sheet.iter_rows(min_col=1, max_col=XLSX_COLUMNS, values_only=True)
        for number, values in enumerate(rows, start=1):
            if number > MAX_ROWS + 1:
                raise TranslationFileError([str(lazy("The file has more than %(rows)s rows.", rows=MAX_ROWS))])
            table.append([_xlsx_cell(value) for value in values[:XLSX_COLUMNS]])
    finally:
        workbook.close()
    return _read_table(table, definition)


def _xlsx_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text[: MAX_TEXT + 1]  # one over the limit, so the row is still reported as too long


def _read_table(table: list[list[str]], definition: SurveyDefinition) -> dict[str, str]:
    if not table or [cell.strip().lower() for cell in table[0][:3]] != [h.lower() for h in HEADER]:
        raise TranslationFileError([str(lazy("The first row must be the headings: key, English, translation."))])
    if len(table) > MAX_ROWS + 1:
        raise TranslationFileError([str(lazy("The file has more than %(rows)s rows.", rows=MAX_ROWS))])
    keys = translatable_strings(definition)
    found: dict[str, str] = {}
    seen: set[str] = set()
    problems: list[str] = []
    for number, row in enumerate(table[1:], start=2):
        key, translated = _cells(row)
        problem = _row_problem(key, translated, keys, seen)
        if problem:
            problems.append(str(lazy("Row %(number)s: %(problem)s", number=number, problem=problem)))
        elif key:
            seen.add(key)
            if translated:
                found[key] = translated
    if problems:
        raise TranslationFileError(problems)
    return found


def _cells(row: Iterable[str]) -> tuple[str, str]:
    cells = [*row, "", "", ""]
    return cells[0].strip(), _unprotect(cells[2]).strip()


def _row_problem(key: str, translated: str, keys: Mapping[str, str], seen: set[str]) -> str | None:
    if not key:
        return str(lazy("there is a translation but no key.")) if translated else None
    if key not in keys:
        return str(lazy("the key “%(key)s” is not a string of this survey.", key=key[:60]))
    if key in seen:
        return str(lazy("the key “%(key)s” appears twice.", key=key))
    if len(translated) > MAX_TEXT:
        return str(lazy("the translation is longer than %(limit)s characters.", limit=MAX_TEXT))
    return None
