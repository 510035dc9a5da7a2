"""Results: counts, percentages and figures per question, in one pass over the responses.

Plain module: no Flask, no database. Questions are labelled by the latest published
version; answers given to older versions are keyed by the same question ids, so they
are counted with the rest. A question that only an older version asked is kept, after
the latest version's questions, so no answer disappears from the results.

`summarise` reads each response once and keeps only counts (and, for free text, at most
`text_limit` answers per question), so it works on a stream of any length.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, ClassVar, Protocol

from surveys.model import OTHER_VALUE, Question, SurveyDefinition, other_key
from surveys.question_types.base import CHOICE, NUMBER
from surveys.results import tallies
from surveys.results.tallies import Key
from toolkit import charts


class HasAnswers(Protocol):
    @property
    def answers(self) -> Mapping[str, Any]: ...

    @property
    def not_asked(self) -> Sequence[str] | None: ...


def report_questions(definitions: Sequence[SurveyDefinition]) -> list[Question]:
    """Every answerable question any version asked, labelled by the newest version that asked it.

    `definitions` run oldest first. The latest version's questions come first, in its order."""
    seen: set[str] = set()
    ordered: list[Question] = []
    for definition in reversed(definitions):
        for question in definition.answerable_questions():
            if question.id not in seen:
                seen.add(question.id)
                ordered.append(question)
    return ordered


# --- what a summary holds ------------------------------------------------------------


@dataclass(frozen=True)
class OptionCount:
    value: str
    label: str
    count: int
    percent: float  # of the people who answered the question


@dataclass(frozen=True)
class TextAnswers:
    """Free-text answers: the first `shown` of them, and how many there were in all."""

    shown: tuple[str, ...]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.shown)


@dataclass(frozen=True)
class ChoiceSummary:
    question: Question
    answered: int
    not_answered: int
    options: tuple[OptionCount, ...]
    other: TextAnswers  # what people wrote for "Other, please specify"
    not_asked: int = 0  # routing skipped it (counted apart from "did not answer")
    kind: ClassVar[str] = "choice"

    @property
    def multiple(self) -> bool:
        """People could pick more than one option, so percentages can add up to more than 100."""
        return self.question.kind.multiple


@dataclass(frozen=True)
class NumberSummary:
    question: Question
    answered: int
    not_answered: int
    mean: float | None
    median: float | None
    minimum: float | None
    maximum: float | None
    not_asked: int = 0  # routing skipped it (counted apart from "did not answer")
    kind: ClassVar[str] = "number"


@dataclass(frozen=True)
class TextSummary:
    question: Question
    answered: int
    not_answered: int
    answers: TextAnswers
    not_asked: int = 0  # routing skipped it (counted apart from "did not answer")
    kind: ClassVar[str] = "text"


QuestionSummary = ChoiceSummary | NumberSummary | TextSummary


@dataclass(frozen=True)
class Summary:
    total: int
    questions: tuple[QuestionSummary, ...]


# --- tallies: one per question, fed one response at a time ---------------------------------


@dataclass
class _Texts:
    limit: int | None
    kept: list[str] = field(default_factory=list)
    total: int = 0

    def add(self, text: str) -> None:
        self.total += 1
        if self.limit is None or len(self.kept) < self.limit:
            self.kept.append(text)

    def keep(self, text: str) -> None:
        """Keep a text without counting it (its count comes from the tallies)."""
        if self.limit is None or len(self.kept) < self.limit:
            self.kept.append(text)

    def complete(self) -> bool:
        """Every text that will be shown is kept: reading further would change nothing."""
        return self.limit is not None and len(self.kept) >= min(self.limit, self.total)

    def freeze(self) -> TextAnswers:
        return TextAnswers(tuple(self.kept), self.total)


class _ChoiceTally:
    def __init__(self, question: Question, text_limit: int | None) -> None:
        self.question = question
        self.answered = 0
        self.counts: Counter[str] = Counter()
        self.other = _Texts(text_limit)
        self.other_key = other_key(question.id)

    def add(self, answers: Mapping[str, Any]) -> None:
        value = answers.get(self.question.id)
        if value is None or value == "" or value == []:
            return
        self.answered += 1
        # A set: a repeated value is counted once per person.
        chosen = {str(v) for v in value} if isinstance(value, list) else {str(value)}
        self.counts.update(chosen)
        other_text = answers.get(self.other_key)
        if other_text and OTHER_VALUE in chosen:
            self.other.add(str(other_text))

    def load(self, counts: Mapping[Key, int]) -> None:
        """Counts from the tally table; the "Other" texts themselves come from `add_text`."""
        qid = self.question.id
        self.answered = counts.get((qid, tallies.ANSWERED, ""), 0)
        self.counts = Counter({key[2]: n for key, n in counts.items() if key[0] == qid and key[1] == tallies.OPTION})
        self.other.total = counts.get((qid, tallies.OTHER, ""), 0)

    def add_text(self, answers: Mapping[str, Any]) -> None:
        value = answers.get(self.question.id)
        other_text = answers.get(self.other_key)
        if not other_text or value is None or value == "" or value == []:
            return
        chosen = {str(v) for v in value} if isinstance(value, list) else {str(value)}
        if OTHER_VALUE in chosen:
            self.other.keep(str(other_text))

    def texts_complete(self) -> bool:
        return self.other.complete()

    def summary(self, total: int) -> ChoiceSummary:
        known = [(o.value, o.label) for o in self.question.choices]
        known_values = {value for value, _ in known}
        # Values no longer offered (an option removed in a later version) are still shown, in order.
        extra = [(value, value) for value in sorted(self.counts) if value not in known_values]
        options = tuple(
            OptionCount(value, label, self.counts[value], _percent(self.counts[value], self.answered))
            for value, label in known + extra
        )
        return ChoiceSummary(self.question, self.answered, total - self.answered, options, self.other.freeze())


class _NumberTally:
    def __init__(self, question: Question) -> None:
        self.question = question
        # Whole numbers repeat a lot: a count per value keeps memory small and still gives the median.
        self.values: Counter[float] = Counter()

    def add(self, answers: Mapping[str, Any]) -> None:
        value = answers.get(self.question.id)
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.values[value] += 1

    def load(self, counts: Mapping[Key, int]) -> None:
        qid = self.question.id
        self.values = Counter()
        for (question_id, kind, value), n in counts.items():
            if question_id == qid and kind == tallies.NUMBER:
                self.values[tallies.number_value(value)] += n

    def add_text(self, answers: Mapping[str, Any]) -> None:
        return None

    def texts_complete(self) -> bool:
        return True

    def summary(self, total: int) -> NumberSummary:
        answered = sum(self.values.values())
        if not answered:
            return NumberSummary(self.question, 0, total, None, None, None, None)
        # In value order: the same float sum whichever order the values were counted in.
        mean = sum(value * count for value, count in sorted(self.values.items())) / answered
        return NumberSummary(
            self.question,
            answered,
            total - answered,
            mean,
            _median(self.values, answered),
            min(self.values),
            max(self.values),
        )


class _TextTally:
    def __init__(self, question: Question, text_limit: int | None) -> None:
        self.question = question
        self.texts = _Texts(text_limit)

    def add(self, answers: Mapping[str, Any]) -> None:
        value = answers.get(self.question.id)
        if value is not None and str(value).strip():
            self.texts.add(str(value))

    def load(self, counts: Mapping[Key, int]) -> None:
        self.texts.total = counts.get((self.question.id, tallies.TEXT, ""), 0)

    def add_text(self, answers: Mapping[str, Any]) -> None:
        value = answers.get(self.question.id)
        if value is not None and str(value).strip():
            self.texts.keep(str(value))

    def texts_complete(self) -> bool:
        return self.texts.complete()

    def summary(self, total: int) -> TextSummary:
        return TextSummary(self.question, self.texts.total, total - self.texts.total, self.texts.freeze())


_Tally = _ChoiceTally | _NumberTally | _TextTally


def _tally_for(question: Question, text_limit: int | None) -> _Tally:
    if question.kind.tally == CHOICE:
        return _ChoiceTally(question, text_limit)
    if question.kind.tally == NUMBER:
        return _NumberTally(question)
    return _TextTally(question, text_limit)


def summarise(questions: Sequence[Question], responses: Iterable[HasAnswers], text_limit: int | None = None) -> Summary:
    """Counts per question over every response, read once. Free-text answers beyond
    `text_limit` per question are counted but not kept."""
    tally_list = [_tally_for(q, text_limit) for q in questions]
    skipped: Counter[str] = Counter()
    total = 0
    for response in responses:
        total += 1
        answers = response.answers
        skipped.update(set(response.not_asked or ()))
        for tally in tally_list:
            tally.add(answers)
    return Summary(total, tuple(_with_not_asked(t.summary(total), skipped) for t in tally_list))


def _with_not_asked(item: QuestionSummary, skipped: Mapping[str, int]) -> QuestionSummary:
    """Of the people who did not answer, those routing never showed the question to."""
    n = skipped.get(item.question.id, 0)
    return replace(item, not_answered=item.not_answered - n, not_asked=n) if n else item


def summarise_counts(
    questions: Sequence[Question],
    counts: Mapping[Key, int],
    responses: Iterable[HasAnswers],
    text_limit: int | None = None,
) -> Summary:
    """What `summarise` gives, from tally sums (`surveys.results.tallies`) instead of every response.

    `responses` (in the same order `summarise` would read them) are read only for the free-text
    answers shown, and only until each question has its first `text_limit` of them."""
    total = counts.get(tallies.TOTAL, 0)
    tally_list = [_tally_for(q, text_limit) for q in questions]
    for tally in tally_list:
        tally.load(counts)
    wanting = [tally for tally in tally_list if not tally.texts_complete()]
    if wanting:
        for response in responses:
            answers = response.answers
            for tally in wanting:
                tally.add_text(answers)
            if all(tally.texts_complete() for tally in wanting):
                break
    skipped = {key[0]: n for key, n in counts.items() if key[1] == tallies.SKIPPED}
    return Summary(total, tuple(_with_not_asked(t.summary(total), skipped) for t in tally_list))


def _percent(count: int, of: int) -> float:
    return 100.0 * count / of if of else 0.0


def _median(values: Counter[float], n: int) -> float:
    """The median of a multiset given as value -> count."""
    lower_index, upper_index = (n - 1) // 2, n // 2
    lower = upper = None
    seen = 0
    for value in sorted(values):
        seen += values[value]
        if lower is None and seen > lower_index:
            lower = value
        if seen > upper_index:
            upper = value
            break
    assert lower is not None and upper is not None
    return (lower + upper) / 2


def format_percent(percent: float) -> str:
    """A percentage as a person reads it: whole numbers, but never "0%" for a count above zero."""
    if 0 < percent < 0.5:
        return "<1%"
    return f"{percent:.0f}%"


def format_number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


# --- charts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """What the page says of a chart; the picture itself is its own request (`chart_svg`), so
    the page does not wait for two dozen drawings and the browser fetches them side by side."""

    alt: str


def _bars(summary: ChoiceSummary) -> tuple[charts.Bar, ...]:
    return tuple(charts.Bar(o.label, o.count, format_percent(o.percent)) for o in summary.options)


def chart(summary: ChoiceSummary) -> Chart:
    return Chart(charts.alt_text(_bars(summary), multiple=summary.multiple))


def has_chart(item: QuestionSummary) -> bool:
    """Choice questions that someone answered have a chart."""
    return isinstance(item, ChoiceSummary) and item.answered > 0


def chart_svg(summary: ChoiceSummary) -> str:
    return _svg(_bars(summary))


@lru_cache(maxsize=256)
def _svg(bars: tuple[charts.Bar, ...]) -> str:
    """Drawing a chart takes about a tenth of a second and the same bars always give the same
    bytes, so a chart seen again (or its filters changed back) is not drawn again."""
    return charts.bar_chart_svg(bars)


def iter_charts(summary: Summary) -> Iterator[tuple[QuestionSummary, Chart | None]]:
    """Each question's summary with its chart (choice questions that someone answered)."""
    for item in summary.questions:
        yield item, chart(item) if isinstance(item, ChoiceSummary) and has_chart(item) else None
