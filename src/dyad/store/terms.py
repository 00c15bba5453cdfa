"""RDF terms between rdflib and pyoxigraph, and values bound into SPARQL as terms, never pasted."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from dyad.errors import StoreError


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store RDF term {term!r}")


def from_ox(term: object) -> Node | None:
    """A pyoxigraph term as an rdflib term (None for the default graph or an unbound value)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        # As written: rdflib would otherwise rewrite the lexical form ("none"^^xsd:boolean to "false").
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    return None


_WHERE_OPEN = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def bind_values(sparql: str, bindings: Mapping[str, Node]) -> str:
    """``sparql`` with an inline ``VALUES`` block binding each variable to its (serialised) term."""
    names = list(bindings)
    for name in names:
        if not _VARIABLE.match(name):
            raise ValueError(f"not a SPARQL variable name: {name!r}")
    masked = re.sub(r"#[^\n]*", lambda m: " " * len(m.group()), sparql)
    match = _WHERE_OPEN.search(masked) or re.search(r"\{", masked)
    if match is None:
        raise ValueError("the query has no WHERE clause to bind parameters in")
    row = " ".join(ntriples_term(bindings[name]) for name in names)
    values = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }} "
    return sparql[: match.end()] + values + sparql[match.end():]


def ntriples_body(graph: Graph) -> str:
    """A graph as sorted N-Triples lines: what a replace writes, and what its content stamp hashes."""
    return "\n".join(sorted(f"{ntriples_term(s)} {ntriples_term(p)} {ntriples_term(o)} ." for s, p, o in graph))


def ntriples_term(term: Node) -> str:
    """A term in N-Triples syntax, which SPARQL's INSERT DATA also accepts."""
    return str(to_ox(term))


# What hides keywords in a query's text: comments, strings and IRIs (an IRI never holds a space).
_HIDDEN = re.compile(r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>')


def sparql_keywords_text(sparql: str) -> str:
    """The query with comments, strings and IRIs blanked out, so keywords can be looked for in it."""
    return _HIDDEN.sub(lambda m: " " * len(m.group()), sparql)


def declares_dataset(sparql: str) -> bool:
    """True when the query names its own dataset (``FROM`` or ``FROM NAMED``)."""
    if "from" not in sparql.lower():
        return False  # the common case, without masking the whole text (the gate's queries list many IRIs)
    return re.search(r"\bFROM\b", sparql_keywords_text(sparql), re.IGNORECASE) is not None


def service_iris(sparql: str) -> list[str]:
    """The IRIs (or variables) a query's ``SERVICE`` clauses would call."""
    masked = sparql_keywords_text(sparql)
    found = []
    for match in re.finditer(r"\bSERVICE\b", masked, re.IGNORECASE):
        rest = re.sub(r"^\s*(?:SILENT\b)?\s*", "", sparql[match.end():], flags=re.IGNORECASE)
        target = re.match(r"<[^>]*>|[?$][A-Za-z_0-9]+|[A-Za-z_0-9.-]*:[^\s{]*", rest)
        found.append(target.group() if target else "?")
    return found
