"""A readability check on a lead's wording: sentence length, long words and an
approximate reading age, with plain suggestions.

Plain module: no Flask. The measures are for English text (the Flesch reading
ease formula and the syllable count are English-only); other languages get no
report. Suggestions are lazy gettext strings, translated when shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from toolkit.text import lazy as _l

WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n+")
VOWEL_GROUPS = re.compile(r"[aeiouy]+")
LONG_WORD_SYLLABLES = 3
SHOWN_LONG_WORDS = 5
# Abbreviations people often do not know; all capitals, 2 to 6 letters.
ABBREVIATION = re.compile(r"^[A-Z]{2,6}s?$")
PLAIN_ABBREVIATIONS = frozenset({"NHS", "GP", "GPS", "OK", "UK", "TV", "AM", "PM"})

# (lowest Flesch reading ease, approximate reading age) from Flesch's own table,
# with US school grades turned into ages (grade + 5 or 6).
READING_AGE_BANDS = ((90.0, 11), (80.0, 12), (70.0, 13), (60.0, 15), (50.0, 17), (30.0, 19))
GRADUATE_READING_AGE = 22


@dataclass(frozen=True)
class Target:
    """What to aim for: the longest sentence and the highest reading age."""

    sentence_words: int
    reading_age: int


# Easy read: one idea per sentence, about 15 words at most.
EASY_READ = Target(sentence_words=15, reading_age=11)
# Everyday public wording: GOV.UK and NHS content guidance aim for 25 words and a reading age of about 12-13.
STANDARD = Target(sentence_words=25, reading_age=13)


@dataclass(frozen=True)
class Report:
    sentences: int
    words: int
    average_sentence_words: float
    longest_sentence_words: int
    long_words: tuple[str, ...]
    reading_ease: float
    reading_age: int
    suggestions: tuple[Any, ...]  # lazy strings

    @property
    def good(self) -> bool:
        return not self.suggestions


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in SENTENCE_END.split(text) if part and WORD.search(part)]


def words_in(text: str) -> list[str]:
    return WORD.findall(text)


def syllables(word: str) -> int:
    """A rough English syllable count: vowel groups, less a silent final e."""
    word = word.lower().replace("’", "'")
    if word.isdigit():
        return max(1, len(word) - 1) if len(word) > 2 else 1
    letters = re.sub(r"[^a-z]", "", word)
    if not letters:
        return 1
    count = len(VOWEL_GROUPS.findall(letters))
    if letters.endswith("e") and not letters.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if letters.endswith("re") and len(letters) > 3 and letters[-3] not in "aeiouy":
        count += 1  # centre, litre
    if letters.endswith(("ed", "es")) and count > 1 and not letters.endswith(("ted", "ded", "ses", "zes", "ces")):
        count -= 1
    return max(1, count)


def reading_ease(words: int, sentences: int, syllable_count: int) -> float:
    """Flesch reading ease: higher is easier; 60-70 is plain English."""
    if not words or not sentences:
        return 100.0
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllable_count / words)


def reading_age(ease: float) -> int:
    for lowest, age in READING_AGE_BANDS:
        if ease >= lowest:
            return age
    return GRADUATE_READING_AGE


def check(text: str, target: Target = STANDARD) -> Report | None:
    """Measure the text against the target; None when there is nothing to measure."""
    sentences = split_sentences(text)
    sentence_words = [words_in(sentence) for sentence in sentences]
    all_words = [word for words in sentence_words for word in words]
    if not all_words:
        return None
    syllable_counts = {word: syllables(word) for word in all_words}
    ease = reading_ease(len(all_words), len(sentences), sum(syllable_counts[w] for w in all_words))
    long_words = _unique(w for w in all_words if syllable_counts[w] >= LONG_WORD_SYLLABLES and not w.isdigit())
    lengths = [len(words) for words in sentence_words]
    report = Report(
        sentences=len(sentences),
        words=len(all_words),
        average_sentence_words=round(len(all_words) / len(sentences), 1),
        longest_sentence_words=max(lengths),
        long_words=long_words,
        reading_ease=round(ease, 1),
        reading_age=reading_age(ease),
        suggestions=(),
    )
    suggestions = _sentence_suggestions(lengths, target) + _word_suggestions(report, all_words, target)
    return replace(report, suggestions=tuple(suggestions))


def _unique(words: Any) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(word.lower(), word)
    return tuple(seen.values())


def _sentence_suggestions(lengths: list[int], target: Target) -> list[Any]:
    return [
        _l(
            "Sentence %(number)s has %(words)s words; aim for %(limit)s or fewer.",
            number=number,
            words=length,
            limit=target.sentence_words,
        )
        for number, length in enumerate(lengths, start=1)
        if length > target.sentence_words
    ]


def _word_suggestions(report: Report, all_words: list[str], target: Target) -> list[Any]:
    suggestions: list[Any] = []
    if report.long_words:
        shown = ", ".join(report.long_words[:SHOWN_LONG_WORDS])
        suggestions.append(_l("Long words: %(words)s. Use shorter words if you can.", words=shown))
    for word in _unique(w for w in all_words if ABBREVIATION.match(w) and w.upper() not in PLAIN_ABBREVIATIONS):
        suggestions.append(_l("Explain “%(word)s” or write it in full.", word=word))
    if report.reading_age > target.reading_age:
        suggestions.append(
            _l(
                "The reading age is about %(age)s. Aim for %(target)s or lower: "
                "use shorter sentences and shorter words.",
                age=report.reading_age,
                target=target.reading_age,
            )
        )
    return suggestions
