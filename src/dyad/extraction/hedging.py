"""Hedging cues: the words that mark a claim as uncertain.

Modal verbs of possibility (may, might, could), adverbs and adjectives of likelihood
(likely, possibly, reportedly, apparently), verbs of appearance and expectation (appears
to, seems, expected to, poised to, believed to) and explicit conditionals (if, unless, as
soon as). Attribution alone is not a hedge, and neither is a plain "will" or the "would"
of reported speech.
"""

from __future__ import annotations

import re

_CUES = [
    r"may(?:\s+(?:soon|also|well|have|not|even))?",
    r"might(?:\s+have)?",
    r"could(?:\s+(?:soon|also|well|have|even))?(?!\s+not\s+be\s+reached)",
    r"(?:un)?likely",
    r"possibly", r"possible", r"perhaps", r"probably", r"presumably",
    r"reportedly", r"allegedly", r"purportedly", r"apparently", r"apparent",
    r"appears?(?:\s+(?:to|ready|set|poised))?", r"appeared\s+to", r"seems?\s+to", r"seemed\s+to",
    r"(?:is|are|was|were)\s+expected\s+to", r"expected\s+to",
    r"poised\s+(?:to|for)", r"believed\s+to", r"thought\s+to", r"(?:is|are)\s+said\s+to",
    r"rumou?red", r"unconfirmed", r"potentially",
    r"if", r"unless", r"as\s+soon\s+as", r"provided\s+that",
]
_CUE_RE = re.compile(r"\b(?:" + "|".join(_CUES) + r")\b")


def find_hedge(sentence: str) -> str | None:
    """The first hedging cue in ``sentence`` (lower-case, as written), or ``None``.

    >>> find_hedge("The service could resume as early as next month.")
    'could'
    >>> find_hedge("Russia will resume the service in July.") is None
    True
    """
    match = _CUE_RE.search(sentence)
    if match:
        return " ".join(match.group().split())
    match = re.match(r"\s*If\b", sentence)
    return "if" if match else None
