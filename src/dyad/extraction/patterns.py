"""Faster matching of a long alternation of named patterns, with the same matches.

The event triggers are one regex of 35 alternatives, tried at every word start of every
sentence: about a third of the extraction's time went into trying all of them where, from
the word's first character alone, only a few can match. :func:`first_character_table` works out,
from each alternative's parsed form, which first characters it can match, and compiles one
smaller alternation per character, keeping the alternatives' order and group names. At a
given position the smaller regex therefore finds exactly the match the whole one finds
(the same span, the same ``lastgroup``): the alternatives left out cannot match there.
"""

from __future__ import annotations

import re
import string

# The standard library's regex parser (private; these names since Python 3.11): it says what a pattern is made of.
from re import _constants as _sre, _parser as _parse  # type: ignore[attr-defined]

#: First characters looked up in a table: ASCII word characters. A word starting with any
#: other character (accented, Cyrillic...) is tried against the whole alternation.
TABLE_CHARACTERS = string.ascii_letters + string.digits + "_"
_ANY = None  # "any character may come first"


def _first(items: list, ignore_case: bool) -> tuple[set[str] | None, bool]:
    """The characters a parsed sequence can start with (None: any), and whether it can match empty."""
    first: set[str] = set()
    for op, value in items:
        chars, nullable = _first_of(op, value, ignore_case)
        if chars is _ANY:
            return _ANY, False
        first |= chars
        if not nullable:
            return first, False
    return first, True


def _first_of(op: object, value: object, ignore_case: bool) -> tuple[set[str] | None, bool]:
    if op is _sre.LITERAL:
        char = chr(value)  # type: ignore[arg-type]
        if not char.isascii():
            return _ANY, False  # case folding outside ASCII has its own equivalences: not worked out here
        return ({char.lower(), char.upper()} if ignore_case else {char}), False
    if op is _sre.IN:
        chars: set[str] = set()
        for item_op, item in value:  # type: ignore[attr-defined]
            if item_op is _sre.LITERAL and chr(item).isascii():
                chars |= {chr(item).lower(), chr(item).upper()}
            elif item_op is _sre.RANGE and item[1] < 128:
                chars |= {c for code in range(item[0], item[1] + 1) for c in (chr(code).lower(), chr(code).upper())}
            else:
                return _ANY, False  # a category (\w, \d), a negation, a range beyond ASCII
        return chars, False
    if op is _sre.SUBPATTERN:
        _, add_flags, del_flags, sub = value  # type: ignore[misc]
        # Both cases whenever either is possible: a superset is always safe.
        return _first(list(sub), ignore_case or bool(add_flags & _sre.SRE_FLAG_IGNORECASE))
    if op is _sre.BRANCH:
        union: set[str] = set()
        nullable = False
        for branch in value[1]:  # type: ignore[index]
            chars_or_any, empty = _first(list(branch), ignore_case)
            if chars_or_any is _ANY:
                return _ANY, False
            union |= chars_or_any
            nullable = nullable or empty
        return union, nullable
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        low, _, sub = value  # type: ignore[misc]
        chars_or_any, empty = _first(list(sub), ignore_case)
        return chars_or_any, (empty or low == 0) if chars_or_any is not _ANY else False
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return set(), True  # zero width: the next item comes first (its constraint is ignored, which is safe)
    return _ANY, False  # anything else (back-references, atomic groups, any character): no filter


def first_characters(pattern: str, flags: int = 0) -> set[str] | None:
    """The characters a match of ``pattern`` can start with, or None when it may start with any (or match empty).

    >>> sorted(first_characters(r"\\b(?:talks|negotiat(?:e|ed))", re.I))
    ['N', 'T', 'n', 't']
    """
    parsed = _parse.parse(pattern, flags)
    chars, nullable = _first(list(parsed), bool(flags & re.I))
    return _ANY if chars is _ANY or nullable else chars


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern``: split at each ``|`` outside groups, classes and escapes.

    >>> split_alternatives(r"said|(?<!was )called(?= (?:the|it))|[|)]")
    ['said', '(?<!was )called(?= (?:the|it))', '[|)]']
    """
    parts: list[str] = []
    depth, start, index, in_class = 0, 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2  # an escaped character is never a separator
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[index + 1:index + 2] == "]":
                index += 1  # "[]...]": a "]" first in a class is a member, not its end
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    parts.append(pattern[start:])
    return parts


def first_character_table(alternatives: list[tuple[str, str]], flags: int = 0) -> dict[str, re.Pattern[str] | None]:
    """For each character of :data:`TABLE_CHARACTERS`, the alternation of the named ``(name, pattern)`` alternatives
    that can start with it (their order kept), or None when none can.

    ``table.get(text[i], whole).match(text, i)`` is then ``whole.match(text, i)``, with
    ``whole`` the alternation of them all, ``"|".join(f"(?P<{name}>{pattern})" ...)``.
    """
    starts = [(name, pattern, first_characters(pattern, flags)) for name, pattern in alternatives]
    table: dict[str, re.Pattern[str] | None] = {}
    compiled: dict[tuple[str, ...], re.Pattern[str]] = {}
    for char in TABLE_CHARACTERS:
        kept = tuple(name for name, _, first in starts if first is _ANY or char in first)
        if not kept:
            table[char] = None
            continue
        if kept not in compiled:
            chosen = set(kept)
            compiled[kept] = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern, _ in starts if name in chosen), flags)
        table[char] = compiled[kept]
    return table


class FirstCharacterAlternation:
    """An alternation of named patterns matched at a position by trying only the alternatives that can start there.

    ``match(text, i)`` is ``whole.match(text, i)``: the same span and ``lastgroup``.
    """

    def __init__(self, alternatives: list[tuple[str, str]], flags: int = 0) -> None:
        self.whole = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in alternatives), flags)
        self._by_first = first_character_table(alternatives, flags)

    def match(self, text: str, position: int) -> re.Match[str] | None:
        # A character outside the table (accented, Cyrillic...) gets the whole alternation; None: nothing can start here.
        pattern = self._by_first.get(text[position], self.whole)
        return pattern.match(text, position) if pattern is not None else None


__all__ = ["TABLE_CHARACTERS", "FirstCharacterAlternation", "first_character_table", "first_characters", "split_alternatives"]
