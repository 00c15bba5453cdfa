"""The extraction report of a passage given as a string, as the tests of the rules read it."""

from __future__ import annotations

from typing import Any

from dyad.extraction.report import build_report
from dyad.extraction.text import ArticleText


def passage_report(text: str, published: str | None) -> dict[str, Any]:
    """The report ``dyad extract`` would give for ``text`` saved as a plain-text file published on ``published``."""
    article = ArticleText(text=text, sha256="0" * 64, path="passage.txt", format="text", encoding="utf-8")
    return build_report(article, published=published)


def passage_events(text: str, published: str | None = "2025-06-10") -> list[tuple[str, list[str], str | None, str]]:
    """The events of :func:`passage_report` as ``(type, sorted actors, date, status)``: what the rule tests compare."""
    return [(e["type"], sorted(e["actors"]), e["date"], e["status"]) for e in passage_report(text, published)["events"]]
