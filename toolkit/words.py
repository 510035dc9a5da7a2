"""Words for explainable text matching (plain Python): common English words to leave out and a
deliberately crude stemmer. Workshop theme suggestions and engagement coding suggestions share it."""

from __future__ import annotations

import re

STOP_WORDS = frozenset(
    """a about after all also am an and any are as at be been being but by can could did do does
    doing don for from get got had has have having he her here him his how i if in into is it its
    just like me more most my no not of off on one only or other our out over own really same she
    should so some such than that the their them then there these they this those to too up us very
    was we were what when where which who why will with would you your yours i'm it's can't don't
    there's we're they're didn't isn't wasn't""".split()  # noqa: SIM905 - easier to read as prose
)
WORD = re.compile(r"[a-z0-9']+", re.IGNORECASE)
SUFFIXES = ("ations", "ation", "ings", "ing", "ness", "ies", "ied", "ers", "er", "ed", "es", "ly", "s")


def stem(word: str) -> str:
    """A deliberately crude stemmer: strip one common English suffix, keep 3+ letters."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def stems(text: str) -> frozenset[str]:
    return frozenset(stem(w.lower()) for w in _kept_words(text))


def _kept_words(text: str) -> list[str]:
    """The words of `text` as written, leaving out short and common ones."""
    words = (w.strip("'") for w in WORD.findall(text))
    return [w for w in words if len(w) > 2 and w.lower() not in STOP_WORDS]


def whole_words(text: str, wanted: frozenset[str]) -> tuple[str, ...]:
    """The words of `text` whose stems are `wanted`, once each in the order they come, in lower
    case unless written in capitals (as "NHS" is): a stem such as "scor" is for matching, never
    for showing to a person."""
    found: dict[str, str] = {}
    for written in _kept_words(text):
        key = stem(written.lower())
        if key in wanted and key not in found:
            found[key] = written if written.isupper() else written.lower()
    return tuple(found.values())
