"""The named query library: ``queries/sparql/*.rq`` and ``queries/cypher/*.cypher``.

Each file opens with a comment header::

    # name: events-of-dyad
    # description: The events between two countries, oldest first.
    # param countryA: country - ISO alpha-3 code of one country
    # param since: date? - only events on or after this date (optional: a trailing ?)
    # returns: event, date, type, status

(``//`` instead of ``#`` in Cypher files). Parameter types: ``country`` (an ISO code,
bound as the country's IRI in SPARQL and as the code in Cypher), ``iri``, ``string``,
``date``, ``int``, ``float``. Values are always bound as parameters, never pasted into
the query text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from dyad.vocabulary.countries import country
from dyad.errors import QueryError
from dyad.vocabulary.iris import country_iri

PARAM_TYPES = ("country", "iri", "string", "date", "int", "float")
_HEADER = re.compile(r"^\s*(?:#|//)\s*(?:(name|description|returns)\s*:|(param)\s)\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s*:\s*(\w+)(\??)\s*(?:-\s*(.*))?$")


@dataclass(frozen=True)
class QueryParameter:
    name: str
    type: str
    optional: bool
    description: str


@dataclass
class NamedQuery:
    """A query file with its parsed header."""

    name: str
    language: str  # sparql | cypher
    text: str
    path: Path
    description: str = ""
    returns: str = ""
    parameters: list[QueryParameter] = field(default_factory=list)
    added_prefixes: int = 0  # characters of PREFIX declarations put before an inline query's first line

    def bind(self, values: dict[str, str]) -> dict[str, object]:
        """Check and convert parameter values given as text; returns them typed for the engine."""
        known = {p.name: p for p in self.parameters}
        if self.name == "inline" and not self.parameters:
            # query text without a header: every value is bound as a plain string
            return {name: (Literal(str(value)) if self.language == "sparql" else str(value)) for name, value in values.items()}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter {', '.join(unknown)}; it takes: {self.signature()}")
        bound: dict[str, object] = {}
        for parameter in self.parameters:
            if parameter.name not in values or values[parameter.name] in (None, ""):
                if not parameter.optional:
                    raise QueryError(f"query {self.name!r} needs --param {parameter.name}=... ({parameter.description})")
                continue
            bound[parameter.name] = _convert(self.language, parameter, str(values[parameter.name]))
        return bound

    def signature(self) -> str:
        return ", ".join(f"{p.name}:{p.type}{'?' if p.optional else ''}" for p in self.parameters) or "no parameters"


def _convert(language: str, parameter: QueryParameter, text: str) -> object:
    try:
        if parameter.type == "country":
            code = country(text).iso3
            return country_iri(code) if language == "sparql" else code
        if parameter.type == "iri":
            if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", text):
                raise ValueError("not an absolute IRI")
            return URIRef(text) if language == "sparql" else text
        if parameter.type == "date":
            date = dt.date.fromisoformat(text)
            return Literal(date.isoformat(), datatype=XSD.date) if language == "sparql" else date
        if parameter.type == "int":
            return Literal(int(text)) if language == "sparql" else int(text)
        if parameter.type == "float":
            return Literal(float(text)) if language == "sparql" else float(text)
        return Literal(text) if language == "sparql" else text
    except (ValueError, LookupError) as error:
        raise QueryError(f"--param {parameter.name}={text!r}: expected a {parameter.type} ({error})") from error


def parse_query_file(path: Path, language: str) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    query = NamedQuery(name=path.stem, language=language, text=text, path=path)
    for line in text.splitlines():
        match = _HEADER.match(line)
        if not match:
            if line.strip() and not line.lstrip().startswith(("#", "//")):
                break  # the header ends at the first line of the query itself
            continue
        key, value = match.group(1) or match.group(2), match.group(3).strip()
        if key == "name":
            query.name = value
        elif key == "description":
            query.description = value
        elif key == "returns":
            query.returns = value
        else:
            parameter = _PARAM.match(value)
            if not parameter or parameter.group(2) not in PARAM_TYPES:
                raise QueryError(f"{path}: bad parameter declaration {value!r}; write 'param NAME: TYPE[?] - description' with TYPE one of {', '.join(PARAM_TYPES)}")
            query.parameters.append(
                QueryParameter(parameter.group(1), parameter.group(2), parameter.group(3) == "?", (parameter.group(4) or "").strip())
            )
    return query


def _query_dir(language: str) -> Path:
    return Path(str(resources.files("dyad.queries").joinpath(language)))


def list_queries(language: str | None = None) -> list[NamedQuery]:
    """Every query of the library (optionally of one language), sorted by name."""
    languages = [language] if language else ["sparql", "cypher"]
    found = []
    for lang in languages:
        suffix = ".rq" if lang == "sparql" else ".cypher"
        found.extend(_library_file(path, lang, path.stat().st_mtime_ns) for path in sorted(_query_dir(lang).glob(f"*{suffix}")))
    return found


@functools.lru_cache(maxsize=256)
def _library_file(path: Path, language: str, mtime_ns: int) -> NamedQuery:
    """A library file parsed once per version of it (``mtime_ns`` is in the key): every look-up lists the library,
    and a trajectory looks up four queries."""
    return parse_query_file(path, language)


def find_query(reference: str, language: str) -> NamedQuery:
    """A query by library name, by file path, or (when it is neither) as inline query text."""
    for query in list_queries(language):
        if query.name == reference or query.path.stem == reference:
            return query
    path = Path(reference)
    if "\n" not in reference and len(reference) < 4096 and path.suffix in (".rq", ".sparql", ".cypher", ".cql") and path.is_file():
        return parse_query_file(path, language)
    if _looks_like_query_text(reference):
        if language == "sparql":
            check_query_form(reference)
        text = with_standard_prefixes(reference) if language == "sparql" else reference
        return NamedQuery(name="inline", language=language, text=text, path=Path("<inline>"), added_prefixes=len(text) - len(reference))
    names = ", ".join(q.name for q in list_queries(language))
    raise QueryError(f"no {language} query named {reference!r}; the library has: {names}")


# Declared for inline SPARQL queries that use them without declaring them.
STANDARD_PREFIXES = {
    "dyad": "https://w3id.org/dyad/ontology#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcterms": "http://purl.org/dc/terms/",
}


def _looks_like_query_text(reference: str) -> bool:
    """Query text (even misspelt, so that the parser names the mistake) rather than the name of a query."""
    if re.search(r"\b(select|construct|ask|describe|match|return|call|insert|delete|with|unwind)\b", reference, re.I):
        return True
    return bool(re.search(r"\s", reference.strip()) and re.search(r"[{}()?$]", reference))


def with_standard_prefixes(text: str) -> str:
    """The query with ``PREFIX`` lines for the :data:`STANDARD_PREFIXES` it uses and does not declare.

    >>> with_standard_prefixes("SELECT ?s WHERE { ?s a dyad:Event }").splitlines()[0]
    'PREFIX dyad: <https://w3id.org/dyad/ontology#>'
    """
    declared = {name.lower() for name in re.findall(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", text, re.I)}
    body = re.sub(r"<[^>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*", " ", text)
    used = [name for name in STANDARD_PREFIXES if name not in declared and re.search(rf"(?<![\w:?$]){name}:", body)]
    # on the first line, so that a syntax error's line number is still the line the user wrote
    return "".join(f"PREFIX {name}: <{STANDARD_PREFIXES[name]}> " for name in used) + text


_QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE", "INSERT", "DELETE", "WITH", "LOAD", "CLEAR", "CREATE", "DROP",
                "COPY", "MOVE", "ADD")


def check_query_form(text: str) -> None:
    """A :class:`QueryError` naming the word where a SPARQL query form should start (``SELEC``)."""
    body = re.sub(r"#[^\n]*", " ", re.sub(r"<[^>\s]*>", "<>", text))
    body = re.sub(r"(?is)^\s*((PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", body)
    word = re.match(r"\s*([A-Za-z]+)", body)
    if word and word.group(1).upper() not in _QUERY_FORMS:
        raise QueryError(f"SPARQL syntax error: the query starts with {word.group(1)!r}; "
                         "a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE (an update with INSERT, DELETE...)")


def _as_written(error: QueryError, query: NamedQuery) -> QueryError:
    """The error with its position on line 1 counted in the text the user wrote (before the added prefixes)."""
    if not query.added_prefixes:
        return error
    return QueryError(re.sub(r"\b1:(\d+)\b", lambda m: f"1:{max(1, int(m.group(1)) - query.added_prefixes)}", str(error), count=1))


def run_named_sparql(store, reference: str, params: dict[str, str] | None = None) -> tuple[list[str], list[dict[str, Node | None]]]:  # noqa: ANN001
    """Run a library (or file, or inline) SPARQL SELECT on the store with bound parameters."""
    query = find_query(reference, "sparql")
    bindings = query.bind(params or {})
    check_read_only_sparql(query.text)
    return store.select(query.text, bindings)  # type: ignore[arg-type]


@dataclass
class QueryResult:
    """The rows of a SELECT: column names and one mapping of rdflib terms (or None) per row."""

    columns: list[str]
    rows: list[dict[str, Node | None]]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):  # noqa: ANN204
        return iter(self.rows)

    def records(self) -> list[dict[str, object]]:
        """The rows with plain Python values (str, int, float, bool, None)."""
        from dyad.queries.formatting import plain

        def value(term: Node | None) -> object:
            if isinstance(term, Literal) and isinstance(term.toPython(), Decimal):
                return float(term.toPython())
            python = plain(term)
            # a literal rdflib cannot convert (gYearMonth...) comes back as itself: give its text
            return str(python) if isinstance(python, Literal) else python

        return [{column: value(row.get(column)) for column in self.columns} for row in self.rows]

    def column(self, name: str) -> list[object]:
        """One column's plain values, in row order."""
        return [record[name] for record in self.records()]

    def format(self, fmt: str = "table") -> str:
        """The rows as ``table``, ``csv`` or ``json`` text."""
        from dyad.queries.formatting import format_rows

        return format_rows(self.columns, self.rows, fmt)


def run_sparql(
    store, reference: str, params: dict[str, str] | None = None, *, write: bool = False  # noqa: ANN001
) -> QueryResult | bool | Graph | None:
    """Run a library query, a query file or query text on ``store`` with its parameters bound.

    Returns a :class:`QueryResult` for SELECT, a bool for ASK, an rdflib ``Graph`` for
    CONSTRUCT and DESCRIBE. An UPDATE is refused (:class:`QueryError`) unless ``write``;
    then it is applied and None is returned.
    """
    query = find_query(reference, "sparql")
    bindings = query.bind({k: str(v) for k, v in (params or {}).items()})
    if is_sparql_update(query.text):
        if not write:
            raise QueryError("this is a SPARQL UPDATE; queries are read-only unless you pass --write (write=True)")
        if bindings:
            raise QueryError("parameters cannot be bound in an UPDATE; write the values into it")
        store.update(query.text)
        return None
    import pyoxigraph as ox

    from dyad.store import from_ox

    try:
        result = store.query(query.text, bindings)  # type: ignore[arg-type]
    except QueryError as error:
        raise _as_written(error, query) from error
    if isinstance(result, ox.QuerySolutions):
        columns = [variable.value for variable in result.variables]
        return QueryResult(columns, [{name: from_ox(solution[name]) for name in columns} for solution in result])
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    graph = Graph()
    for triple in result:
        graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))  # type: ignore[arg-type]
    from dyad.vocabulary.namespaces import bind_prefixes

    bind_prefixes(graph)
    return graph


def query(
    reference: str,
    params: dict[str, object] | None = None,
    *,
    store=None,  # noqa: ANN001 - a DyadStore, a path, or None for the default store
    write: bool = False,
) -> QueryResult | bool | Graph | None:
    """Run a SPARQL query from the library (by name), a file or query text, with bound parameters.

    ``store`` is a :class:`~dyad.store.DyadStore`, the path of one, or None for the default
    store (``$DYAD_STORE`` or ``.dyad/store``), opened read-only unless ``write``.

    >>> from dyad.api import open_store
    >>> query("most-active-dyads", store=open_store(None)).rows
    []
    """
    from dyad.api import open_store
    from dyad.store import Store, default_store_path

    if isinstance(store, Store):
        return run_sparql(store, reference, {k: str(v) for k, v in (params or {}).items()}, write=write)
    opened = open_store(store if store is not None else default_store_path(), read_only=not write)
    try:
        return run_sparql(opened, reference, {k: str(v) for k, v in (params or {}).items()}, write=write)
    finally:
        opened.close()


_SPARQL_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_CYPHER_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_SPARQL_ASSIGNED = re.compile(r"\bAS\s+[?$]([A-Za-z_][A-Za-z0-9_]*)", re.I)


def _query_body(named: NamedQuery) -> str:
    """The query text without comments and string literals (where a ``?`` is not a variable)."""
    comment = r"//[^\n]*" if named.language == "cypher" else r"#[^\n]*"
    text = re.sub(r"<[^>\s]*>", " ", named.text) if named.language == "sparql" else named.text
    text = re.sub(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'", '""', text)
    return re.sub(comment, " ", text)


def used_parameters(named: NamedQuery) -> set[str]:
    """The names a query can take as parameters: its variables (SPARQL) or ``$parameters`` (Cypher)."""
    pattern = _SPARQL_VARIABLE if named.language == "sparql" else _CYPHER_PARAMETER
    return set(pattern.findall(_query_body(named)))


def assigned_variables(named: NamedQuery) -> set[str]:
    """SPARQL variables the query computes itself (``... AS ?name``): a parameter must not be one."""
    return set(_SPARQL_ASSIGNED.findall(_query_body(named))) if named.language == "sparql" else set()


_SPARQL_UPDATE = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b", re.I)


def is_sparql_update(text: str) -> bool:
    """True when the text is a SPARQL UPDATE rather than a query (comments and strings ignored)."""
    stripped = re.sub(r"#[^\n]*", " ", text)
    stripped = re.sub(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|<[^>\s]*>", " ", stripped)
    has_query_form = re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", stripped, re.I)
    return bool(_SPARQL_UPDATE.search(stripped)) and not (has_query_form and not re.search(r"\b(INSERT|DELETE)\s+(DATA|WHERE|\{)", stripped, re.I))


def check_read_only_sparql(text: str) -> None:
    if is_sparql_update(text):
        raise QueryError("this is a SPARQL UPDATE; queries are read-only unless you pass --write")
