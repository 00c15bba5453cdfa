"""The first-character table finds exactly what the whole alternation finds, only faster."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dyad.extraction.attribution import _ANY_CUE, _has_cue
from dyad.extraction.events import _TRIGGERS
from dyad.extraction.patterns import first_character_table, first_characters, split_alternatives

PASSAGES = Path(__file__).parent / "passages"
WORD_START = re.compile(r"\b\w")


@pytest.mark.parametrize(("pattern", "flags", "expected"), [
    (r"\btalks", 0, {"t"}),
    (r"\b(?:talks|Meet)", re.I, {"t", "T", "m", "M"}),
    (r"(?:re)?open", 0, {"r", "o"}),  # an optional part: what follows may come first
    (r"(?<!re)opening", 0, {"o"}),  # a look-behind takes no character
    (r"[A-C]\d", 0, {"A", "B", "C", "a", "b", "c"}),  # both cases: a superset is always safe
])
def test_first_characters_are_those_a_match_can_start_with(pattern: str, flags: int, expected: set[str]):
    assert first_characters(pattern, flags) == expected


@pytest.mark.parametrize("pattern", [r"\w+ed", r"[^x]y", r"a?", r"(?:x|\d)", r"é", r".z"])
def test_a_pattern_that_may_start_anywhere_has_no_first_characters(pattern: str):
    assert first_characters(pattern, re.I) is None


def test_a_table_keeps_the_order_and_names_of_the_alternatives():
    alternatives = [("long", r"open\s+borders"), ("short", r"open"), ("other", r"close")]
    whole = re.compile("|".join(f"(?P<{n}>{p})" for n, p in alternatives))
    table = first_character_table(alternatives)
    assert table["o"].pattern == "(?P<long>open\\s+borders)|(?P<short>open)"
    assert table["x"] is None
    for text in ("open borders", "open doors", "close"):
        assert table[text[0]].match(text).lastgroup == whole.match(text).lastgroup


def _sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(PASSAGES.glob("*.txt"))]
    return [line for text in texts for line in text.splitlines() if line.strip()] + [
        "Ünlü talks in İzmir", "the ſuspension of ﬂights", "Kiev's KGB halted exports", "_x 1979 ban"]


def test_the_trigger_table_matches_as_the_whole_trigger_pattern_at_every_word_start():
    compared = 0
    for sentence in _sentences():
        for word in WORD_START.finditer(sentence):
            at = word.start()
            fast = _TRIGGERS.match(sentence, at)
            slow = _TRIGGERS.whole.match(sentence, at)
            assert (fast and (fast.span(), fast.lastgroup)) == (slow and (slow.span(), slow.lastgroup)), (sentence, at)
            compared += slow is not None
    assert compared > 100  # the passages hold plenty of triggers: the comparison is not vacuous


def test_the_quick_cue_test_agrees_with_the_cue_pattern_on_every_sentence():
    sentences = _sentences() + ["No comment.", "It was unreached", "He SAID so", "the according-to clause", "Xsaid"]
    for sentence in sentences:
        assert _has_cue(sentence) == bool(_ANY_CUE.search(sentence)), sentence
    assert any(_has_cue(s) for s in sentences) and not all(_has_cue(s) for s in sentences)


def test_alternatives_split_only_at_the_top_level_bars():
    assert split_alternatives(r"according|(?<!was\s)called(?=\s+(?:the|it))|[|)]|\|x") == [
        "according", r"(?<!was\s)called(?=\s+(?:the|it))", "[|)]", r"\|x"]
