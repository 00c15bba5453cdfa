"""The W3C SHACL Core test suite, read where it lives (``../shared/conformance/``), never copied.

Each entry names a data graph, a shapes graph and the expected ``sh:ValidationReport``. Results
are compared as the suite's own runners do: ``sh:conforms`` and the multiset of (focus node,
result path, constraint component, severity); blank nodes compare equal to any blank node, and
paths compare by their structure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "conformance" / "shacl-test-suite" / "tests" / "core"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")

# pySHACL 0.40.1's own failure: it reports one result too few for a language tag written in two cases.
KNOWN_FAILURES = {"property/uniqueLang-002": "pySHACL 0.40.1 treats language tags of different case as distinct"}


@dataclass(frozen=True)
class SuiteEntry:
    name: str  # folder/test, e.g. "property/datatype-001"
    data: Path
    shapes: Path
    conforms: bool
    results: Counter  # of (focus, path, component, severity)


def suite_entries(root: Path = SUITE) -> list[SuiteEntry]:
    """Every sht:Validate entry reachable from the suite's top manifest, in manifest order."""
    entries: list[SuiteEntry] = []
    pending, seen = [root / "manifest.ttl"], set()
    while pending:
        manifest = pending.pop(0)
        if manifest in seen:
            continue
        seen.add(manifest)
        graph = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
        this = URIRef(manifest.as_uri())
        pending.extend(_local(included) for included in graph.objects(this, MF.include))
        for entries_list in graph.objects(this, MF.entries):
            for entry in Collection(graph, entries_list):
                if (entry, RDF.type, SHT.Validate) not in graph:
                    continue
                action, expected = graph.value(entry, MF.action), graph.value(entry, MF.result)
                entries.append(SuiteEntry(
                    name=f"{manifest.parent.name}/{manifest.stem}" if manifest.stem == str(entry).rsplit("/", 1)[-1]
                    else f"{manifest.parent.name}/{str(entry).rsplit('/', 1)[-1]}",
                    data=_local(graph.value(action, SHT.dataGraph)),
                    shapes=_local(graph.value(action, SHT.shapesGraph)),
                    conforms=graph.value(expected, SH.conforms) == Literal(True),
                    results=report_keys(graph, expected),
                ))
    return entries


def _local(iri: Node) -> Path:
    return Path(str(iri).removeprefix("file://"))


def report_keys(graph: Graph, report: Node | None = None) -> Counter:
    """The (focus, path, component, severity) multiset of a report graph (its only report if None)."""
    if report is None:
        report = graph.value(predicate=RDF.type, object=SH.ValidationReport)
    keys: Counter = Counter()
    for result in graph.objects(report, SH.result):
        path = graph.value(result, SH.resultPath)
        keys[(
            _term_key(graph.value(result, SH.focusNode)),
            path_key(graph, path) if path is not None else None,
            _term_key(graph.value(result, SH.sourceConstraintComponent)),
            _term_key(graph.value(result, SH.resultSeverity)),
        )] += 1
    return keys


def report_conforms(graph: Graph) -> bool | None:
    report = graph.value(predicate=RDF.type, object=SH.ValidationReport)
    value = graph.value(report, SH.conforms)
    return None if value is None else value == Literal(True)


def _term_key(node: Node | None) -> str | None:
    if node is None:
        return None
    return "_:" if isinstance(node, BNode) else node.n3()


def path_key(graph: Graph, path: Node) -> str:
    """A SHACL path by its structure (blank node ids do not matter)."""
    if isinstance(path, URIRef):
        return path.n3()
    if (path, RDF.first, None) in graph:
        return "(" + " / ".join(path_key(graph, step) for step in Collection(graph, path)) + ")"
    for predicate, template in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                                (SH.zeroOrOnePath, "{}?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(path_key(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "[" + " | ".join(path_key(graph, step) for step in Collection(graph, alternatives)) + "]"
    return "_:"
