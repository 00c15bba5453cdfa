"""Hedging: modal and evidential cues mark claims uncertain; plain will and attribution do not."""

from __future__ import annotations

import pytest

from dyad.extraction.hedging import find_hedge


@pytest.mark.parametrize("sentence, cue", [
    ("The ferry may restart in spring.", "may"),
    ("Talks could resume as early as next month.", "could"),
    ("The two sides reportedly agreed on a date.", "reportedly"),
    ("Both governments appear ready to sign.", "appear ready"),
    ("The line is poised for a comeback.", "poised for"),
    ("Minsk is expected to reopen the crossing.", "is expected to"),
    ("If finalised, the deal will take effect in May.", "if"),
    ("Flights may have begun in July.", "may have"),
])
def test_hedge_cues_are_found(sentence, cue):
    assert find_hedge(sentence) == cue


@pytest.mark.parametrize("sentence", [
    "Russia will resume the service in July.",
    "The ministry said the border was closed.",
    "According to NHK, the train left on time.",
])
def test_will_and_attribution_alone_are_not_hedges(sentence):
    assert find_hedge(sentence) is None
