"""Rows of results as text tables, CSV or JSON (used by the CLI)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from collections.abc import Mapping, Sequence

from rdflib import BNode, Literal, URIRef


def plain(value: object) -> object:
    """A result value as a JSON-friendly Python value."""
    if value is None:
        return None
    if isinstance(value, Literal):
        python = value.toPython()
        if isinstance(python, Decimal):
            return float(python)
        if isinstance(python, (bool, int, float)) or type(python) is str:
            return python
        if isinstance(python, (dt.date, dt.datetime)):
            return python.isoformat()
        return str(value)  # lexical form: gYearMonth, gYear, unknown datatypes
    if isinstance(value, URIRef):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "iso_format"):  # neo4j temporal types
        return value.iso_format()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (int, float, bool, str)):
        return value
    return str(value)


def format_rows(columns: Sequence[str], rows: Sequence[Mapping[str, object]], fmt: str) -> str:
    """Render rows as ``table``, ``csv`` or ``json``."""
    data = [{column: plain(row.get(column)) for column in columns} for row in rows]
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for row in data:
            writer.writerow({k: json.dumps(v) if isinstance(v, (list, dict)) else v for k, v in row.items()})
        return buffer.getvalue().rstrip("\n")
    if fmt == "table":
        cells = [[_cell(row[c]) for c in columns] for row in data]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
        if not cells:
            lines.append("(no rows)")
        return "\n".join(lines)
    raise ValueError(f"unknown format {fmt!r}; use table, csv or json")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def sparql_results_json(columns: Sequence[str], rows: Sequence[Mapping[str, object]]) -> str:
    """SELECT results as W3C SPARQL 1.1 Query Results JSON (what the endpoint answers)."""
    def term(value: object) -> dict[str, str]:
        if isinstance(value, URIRef):
            return {"type": "uri", "value": str(value)}
        if isinstance(value, BNode):
            return {"type": "bnode", "value": str(value)}
        if isinstance(value, Literal):
            found = {"type": "literal", "value": str(value)}
            if value.language:
                found["xml:lang"] = value.language
            elif value.datatype and str(value.datatype) != "http://www.w3.org/2001/XMLSchema#string":
                found["datatype"] = str(value.datatype)
            return found
        return {"type": "literal", "value": str(value)}

    bindings = [{c: term(row[c]) for c in columns if row.get(c) is not None} for row in rows]
    return json.dumps({"head": {"vars": list(columns)}, "results": {"bindings": bindings}}, indent=2, ensure_ascii=False)


def shorten(value: object, prefixes: Mapping[str, str]) -> object:
    """An IRI as ``prefix:name`` when one of ``prefixes`` (name -> namespace) covers it; anything else as it is.

    For tables people read: the name may hold ``/`` (``id:event/4113dade86b7f692``), which Turtle and SPARQL
    would want escaped, so machine formats (csv, json) keep full IRIs.

    >>> shorten(URIRef("https://w3id.org/dyad/ontology#Event"), {"dyad": "https://w3id.org/dyad/ontology#"})
    'dyad:Event'
    >>> shorten(URIRef("https://w3id.org/dyad/id/event/4113"), {"id": "https://w3id.org/dyad/id/"})
    'id:event/4113'
    """
    if isinstance(value, URIRef):
        for name, namespace in prefixes.items():
            rest = str(value)[len(namespace):]
            if str(value).startswith(namespace) and rest and all(ch.isalnum() or ch in "_-./" for ch in rest):
                return f"{name}:{rest}"
    return value
