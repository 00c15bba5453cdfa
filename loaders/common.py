"""Pieces every loader shares: reading bytes safely, and describing the source document."""

from __future__ import annotations

import calendar
import hashlib
import re
import stat
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD, NamespaceManager
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

import dyad
from dyad.errors import InputLimitError, LoaderError, SourceLocation
from dyad.vocabulary.iris import document_iri, loader_run_iri
from dyad.loaders.limits import current_limits, human_size, limit_hint
from dyad.vocabulary.namespaces import DCTERMS, DYAD, PROV, RDF, bind_prefixes


def require_regular_file(path: Path) -> None:
    """Refuse a device, pipe or socket: reading one may never end (``/dev/zero``), and a load reads a file twice."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # the reader says what is wrong (no such file...)
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise LoaderError("not a regular file (a device, pipe or socket): give a file", SourceLocation(str(path)))


def read_bytes(path: Path, *, limit: int | None = None) -> bytes:
    """The file's bytes (at most ``limit``, default the ``file-bytes`` limit), or a LoaderError naming it."""
    limit = current_limits().file_bytes if limit is None else limit
    require_regular_file(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise InputLimitError(
                f"the file is larger than {human_size(limit)}, the most read at once; {limit_hint('file_bytes')}",
                SourceLocation(str(path)),
            )
        return data
    except FileNotFoundError as error:
        raise LoaderError("no such file", SourceLocation(str(path))) from error
    except IsADirectoryError as error:
        raise LoaderError("is a folder, not a file", SourceLocation(str(path))) from error
    except OSError as error:
        raise LoaderError(f"cannot read: {error.strerror}", SourceLocation(str(path))) from error


def text_encoding_problem(sample: bytes) -> str | None:
    """Why bytes that should be UTF-8 text are not, in words a user can act on; None when they may be.

    UTF-16 and UTF-32 text (with a byte-order mark, or ASCII with every other byte zero) is
    named as such, not as "binary", with the fix.

    >>> text_encoding_problem("dyad".encode("utf-16"))
    'UTF-16 text, not UTF-8: convert it (e.g. iconv -f UTF-16 -t UTF-8)'
    >>> text_encoding_problem(b"plain") is None
    True
    """
    encoding = utf16_or_32(sample)
    if encoding:
        return f"{encoding} text, not UTF-8: convert it (e.g. iconv -f {encoding} -t UTF-8)"
    if b"\x00" in sample[:65536]:
        return "binary data, not text (it holds zero bytes)"
    return None


def utf16_or_32(sample: bytes) -> str | None:
    """``"UTF-16"`` or ``"UTF-32"`` when the bytes look like text in that encoding."""
    if sample.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = sample[:4096]
    if len(head) >= 8:
        if head[1::4].count(0) == head[2::4].count(0) == head[3::4].count(0) == len(head) // 4 and head[0::4].count(0) == 0:
            return "UTF-32"
        if head[0::4].count(0) == head[1::4].count(0) == head[2::4].count(0) == len(head) // 4 and head[3::4].count(0) == 0:
            return "UTF-32"
        for zeros, text in ((head[1::2], head[0::2]), (head[0::2], head[1::2])):
            if zeros.count(0) >= 0.9 * len(zeros) and text.count(0) == 0:
                return "UTF-16"
    return None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_key(*, url: str | None, explicit_id: str | None = None, sha256: str | None = None) -> str:
    """The stable key a document IRI is made from: an explicit id, else the URL, else the content hash."""
    if explicit_id:
        return f"id:{explicit_id}"
    if url:
        return url
    if sha256:
        return f"sha256:{sha256}"
    raise ValueError("a document needs an id, a URL or a content hash")


def document_triples(
    node: URIRef,
    *,
    kind: str,
    sha256: str | None = None,
    url: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
) -> list[tuple[URIRef, URIRef, Node]]:
    """The triples that describe a source document (shape: DocumentShape); ``graph += document_triples(...)`` adds them."""
    triples: list[tuple[URIRef, URIRef, Node]] = [
        (node, RDF.type, DYAD.Document), (node, RDF.type, PROV.Entity), (node, DYAD.documentKind, Literal(kind))]
    if sha256:
        triples.append((node, DYAD.sha256, Literal(sha256)))
    if url:
        triples.append((node, DYAD.url, Literal(url, datatype=XSD.anyURI)))
    if title:
        triples.append((node, DCTERMS.title, Literal(title)))
    if publisher:
        triples.append((node, DYAD.publisherName, Literal(publisher)))
    if published:
        datatype = XSD.dateTime if "T" in published else XSD.date
        triples.append((node, DCTERMS.issued, Literal(published, datatype=datatype)))
    return triples


def add_loader_run(graph: Graph, loader_name: str) -> URIRef:
    """The loader run (loader + software version) that generated the claims of a graph."""
    triples = loader_run_triples(loader_name)
    for triple in triples:
        graph.add(triple)
    return triples[0][0]


@lru_cache(maxsize=None)
def loader_run_triples(loader_name: str) -> tuple[tuple[URIRef, URIRef, Node], ...]:
    """The triples that describe a loader run (loader + software version), made once per process; the run is their subject."""
    run = loader_run_iri(loader_name, dyad.__version__)
    return ((run, RDF.type, DYAD.LoaderRun),
            (run, RDF.type, PROV.Activity),
            (run, DYAD.loaderName, Literal(loader_name)),
            (run, DYAD.softwareVersion, Literal(dyad.__version__)))


def graph_of(identifier: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """A new graph named ``identifier`` holding ``triples``: the graph ``Graph.add`` would build, one by one, in that order.

    ``Graph.add`` costs about 7 µs a triple in rdflib's in-memory store (checks, an event
    nobody listens to, the triple's context worked out again each time), which was 40% of the
    time spent writing an article's graph. A new graph in that store, with no listener, is
    filled here in one go: the same three indexes and the same context bookkeeping, so every
    reader (SHACL gate, store write, serialisation) gets the same graph. Any other store is
    filled with ``Graph.add``.
    """
    graph = Graph(identifier=identifier)
    store = graph.store
    if not _fillable(store):
        for triple in dict.fromkeys(triples):  # a triple added twice is held once, where it came first
            graph.add(triple)
        return graph
    spo, pos, osp = store._Memory__spo, store._Memory__pos, store._Memory__osp  # type: ignore[attr-defined]
    unique = _fill_indexes(spo, pos, osp, triples)
    if not unique:
        return graph
    # What Memory.add records for triples all in one context, unquoted: every triple in that
    # context and the default one, and the first triple's contexts as the default for all.
    context = f"{type(identifier).__name__}:{identifier}"
    store._Memory__all_contexts.add(graph)  # type: ignore[attr-defined]
    store._Memory__context_obj_map[context] = graph  # type: ignore[attr-defined]
    # Each set built by adding one triple after the other, as Memory.add does: it iterates in the same order.
    store._Memory__contextTriples[None] = set(unique)  # type: ignore[attr-defined]
    store._Memory__contextTriples[context] = set(unique)  # type: ignore[attr-defined]
    store._Memory__defaultContexts = {context: False, None: False}  # type: ignore[attr-defined]
    return graph


def _fill_indexes(spo: dict, pos: dict, osp: dict, triples: Iterable[tuple[Node, Node, Node]]) -> list[tuple[Node, Node, Node]]:
    """Put each triple in Memory's three indexes, as ``Memory.add`` does; the triples new to them, in order.

    A triple given again is found in ``spo`` and skipped: one hash of each term fewer than finding
    duplicates first, which counts for literals (rdflib hashes them in Python).
    """
    unique: list[tuple[Node, Node, Node]] = []
    for triple in triples:
        s, p, o = triple
        if _index(spo, s, p, o):
            unique.append(triple)
            _index(pos, p, o, s)
            _index(osp, o, s, p)
    return unique


def _index(index: dict, first: Node, second: Node, third: Node) -> bool:
    """``index[first][second][third] = 1``, making no empty dict to throw away (as ``setdefault(key, {})`` would);
    False when it was there already."""
    by_second = index.get(first)
    if by_second is None:
        index[first] = {second: {third: 1}}
        return True
    by_third = by_second.get(second)
    if by_third is None:
        by_second[second] = {third: 1}
        return True
    if third in by_third:
        return False
    by_third[third] = 1
    return True


def bind_dyad_prefixes(graph: Graph) -> None:
    """``bind_prefixes(graph)``, for a graph fresh from :func:`graph_of` by copying the bindings it would make.

    A new graph's first ``bind`` makes its namespace manager, which binds rdflib's thirty-odd
    prefixes one by one, then Dyad's seventeen: 1.3 ms an article, a fifth of the mapping into
    RDF. They are the same for every graph, so they are made once (:func:`_bound_prefixes`) and
    each graph gets a copy of the store's two tables and of the manager's tries. Any other
    graph (another store, a manager made already, a prefix bound already) is bound as usual.
    """
    store = graph.store
    if not (type(store) is Memory and graph._Graph__namespace_manager is None  # type: ignore[attr-defined]
            and not getattr(store, "_Memory__namespace", True) and not getattr(store, "_Memory__prefix", True)):
        bind_prefixes(graph)
        return
    template = _bound_prefixes()
    store._Memory__namespace = dict(template.store._Memory__namespace)  # type: ignore[attr-defined]
    store._Memory__prefix = dict(template.store._Memory__prefix)  # type: ignore[attr-defined]
    manager = NamespaceManager.__new__(NamespaceManager)
    state = {key: _copy_trie(value) if isinstance(value, dict) else value for key, value in vars(template.namespace_manager).items()}
    state["graph"] = graph
    vars(manager).update(state)
    graph.namespace_manager = manager


@lru_cache(maxsize=1)
def _bound_prefixes() -> Graph:
    """A graph with nothing in it but the prefixes ``bind_prefixes`` binds: the state each news graph copies."""
    template = Graph()
    bind_prefixes(template)
    if set(vars(template.namespace_manager)) != _MANAGER_STATE or any(vars(template.namespace_manager)[key]
                                                                       for key in _MANAGER_CACHES):
        raise RuntimeError("rdflib's NamespaceManager is not laid out as bind_dyad_prefixes expects")
    return template


_MANAGER_STATE = {"graph", "_NamespaceManager__cache", "_NamespaceManager__cache_strict", "_NamespaceManager__log",
                  "_NamespaceManager__strie", "_NamespaceManager__trie"}
# Filled as qnames are computed (the strie points into the trie): empty in the template, so a copy of the trie is all.
_MANAGER_CACHES = ("_NamespaceManager__cache", "_NamespaceManager__cache_strict", "_NamespaceManager__log",
                   "_NamespaceManager__strie")


def _copy_trie(trie: dict) -> dict:
    return {key: _copy_trie(value) if isinstance(value, dict) else value for key, value in trie.items()}


_MEMORY_STATE = ("spo", "pos", "osp", "all_contexts", "context_obj_map", "tripleContexts", "contextTriples", "defaultContexts")


def _fillable(store: object) -> bool:
    """A fresh rdflib Memory store laid out as graph_of expects (else: Graph.add, whatever rdflib's version)."""
    if type(store) is not Memory or store.dispatcher._dispatch_map:  # type: ignore[attr-defined]
        return False
    state = vars(store)
    return (all(f"_Memory__{name}" in state for name in _MEMORY_STATE) and not state["_Memory__spo"]
            and state["_Memory__contextTriples"] == {None: set()} and state["_Memory__defaultContexts"] is None)


__all__ = ["read_bytes", "require_regular_file", "text_encoding_problem", "utf16_or_32", "ill_typed_reason", "reserved_graph", "sha256_hex", "document_key", "document_iri", "document_triples", "add_loader_run", "loader_run_triples", "graph_of", "bind_dyad_prefixes"]


# ---------------------------------------------------------------- literals

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_XML_LITERAL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral"
_TZ = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"-?([1-9][0-9]{4,}|[0-9]{4})"
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_DOUBLE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN")
_DATE_RE = re.compile(_YEAR + r"-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})" + _TZ)
_TIME = r"(?P<h>[0-9]{2}):(?P<mi>[0-9]{2}):(?P<s>[0-9]{2})(\.[0-9]+)?"
_DATETIME = re.compile(_YEAR + r"-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})T" + _TIME + _TZ)
_TIME_RE = re.compile(_TIME + _TZ)
_GYEAR = re.compile(_YEAR + _TZ)
_GYEARMONTH = re.compile(_YEAR + r"-(?P<m>[0-9]{2})" + _TZ)
_GMONTHDAY = re.compile(r"--(?P<m>[0-9]{2})-(?P<d>[0-9]{2})" + _TZ)
_GDAY = re.compile(r"---(?P<d>[0-9]{2})" + _TZ)
_GMONTH = re.compile(r"--(?P<m>[0-9]{2})" + _TZ)
_DURATION = re.compile(r"-?P(?=[0-9T])([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?")
_BOOLEAN = re.compile(r"true|false|1|0")
_INTEGER_RANGES = {
    "integer": (None, None), "long": (-(2**63), 2**63 - 1), "int": (-(2**31), 2**31 - 1), "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127), "nonNegativeInteger": (0, None), "positiveInteger": (1, None), "negativeInteger": (None, -1),
    "nonPositiveInteger": (None, 0), "unsignedLong": (0, 2**64 - 1), "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1), "unsignedByte": (0, 255),
}
_PATTERNS = {
    "decimal": _DECIMAL_RE, "double": _DOUBLE, "float": _DOUBLE, "boolean": _BOOLEAN, "date": _DATE_RE,
    "dateTime": _DATETIME, "dateTimeStamp": _DATETIME, "time": _TIME_RE, "gYear": _GYEAR, "gYearMonth": _GYEARMONTH,
    "gMonthDay": _GMONTHDAY, "gDay": _GDAY, "gMonth": _GMONTH, "duration": _DURATION,
}


def ill_typed_reason(lexical: str, datatype: str) -> str | None:
    """Why ``lexical`` is not a value of the XSD ``datatype`` (an IRI); None when it is, or the type is not checked.

    >>> ill_typed_reason("2020-13-45", "http://www.w3.org/2001/XMLSchema#date")
    "'2020-13-45' is not an xsd:date (month 13)"
    >>> ill_typed_reason("2020-02-29", "http://www.w3.org/2001/XMLSchema#date") is None
    True
    """
    if datatype == _RDF_XML_LITERAL:
        if re.search(r"<!(DOCTYPE|ENTITY)", lexical, re.IGNORECASE):
            return "an rdf:XMLLiteral is an XML fragment: it may not declare a DOCTYPE or entities"
        return None
    if not datatype.startswith(_XSD):
        return None
    local = datatype[len(_XSD):]
    text = lexical.strip(" \t\n\r")
    shown = f"{lexical[:60]!r}{'...' if len(lexical) > 60 else ''}"
    if local in _INTEGER_RANGES:
        if not _INTEGER.fullmatch(text):
            return f"{shown} is not an xsd:{local} (a whole number)"
        if len(text) > 4000:
            return f"{shown} is not an xsd:{local}: {len(text)} digits"
        low, high = _INTEGER_RANGES[local]
        value = int(text)
        if (low is not None and value < low) or (high is not None and value > high):
            return f"{shown} is out of the range of xsd:{local}"
        return None
    pattern = _PATTERNS.get(local)
    if pattern is None:
        return None
    match = pattern.fullmatch(text)
    if match is None:
        return f"{shown} is not an xsd:{local}"
    groups = match.groupdict()
    month, day = groups.get("m"), groups.get("d")
    if month is not None and not 1 <= int(month) <= 12:
        return f"{shown} is not an xsd:{local} (month {int(month)})"
    if day is not None:
        year = 2000 if local in ("gMonthDay", "gDay") or not text.lstrip("-")[:4].isdigit() else int(text.lstrip("-")[:4])
        last = calendar.monthrange(year if 1 <= year <= 9999 else 2000, int(month or 1))[1] if month else 31
        if not 1 <= int(day) <= last:
            return f"{shown} is not an xsd:{local} (day {int(day)})"
    if groups.get("h") is not None:
        hour, minute, second = int(groups["h"]), int(groups["mi"]), int(groups["s"])
        if minute > 59 or second > 59 or hour > 24 or (hour == 24 and (minute or second or "." in text.split("T")[-1][:12])):
            return f"{shown} is not an xsd:{local} (time of day)"
    return None


# ---------------------------------------------------------------- graphs only Dyad writes

_DYAD_GRAPHS = "https://w3id.org/dyad/id/graph/"  # the namespace of the graphs Dyad keeps for itself
_STAMPS = "https://w3id.org/dyad/id/graph-state/"
_ONTOLOGY = "https://w3id.org/dyad/ontology"


def reserved_graph(name: str) -> str | None:
    """What a graph Dyad writes for itself holds, when ``name`` is one (else None).

    The ontology, the country list and the store's state (the content stamps a sync trusts)
    are written by Dyad alone; so is every graph in Dyad's graph namespace.

    >>> reserved_graph("https://w3id.org/dyad/id/graph/countries")
    'the countries graph (ISO 3166 reference data)'
    >>> reserved_graph("http://example.org/mine") is None
    True
    """
    from dyad.store import COUNTRIES_GRAPH, ONTOLOGY_GRAPH, STATE_GRAPH

    known = {
        str(ONTOLOGY_GRAPH): "the ontology graph",
        str(COUNTRIES_GRAPH): "the countries graph (ISO 3166 reference data)",
        str(STATE_GRAPH): "the store-state graph (the content stamps the sync relies on)",
    }
    if name in known:
        return known[name]
    if name.startswith(_DYAD_GRAPHS):
        return "a graph in Dyad's own namespace (" + _DYAD_GRAPHS + ")"
    if name.startswith(_STAMPS):
        return "a store-state record"
    if name.startswith(_ONTOLOGY):
        return "a graph in the ontology's namespace"
    return None
