"""The ``rdf`` loader: RDF files as they are (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML).

Triples go into one named graph for the file (named by the file's document IRI, with a
Document node describing the file); named graphs in TriG / N-Quads stay as they are, except
Dyad's own graphs (ontology, countries, store state), which a file may not write.
Parsing uses pyoxigraph, whose errors carry the line and column.

Before parsing, a file is checked against the input limits (:mod:`dyad.loaders.limits`):
its size, how deep its collections, objects or elements nest, and, for RDF/XML, what its
entity declarations expand to; after parsing, every typed literal must be a value of its
XSD datatype (``"2020-13-45"^^xsd:date`` is refused, with its line).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import ClassVar
from xml.parsers import expat

import pyoxigraph as ox
from rdflib import Graph, URIRef

from dyad.errors import InputLimitError, LoaderError, ReservedGraphError, SourceLocation
from dyad.loaders.base import SourceGraph, SourceMetadata
from dyad.loaders.common import (
    document_iri, document_triples, document_key, ill_typed_reason, read_bytes, reserved_graph, sha256_hex, text_encoding_problem,
)
from dyad.loaders.limits import current_limits, limit_hint
from dyad.store import from_ox

# Dyad's own rule: a literal must be well formed for its datatype ("2020-13-45"^^xsd:date is refused as
# it is read). Gating with a user's shapes alone (--no-builtin-shapes) leaves that to the shapes, as SHACL does.
_REFUSE_ILL_TYPED: ContextVar[bool] = ContextVar("dyad_refuse_ill_typed_literals", default=True)


@contextmanager
def literals_as_written() -> Iterator[None]:
    """Within this block the rdf loader keeps ill-typed literals as written, for the shapes to judge."""
    token = _REFUSE_ILL_TYPED.set(False)
    try:
        yield
    finally:
        _REFUSE_ILL_TYPED.reset(token)

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json-ld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}
_TURTLE_FAMILY = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)


class RdfLoader:
    """Load RDF files into the store, one named graph per file (or per graph in a dataset file)."""

    name: ClassVar[str] = "rdf"
    suffixes: ClassVar[tuple[str, ...]] = tuple(FORMATS)

    def can_load(self, path: Path) -> bool:
        return path.suffix.lower() in FORMATS

    def load(self, path: Path, metadata: SourceMetadata | None = None) -> Iterator[SourceGraph]:
        metadata = metadata or SourceMetadata()
        rdf_format = FORMATS.get(path.suffix.lower())
        if rdf_format is None:
            raise LoaderError(f"not an RDF file extension; use one of {', '.join(FORMATS)}", SourceLocation(str(path)))
        data = read_bytes(path)
        where = SourceLocation(str(path))
        if not data.strip():
            raise LoaderError("the file is empty: there are no triples to load", where)
        problem = text_encoding_problem(data)
        if problem:
            raise LoaderError(problem, where)
        sha256 = sha256_hex(data)
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]  # a UTF-8 byte-order mark: the text after it is what the parsers read
        check_structure(data, rdf_format, path)
        file_document = document_iri(document_key(url=metadata.url) if metadata.url else document_key(url=None, explicit_id=f"file:{path.name}"))
        graphs: dict[URIRef, Graph] = defaultdict(Graph)
        checked_graphs: set[str] = set()
        most = current_limits().triples
        quads: list[ox.Quad] = []
        try:
            # Parsed and checked in full before any rdflib term is made: a refusal costs a parse, not a conversion.
            for quad in ox.parse(data, format=rdf_format, base_iri=path.resolve().as_uri()):
                quads.append(quad)
                if len(quads) > most:
                    raise InputLimitError(f"more than {most} triples in one RDF file; {limit_hint('triples')}", where)
                if not isinstance(quad.graph_name, ox.DefaultGraph) and quad.graph_name.value not in checked_graphs:
                    _refuse_reserved(quad.graph_name.value, data, path)
                    checked_graphs.add(quad.graph_name.value)
                literal = quad.object
                if isinstance(quad.subject, ox.Triple) or isinstance(literal, ox.Triple):
                    raise LoaderError("RDF-star quoted triples (<< ... >>) are not supported: state the triple itself, "
                                      "or describe it with a node of its own", _locate(data, "<<", path))
                if isinstance(literal, ox.Literal) and _REFUSE_ILL_TYPED.get():
                    reason = ill_typed_reason(literal.value, literal.datatype.value)
                    if reason:
                        raise LoaderError(f"ill-typed literal: {reason}", _locate(data, literal.value, path))
        except SyntaxError as error:
            line, column = error.lineno, error.offset
            if line is None and rdf_format == ox.RdfFormat.RDF_XML:
                line, column = _xml_error_position(data)
            raise LoaderError(f"invalid {path.suffix.lstrip('.')} syntax: {error.msg}", SourceLocation(str(path), line, column)) from error
        except (ValueError, UnicodeDecodeError) as error:
            raise LoaderError(f"cannot parse: {error}", where) from error
        except RecursionError as error:
            raise InputLimitError(f"nested too deep to read; {limit_hint('depth')}", where) from error
        with _quiet_literal_warnings():
            for quad in quads:
                name = file_document if isinstance(quad.graph_name, ox.DefaultGraph) else URIRef(quad.graph_name.value)
                graphs[name].add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))  # type: ignore[arg-type]
        if not graphs:
            raise LoaderError("the file holds no triples (only prefixes or comments?): nothing to load", where)
        file_graph = graphs[file_document]
        file_graph += document_triples(
            file_document, kind="rdf", sha256=sha256, url=metadata.url,
            title=metadata.title or path.name, publisher=metadata.publisher, published=metadata.published,
        )
        for name, graph in graphs.items():
            yield SourceGraph(name=name, graph=graph, origin=str(path), summary={"triples": len(graph)})


def _refuse_reserved(graph_iri: str, data: bytes, path: Path) -> None:
    what = reserved_graph(graph_iri)
    if what:
        raise ReservedGraphError(
            f"the file writes the graph <{graph_iri}>, {what}; only Dyad writes it: put the triples in a graph of your own "
            "(or in the default graph)",
            _locate(data, graph_iri, path),
        )


def _locate(data: bytes, text: str, path: Path) -> SourceLocation:
    """The file and the line where ``text`` first appears in it (the file alone when it does not).

    An IRI written with a prefix (``g:countries``) is found through the file's prefix declarations.
    """
    index = data.find(text.encode("utf-8")) if text else -1
    if index < 0 and text:
        for match in _PREFIX_DECLARATION.finditer(data):
            namespace = match.group("namespace").decode("utf-8", "replace")
            if namespace and text.startswith(namespace):
                written = match.group("prefix") + b":" + text[len(namespace):].encode("utf-8")
                found = re.search(re.escape(written) + rb"(?![A-Za-z0-9_:%.-])", data)
                if found:
                    index = found.start()
                    break
    if index < 0:
        return SourceLocation(str(path))
    return SourceLocation(str(path), data.count(b"\n", 0, index) + 1)


_PREFIX_DECLARATION = re.compile(rb"(?:@prefix|PREFIX)\s+(?P<prefix>[A-Za-z0-9_.-]*):\s*<(?P<namespace>[^>]*)>", re.IGNORECASE)


class _DropLiteralWarnings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form")


@contextmanager
def _quiet_literal_warnings() -> Iterator[None]:
    """rdflib logs a traceback for every ill-typed literal it converts; this loader reports them itself."""
    term_log, dropper = logging.getLogger("rdflib.term"), _DropLiteralWarnings()
    term_log.addFilter(dropper)
    try:
        yield
    finally:
        term_log.removeFilter(dropper)


# ---------------------------------------------------------------- structure, before parsing


def check_structure(data: bytes, rdf_format: ox.RdfFormat, path: Path) -> None:
    """Refuse, before parsing, a file nested deeper than the ``depth`` limit, or XML whose entities expand too far.

    The parsers take time (and stack) that grows with nesting; a counting scan does not.
    """
    limits = current_limits()
    if rdf_format in _TURTLE_FAMILY:
        _check_depth(data, _TURTLE_TOKENS, (b"(", b"[", b"<<"), (b")", b"]", b">>"), limits.depth, path)
    elif rdf_format == ox.RdfFormat.JSON_LD:
        _check_depth(data, _JSON_TOKENS, (b"[", b"{"), (b"]", b"}"), limits.depth, path)
    elif rdf_format == ox.RdfFormat.RDF_XML:
        _check_xml(data, path)


# Strings, IRIs and comments are skipped; what is left that opens or closes is counted.
_TURTLE_TOKENS = re.compile(
    rb'"""(?:[^"\\]|\\.|"(?!""))*"""|' rb"'''(?:[^'\\]|\\.|'(?!''))*'''|"
    rb'"(?:[^"\\\n\r]|\\.)*"|' rb"'(?:[^'\\\n\r]|\\.)*'|"
    rb"<(?![<])[^<>\"{}|^`\\\x00-\x20]*>|#[^\n\r]*|<<|>>|[\[\]()]",
    re.DOTALL,
)
_JSON_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _check_depth(data: bytes, tokens: re.Pattern[bytes], opens: tuple[bytes, ...], closes: tuple[bytes, ...], limit: int, path: Path) -> None:
    if sum(data.count(mark) for mark in opens) <= limit:
        return  # cannot nest deeper than it opens
    depth = 0
    for match in tokens.finditer(data):
        token = match.group()
        if token in opens:
            depth += 1
            if depth > limit:
                line = data.count(b"\n", 0, match.start()) + 1
                raise InputLimitError(f"nested more than {limit} deep; {limit_hint('depth')}", SourceLocation(str(path), line))
        elif token in closes:
            depth -= 1


_ENTITY = re.compile(
    rb"<!ENTITY\s+(?P<param>%\s+)?(?P<name>[^\s%\"'>]+)\s+(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<external>SYSTEM|PUBLIC)\b[^>]*)\s*>"
)
_REFERENCE = re.compile(rb"&([A-Za-z_:][A-Za-z0-9_.:\-]*);")
_PREDEFINED = {b"lt", b"gt", b"amp", b"apos", b"quot"}


def _check_xml(data: bytes, path: Path) -> None:
    """Refuse RDF/XML whose entity declarations expand beyond the limit, or whose elements nest too deep.

    Entity declarations are common in RDF/XML (``&xsd;`` for a namespace); an entity made of
    other entities ("billion laughs") is how a few hundred bytes become gigabytes. The
    expansion of every reference is computed from the declarations before any parser runs.
    """
    limits = current_limits()
    if b"<!ENTITY" in data:
        _check_entities(data, limits.entity_expansion, path)
    if data.count(b"<") <= limits.depth:
        return
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0

    def start(_name: str, _attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > limits.depth:
            raise InputLimitError(
                f"XML elements nested more than {limits.depth} deep; {limit_hint('depth')}",
                SourceLocation(str(path), parser.CurrentLineNumber),
            )

    def end(_name: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        pass  # not well-formed: the RDF/XML parser says where, within the depth seen so far


def _xml_error_position(data: bytes) -> tuple[int | None, int | None]:
    """Where an XML parser finds the document ill-formed (the RDF/XML parser's errors carry no position)."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        return error.lineno, error.offset + 1
    return None, None


def _check_entities(data: bytes, limit: int, path: Path) -> None:
    values: dict[bytes, bytes] = {}
    for match in _ENTITY.finditer(data):
        where = SourceLocation(str(path), data.count(b"\n", 0, match.start()) + 1)
        name = match.group("name")
        if match.group("param"):
            raise LoaderError(f"XML parameter entity %{name.decode(errors='replace')} is not supported in RDF/XML", where)
        if match.group("external"):
            raise LoaderError(
                f"XML external entity &{name.decode(errors='replace')}; is not read (Dyad makes no requests for a file)", where
            )
        values.setdefault(name, match.group("dq") if match.group("dq") is not None else match.group("sq") or b"")
    sizes: dict[bytes, int] = {}

    def size(name: bytes, seen: tuple[bytes, ...]) -> int:
        if name in sizes:
            return sizes[name]
        if name in seen:
            raise LoaderError(f"XML entity &{name.decode(errors='replace')}; refers to itself", SourceLocation(str(path)))
        value = values[name]
        total = len(value)
        for reference in _REFERENCE.finditer(value):
            ref = reference.group(1)
            if ref in values:
                total += size(ref, (*seen, name)) - len(reference.group())
                if total > limit:
                    break
        sizes[name] = total
        return total

    doctype_end = data.find(b"]>")
    body = data[doctype_end + 2:] if doctype_end >= 0 else data
    expanded = 0
    for reference in _REFERENCE.finditer(body):
        ref = reference.group(1)
        if ref in values and ref not in _PREDEFINED:
            expanded += size(ref, ())
            if expanded > limit:
                line = data.count(b"\n", 0, (doctype_end + 2 if doctype_end >= 0 else 0) + reference.start()) + 1
                raise InputLimitError(
                    f"XML entities expand to more than {limit} characters; {limit_hint('entity_expansion')}",
                    SourceLocation(str(path), line),
                )
