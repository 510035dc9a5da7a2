"""Remove the NHS.UK stylesheet's rules that no public page can use (run at build time by
toolkit.assets). Plain module: text in, text out.

A rule stays when every class its selector names is *kept*: a class is kept when it appears
as a word anywhere in the scanned texts (our templates, Python, JavaScript, and the NHS.UK
macros we import), or starts with the name of a component whose JavaScript adds classes at
run time (the header's menu, the character count, conditional reveals). Selectors without
classes (elements, attributes, :root) always stay, classes inside :not(), :is(), :where() and
:has() are not required, as do at-rules other than the grouping
ones (@media, @supports, @layer, @container), which are purged inside. The CSS is parsed
with tinycss2 (already installed with WeasyPrint), never with regular expressions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import tinycss2

WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
GROUPING = {"media", "supports", "layer", "container"}
# `:not(.x)` matches whether or not .x is used, and `:is(.x, .y)` needs only one: classes inside
# these are not required (the rule stays, as it may match).
FUNCTIONAL = re.compile(r":(?:not|is|where|has)\([^()]*\)")


def words_in(texts: Iterable[str]) -> set[str]:
    """Every word that could be a class name in the given texts."""
    found: set[str] = set()
    for text in texts:
        found.update(WORD.findall(text))
    return found


def _selector_kept(selector: str, words: set[str], prefixes: tuple[str, ...]) -> bool:
    required = CLASS.findall(FUNCTIONAL.sub("", selector))
    return all(name in words or name.startswith(prefixes) for name in required)


def _purge_rules(rules: list[object], words: set[str], prefixes: tuple[str, ...]) -> list[str]:
    kept: list[str] = []
    for rule in rules:
        if isinstance(rule, tinycss2.ast.QualifiedRule):
            selectors = [s for s in tinycss2.serialize(rule.prelude).split(",") if _selector_kept(s, words, prefixes)]
            if selectors:
                kept.append(",".join(s.strip() for s in selectors) + "{" + tinycss2.serialize(rule.content) + "}")
        elif isinstance(rule, tinycss2.ast.AtRule):
            if rule.content is not None and rule.lower_at_keyword in GROUPING:
                inner = tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True)
                body = _purge_rules(inner, words, prefixes)
                if body:
                    kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(body)}}}")
            else:
                kept.append(rule.serialize())
    return kept


def purge(css: str, words: set[str], prefixes: Iterable[str] = ()) -> str:
    """The stylesheet without the rules whose selectors name a class that is not kept."""
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    return "".join(_purge_rules(rules, words, tuple(prefixes)))
