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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import IO, Any, NamedTuple

from babel import Locale, UnknownLocaleError

from surveys.model import Option, Question, Section, SurveyDefinition
from toolkit import spreadsheets
from toolkit.spreadsheets import MAX_XLSX_PARTS as MAX_XLSX_PARTS
from toolkit.spreadsheets import MAX_XLSX_UNCOMPRESSED as MAX_XLSX_UNCOMPRESSED
from toolkit.text import lazy

# The most text one translated string may hold, and the most rows a file may have.
MAX_TEXT = 10_000
MAX_ROWS = 5_000
HEADER = ("key", "English", "translation")
STATUS = "status"  # a fourth column: "out of date" for a translation whose English has changed
OUT_OF_DATE = "out of date"
BOM = "\ufeff"  # so spreadsheet programs read the CSV as UTF-8 (Urdu, Bengali...)
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Pick = Callable[[str, str], str]  # (key, English) -> the text to show
QUESTION_FIELDS = ("text", "help", "scale_min_label", "scale_max_label", "easy_read_text", "image_alt")
# Fields only some types have: each type's `translatable_fields` says which of these it translates.
TYPE_FIELDS = ("scale_min_label", "scale_max_label")


class TranslationFileError(ValueError):
    """A spreadsheet that cannot be read back, with every row at fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class Completeness(NamedTuple):
    """(done, total, missing keys, out-of-date keys): every string is required, so missing ones
    stop publishing; out-of-date ones (the English changed since) are warned of, or stop
    publishing when the lead chose so."""

    done: int
    total: int
    missing: tuple[str, ...]
    outdated: tuple[str, ...] = ()

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
    if question.kind.lead_options:
        for option in question.options:
            strings[_option_key(prefix, option)] = option.label
            strings[f"{_option_key(prefix, option)}.easy_read"] = option.easy_read
    for name in TYPE_FIELDS:
        if name not in question.kind.translatable_fields:
            strings.pop(f"{prefix}.{name}")
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
    """How many of the survey's strings `language` has, which are missing and which out of date."""
    strings = definition.translations.get(language, {})
    keys = list(translatable_strings(definition))
    missing = tuple(key for key in keys if not strings.get(key, "").strip())
    return Completeness(len(keys) - len(missing), len(keys), missing, out_of_date(definition, language))


def out_of_date(definition: SurveyDefinition, language: str) -> tuple[str, ...]:
    """Keys whose translation was made from English that has changed since, in survey order.
    A translation stored before sources were kept has none, and counts as current."""
    strings = definition.translations.get(language, {})
    sources = definition.translation_sources.get(language, {})
    return tuple(
        key
        for key, english in translatable_strings(definition).items()
        if strings.get(key, "").strip() and key in sources and sources[key] != english
    )


def publish_problems(definition: SurveyDefinition) -> list[str]:
    """A problem for each language the survey has started but not finished: publishing
    must refuse these, so nobody is shown a survey half in one language, half in another.
    Out-of-date strings too, when the lead chose to refuse publishing on them."""
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
    if definition.block_outdated_translations:
        problems += outdated_messages(definition)
    return problems


def outdated_messages(definition: SurveyDefinition) -> list[str]:
    """ "3 strings out of date in Urdu", for each language with any."""
    messages = []
    for language in sorted(definition.translations):
        count = len(out_of_date(definition, language))
        if count:
            message = lazy(
                "%(count)s strings out of date in %(language)s: the English changed after they were translated.",
                count=count,
                language=language_name(language),
            )
            messages.append(str(message))
    return messages


def language_name(code: str) -> str:
    """The language's English name for staff messages, e.g. "Urdu"; the code if Babel has none."""
    try:
        return str(Locale.parse(code).get_language_name("en"))
    except (UnknownLocaleError, ValueError, TypeError):
        return code


def with_language(
    definition: SurveyDefinition, language: str, strings: Mapping[str, str], confirmed: Iterable[str] = ()
) -> SurveyDefinition:
    """The definition with `language`'s strings replaced: only current keys are kept,
    blanks are dropped, and a language left with nothing is removed.

    Each translation keeps the English it was made from: a changed or new translation, or one
    `confirmed` as still right, is recorded against today's English; an unchanged one keeps its
    old source, so it stays out of date until someone updates or confirms it."""
    keys = translatable_strings(definition)
    kept = {key: value.strip() for key, value in strings.items() if key in keys and value.strip()}
    before = definition.translations.get(language, {})
    old_sources = definition.translation_sources.get(language, {})
    confirmed = set(confirmed)
    translations = {lang: dict(text) for lang, text in definition.translations.items() if lang != language}
    sources = {lang: dict(text) for lang, text in definition.translation_sources.items() if lang != language}
    if kept:
        translations[language] = {key: kept[key] for key in keys if key in kept}
        sources[language] = {
            key: old_sources[key]
            if key in old_sources and before.get(key) == kept[key] and key not in confirmed
            else keys[key]
            for key in translations[language]
        }
    return replace(definition, translations=translations, translation_sources=sources)


def with_sources(definition: SurveyDefinition, language: str, keys: Iterable[str]) -> SurveyDefinition:
    """Record today's English as the source of these keys' translations (filled in by the toolkit)."""
    english = translatable_strings(definition)
    sources = {lang: dict(text) for lang, text in definition.translation_sources.items()}
    own = sources.setdefault(language, {})
    own.update({key: english[key] for key in keys if key in english})
    return replace(definition, translation_sources=sources)


def where(definition: SurveyDefinition) -> dict[str, str]:
    """Key -> where the string appears, in words for the person translating, e.g.
    "Question 3, “How easy was it…”: an answer"."""
    found: dict[str, str] = {
        "title": str(lazy("The survey’s title")),
        "introduction": str(lazy("The survey’s introduction")),
        "privacy_notice": str(lazy("The privacy notice")),
    }
    number = 0
    for section_number, section in enumerate(definition.sections, start=1):
        page = str(lazy("Section %(number)s, “%(title)s”", number=section_number, title=_short(section.title)))
        found[f"section.{section.id}.title"] = str(lazy("%(section)s: its title", section=page))
        found[f"section.{section.id}.intro"] = str(lazy("%(section)s: its introduction", section=page))
        for question in section.questions:
            number += 1
            found.update(_question_places(question, number))
    return found


_PLACES = {
    "text": lazy("the question"),
    "help": lazy("its hint"),
    "scale_min_label": lazy("the label of the lowest rating"),
    "scale_max_label": lazy("the label of the highest rating"),
    "easy_read_text": lazy("its easy-read wording"),
    "image_alt": lazy("the description of its easy-read picture"),
}


def _question_places(question: Question, number: int) -> dict[str, str]:
    prefix = f"question.{question.id}"
    name = str(lazy("Question %(number)s, “%(text)s”", number=number, text=_short(question.text)))
    places = {f"{prefix}.{field}": f"{name}: {place}" for field, place in _PLACES.items()}
    for option in question.options:
        key = _option_key(prefix, option)
        places[key] = str(lazy("%(question)s: an answer", question=name))
        places[f"{key}.easy_read"] = str(lazy("%(question)s: an answer’s easy-read wording", question=name))
    return places


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def editor_keys(definition: SurveyDefinition, language: str) -> list[str]:
    """The survey's keys in the order a translator works through them: out of date first."""
    stale = out_of_date(definition, language)
    return [*stale, *(key for key in translatable_strings(definition) if key not in stale)]


# --- spreadsheets for translators ------------------------------------------------------


def rows(definition: SurveyDefinition, language: str) -> list[tuple[str, str, str]]:
    """(key, English, translation so far) for each string: out of date first, then in survey order."""
    english = translatable_strings(definition)
    ordered = {key: english[key] for key in editor_keys(definition, language)}
    return keyed_rows(ordered, definition.translations.get(language, {}))


def keyed_rows(strings: Mapping[str, str], existing: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(key, English, translation so far) for any keyed strings: the same spreadsheet round trip
    serves other content (reports' "You said, we did")."""
    return [(key, english, existing.get(key, "")) for key, english in strings.items()]


def _status_rows(definition: SurveyDefinition, language: str) -> list[tuple[str, str, str, str]]:
    """`rows` with a status: "out of date" (OUT_OF_DATE) or empty."""
    stale = set(out_of_date(definition, language))
    return [(*row, OUT_OF_DATE if row[0] in stale else "") for row in rows(definition, language)]


def _protect(cell: str) -> str:
    """Stop a spreadsheet running a cell as a formula; `_unprotect` undoes it on the way back."""
    return "'" + cell if cell.startswith((*FORMULA_STARTS, "'")) else cell


def _unprotect(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith((*FORMULA_STARTS, "'")) else cell


def to_csv(definition: SurveyDefinition, language: str) -> str:
    return rows_to_csv(_status_rows(definition, language), status=True)


def rows_to_csv(found_rows: Iterable[Sequence[str]], *, status: bool = False) -> str:
    """Rows of (key, English, translation) as CSV; with `status`, each row has a fourth cell
    under a "status" heading ("out of date" or empty)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow((*HEADER, STATUS) if status else HEADER)
    for key, english, translated, *rest in found_rows:
        writer.writerow((key, _protect(english), _protect(translated), *rest))
    return BOM + out.getvalue()


def to_xlsx(definition: SurveyDefinition, language: str, target: IO[bytes]) -> None:
    """Cells are written with write_string, so nothing is ever run as a formula."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(language)
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    for column, width in enumerate((28, 60, 60, 14)):
        sheet.set_column(column, column, width, wrap)
    for column, heading in enumerate((*HEADER, STATUS)):
        sheet.write_string(0, column, heading, bold)
    for number, row in enumerate(_status_rows(definition, language), start=1):
        for column, cell in enumerate(row):
            sheet.write_string(number, column, cell)
    sheet.freeze_panes(1, 0)
    workbook.close()


def from_csv(data: bytes | str, definition: SurveyDefinition) -> UploadedStrings:
    """The translations in a CSV file made by `to_csv`; raises TranslationFileError."""
    return keyed_from_csv(data, translatable_strings(definition))


def keyed_from_csv(data: bytes | str, keys: Mapping[str, str]) -> UploadedStrings:
    """The translations in a CSV file of these keyed strings; raises TranslationFileError."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TranslationFileError([str(lazy("The file is not a CSV file saved as UTF-8."))]) from None
    try:
        table = list(csv.reader(io.StringIO(data.removeprefix(BOM), newline="")))
    except csv.Error as error:
        raise TranslationFileError([str(lazy("The file could not be read as CSV: %(error)s.", error=error))]) from None
    return _read_table(table, keys)


XLSX_COLUMNS = len(HEADER) + 1  # key, English, translation, status: nothing to the right is read


def from_xlsx(data: bytes, definition: SurveyDefinition) -> UploadedStrings:
    """The translations in the first sheet of an XLSX file made by `to_xlsx`, read by
    toolkit.spreadsheets (zip sizes checked first, only the first four columns, at most MAX_ROWS
    rows and MAX_TEXT characters a cell)."""
    return keyed_from_xlsx(data, translatable_strings(definition))


def keyed_from_xlsx(data: bytes, keys: Mapping[str, str]) -> UploadedStrings:
    """`from_xlsx` for any keyed strings."""
    try:
        table = spreadsheets.read_xlsx(data, columns=XLSX_COLUMNS, max_rows=MAX_ROWS, max_text=MAX_TEXT)
    except spreadsheets.SpreadsheetError as error:
        raise TranslationFileError([str(error)]) from None
    return _read_table(table, keys)


class UploadedStrings(dict[str, str]):
    """Key -> translation read from a spreadsheet; `confirmed` holds the keys whose status cell
    the translator left empty (cleared "out of date"), so their translations count as current."""

    confirmed: frozenset[str] = frozenset()


def _read_table(table: list[list[str]], keys: Mapping[str, str]) -> UploadedStrings:
    if not table or [cell.strip().lower() for cell in table[0][:3]] != [h.lower() for h in HEADER]:
        raise TranslationFileError([str(lazy("The first row must be the headings: key, English, translation."))])
    if len(table) > MAX_ROWS + 1:
        raise TranslationFileError([str(lazy("The file has more than %(rows)s rows.", rows=MAX_ROWS))])
    has_status = len(table[0]) > len(HEADER) and str(table[0][len(HEADER)]).strip().lower() == STATUS
    found = UploadedStrings()
    confirmed: set[str] = set()
    seen: set[str] = set()
    problems: list[str] = []
    for number, row in enumerate(table[1:], start=2):
        key, translated, status = _cells(row)
        problem = _row_problem(key, translated, keys, seen)
        if problem:
            problems.append(str(lazy("Row %(number)s: %(problem)s", number=number, problem=problem)))
        elif key:
            seen.add(key)
            if translated:
                found[key] = translated
            if translated and has_status and status.lower() != OUT_OF_DATE:
                confirmed.add(key)
    if problems:
        raise TranslationFileError(problems)
    found.confirmed = frozenset(confirmed)
    return found


def _cells(row: Iterable[str]) -> tuple[str, str, str]:
    cells = [*row, "", "", "", ""]
    return cells[0].strip(), _unprotect(cells[2]).strip(), str(cells[3] or "").strip()


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
