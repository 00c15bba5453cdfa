"""Write docs/shapes.md from ontology/shapes.ttl: what valid Dyad data is, one table per class.

    python scripts/gen_shapes_doc.py            # rewrite docs/shapes.md
    python scripts/gen_shapes_doc.py --check    # exit 1 when docs/shapes.md is stale

``tests/test_shapes_doc.py`` runs the check, so the document cannot drift from the shapes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "ontology" / "shapes.ttl"
DOC = ROOT / "docs" / "shapes.md"
VALIDATION_DOC = ROOT / "docs" / "validation.md"  # hand-written; its list of gaps is repeated here


def _english(graph: Graph, node: Node, predicate: URIRef) -> str:
    values = list(graph.objects(node, predicate))
    english = [v for v in values if isinstance(v, Literal) and v.language == "en"]
    chosen = english[0] if english else (values[0] if values else None)
    return " ".join(str(chosen).split()) if chosen is not None else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _list(graph: Graph, node: Node) -> list[Node]:
    return list(Collection(graph, node))


def _value_kind(graph: Graph, shape: Node) -> str:
    """Datatype, class, allowed values, pattern and range of a property shape, in words."""
    from dyad.validation import compact

    parts = []
    datatype = graph.value(shape, SH.datatype)
    if datatype is not None:
        parts.append(f"`{compact(datatype)}`")
    alternatives = graph.value(shape, SH["or"])
    if alternatives is not None:
        kinds = [compact(graph.value(option, SH.datatype) or graph.value(option, SH["class"]) or option) for option in _list(graph, alternatives)]
        parts.append(" or ".join(f"`{kind}`" for kind in kinds))
    klass = graph.value(shape, SH["class"])
    if klass is not None:
        parts.append(f"a `{compact(klass)}`")
    allowed = graph.value(shape, SH["in"])
    if allowed is not None:
        values = [compact(v).split("/")[-1] if isinstance(v, URIRef) else str(v) for v in _list(graph, allowed)]
        parts.append("one of " + ", ".join(f"`{v}`" for v in values))
    pattern = graph.value(shape, SH.pattern)
    if pattern is not None:
        parts.append(f"matching `{pattern}`")
    low, high = graph.value(shape, SH.minInclusive), graph.value(shape, SH.maxInclusive)
    if low is not None or high is not None:
        parts.append(f"from {low if low is not None else '…'} to {high if high is not None else '…'}")
    length = graph.value(shape, SH.minLength)
    if length is not None:
        parts.append(f"at least {length} character(s)")
    less = graph.value(shape, SH.lessThan)
    if less is not None:
        parts.append(f"less than `{compact(less)}`")
    return "; ".join(parts) or "any"


def _cardinality(graph: Graph, shape: Node) -> str:
    low, high = graph.value(shape, SH.minCount), graph.value(shape, SH.maxCount)
    return f"{int(low) if low is not None else 0}..{int(high) if high is not None else '*'}"


def render(shapes_file: Path = SHAPES) -> str:
    """The Markdown document for a shapes file."""
    from dyad.validation import compact, path_text

    graph = Graph().parse(shapes_file, format="turtle")
    lines = [
        "# Shapes: what valid Dyad data is",
        "",
        "Generated from `ontology/shapes.ttl` by `scripts/gen_shapes_doc.py`; do not edit by hand",
        "(`tests/test_shapes_doc.py` fails when this file is stale). Severity is Violation unless",
        "the table says otherwise: a violation stops a load, a warning is reported and the data is stored.",
        "",
    ]
    node_shapes = sorted(
        {s for s in graph.subjects(SH.targetClass, None) if isinstance(s, URIRef)},
        key=lambda s: (str(graph.value(s, SH.targetClass)), str(s)),
    )
    by_class: dict[str, list[URIRef]] = {}
    for shape in node_shapes:
        by_class.setdefault(compact(graph.value(shape, SH.targetClass)), []).append(shape)
    for klass, shapes in by_class.items():
        lines.append(f"## {klass}")
        lines.append("")
        rows = []
        rules = []
        for shape in shapes:
            comment = _english(graph, shape, RDFS.comment)
            if comment:
                lines.append(f"{comment} (`{compact(shape)}`)")
                lines.append("")
            for prop in sorted(graph.objects(shape, SH.property), key=lambda p: path_text(graph, graph.value(p, SH.path))):
                severity = graph.value(prop, SH.severity)
                message = _english(graph, prop, SH.message)
                if severity is not None and severity != SH.Violation:
                    message = f"*{compact(severity).removeprefix('sh:')}:* {message}"
                rows.append(
                    f"| `{_cell(path_text(graph, graph.value(prop, SH.path)))}` | {_cardinality(graph, prop)} | "
                    f"{_cell(_value_kind(graph, prop))} | {_cell(message)} |"
                )
            for constraint in graph.objects(shape, SH.sparql):
                severity = graph.value(shape, SH.severity) or SH.Violation
                rules.append(
                    f"| `{compact(shape)}` | {compact(severity).removeprefix('sh:')} | "
                    f"{_cell(_english(graph, constraint, SH.message))} |"
                )
        if rows:
            lines += ["| property | cardinality | datatype or class | message |", "| --- | --- | --- | --- |", *rows, ""]
        if rules:
            lines += [
                "Cross-document rules (SHACL-SPARQL, checked against the whole store):",
                "",
                "| rule | severity | message |",
                "| --- | --- | --- |",
                *rules,
                "",
            ]
    lines += _conformance_section()
    return "\n".join(lines).rstrip() + "\n"


GAPS_HEADING = "## Known gaps, each with its test"


def _conformance_section(validation_doc: Path = VALIDATION_DOC) -> list[str]:
    """The standard-conformance gaps, as docs/validation.md lists them (one source, no drift)."""
    text = validation_doc.read_text(encoding="utf-8")
    gaps = text[text.index(GAPS_HEADING) + len(GAPS_HEADING):].split("\n## ", 1)[0].strip()
    return [
        "## Agreement with the SHACL standard",
        "",
        "Every validation path (`dyad validate FILE`, `dyad validate` on the store, the load gate) passes",
        "97 of the 98 tests of the W3C SHACL Core suite; how, and what the store does to literals, is in",
        "`docs/validation.md`. The gaps left, each with the test that shows it:",
        "",
        gaps,
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/shapes.md differs from the shapes")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print("docs/shapes.md is stale: run python scripts/gen_shapes_doc.py", file=sys.stderr)
            return 1
        return 0
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
