"""The trajectory of relations between two countries over time.

Both engines (SPARQL on the store, Cypher on Neo4j) run the library query ``trajectory``,
which returns one row per event and reporting document; this module sums those rows by
period, the same way for both. On the store, GDELT records are not read one by one: they come
from the dyad-month aggregates, summed by month in the store (``dyad-month-sums`` query), and
the dyad-day aggregates of months cut by ``since``/``until`` (see ``dyad.gdelt.aggregates``),
which count each GLOBALEVENTID once however many exports restate it, so the time of a
trajectory does not grow with the number of records or of restatements.
The Cypher engine still reads GDELT records from Neo4j.

How the columns count (both directions, A→B and B→A, are summed):

* ``events``: every event once per period, however many documents report it. A GDELT
  record is one event (GDELT's own convention: every record counts as one report).
* ``goldstein_sum`` / ``goldstein_mean``: over the period's events that carry a score.
  GDELT records carry their CAMEO code's score; news and curated events get the score of
  their event type (``docs/cameo-mapping.md``), so both sit on one scale.
* the four QuadClass columns: events per QuadClass.
* ``sources``: distinct documents the period's events were derived from. For a GDELT record
  that is the news article at its SOURCEURL (not the export file), so a story that GDELT
  coded into eight records counts as one source, the same as an article read by the news
  loader; from the aggregates an article counts once per dyad and day.
* ``news_claims``: claims read from news articles by the news loader or curated by hand;
  GDELT's machine-coded claims are not counted here.

An event dated only to a year (or month) falls in the first period of that year (or month)
when a finer period is asked for. ``highlights`` carries the labels of the news and curated
events of a period, for the chart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

from dyad.store.terms import bind_values
from dyad.vocabulary.countries import country
from dyad.vocabulary.namespaces import DYAD

PERIODS = ("month", "quarter", "year")
QUAD_FIELDS = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict"}
# The columns of the ``dyad-month-sums`` query, by field.
QUAD_COLUMNS = {"verbal_cooperation": "verbalCooperation", "material_cooperation": "materialCooperation",
                "verbal_conflict": "verbalConflict", "material_conflict": "materialConflict"}


@dataclass
class TrajectoryRow:
    period: str
    events: int = 0
    goldstein_sum: float = 0.0
    goldstein_mean: float = 0.0
    verbal_cooperation: int = 0
    material_cooperation: int = 0
    verbal_conflict: int = 0
    material_conflict: int = 0
    sources: int = 0
    news_claims: int = 0
    highlights: list[str] = field(default_factory=list)  # labels of curated/news events, for the chart

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def period_of(date_text: str, by: str) -> str:
    """The period a date (YYYY, YYYY-MM or YYYY-MM-DD) falls in.

    >>> period_of("2020-05-17", "quarter")
    '2020-Q2'
    >>> period_of("2020", "month")
    '2020-01'
    """
    year = int(date_text[:4])
    month = int(date_text[5:7]) if len(date_text) >= 7 else 1
    if by == "year":
        return f"{year:04d}"
    if by == "quarter":
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    if by == "month":
        return f"{year:04d}-{month:02d}"
    raise ValueError(f"unknown period {by!r}; use one of {', '.join(PERIODS)}")


def periods_between(first: str, last: str, by: str) -> list[str]:
    """Every period from ``first`` to ``last`` inclusive (both already period keys)."""
    def to_index(key: str) -> int:
        year = int(key[:4])
        if by == "year":
            return year
        if by == "quarter":
            return year * 4 + int(key[-1]) - 1
        return year * 12 + int(key[5:7]) - 1

    def from_index(index: int) -> str:
        if by == "year":
            return f"{index:04d}"
        if by == "quarter":
            return f"{index // 4:04d}-Q{index % 4 + 1}"
        return f"{index // 12:04d}-{index % 12 + 1:02d}"

    return [from_index(i) for i in range(to_index(first), to_index(last) + 1)]


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = str(value)
    return text.rsplit("/", 1)[-1] if text.startswith("https://w3id.org/dyad/ontology/") else text


def aggregate(
    rows: Iterable[Mapping[str, object]],
    *,
    by: str = "month",
    since: str | None = None,
    until: str | None = None,
    daily: Iterable[Mapping[str, object]] = (),
) -> list[TrajectoryRow]:
    """Sum per-event rows (keys as in the ``trajectory`` query) into one row per period, gaps filled with zeros.

    ``daily`` rows (keys as in the ``dyad-day-aggregates`` query: GDELT's records summed per day
    and QuadClass; or as in ``dyad-month-sums``: per month, a column per QuadClass) are added in:
    their events, Goldstein sums, QuadClasses and articles.
    ``goldstein_mean`` is the mean over the period's events that carry a Goldstein score.
    """
    events: dict[str, dict[str, object]] = {}
    for row in rows:
        event = _text(row.get("event"))
        date = _text(row.get("date"))
        if not event or not date:
            continue
        entry = events.setdefault(event, {"date": date, "goldstein": None, "quad": None, "documents": set(), "news_claims": set(), "label": None, "type": None, "gdelt": False})
        if row.get("goldstein") is not None:
            entry["goldstein"] = float(str(row["goldstein"]))
        if row.get("quadClass") is not None:
            entry["quad"] = int(str(row["quadClass"]))
        if row.get("label") is not None:
            entry["label"] = _text(row["label"])
        if row.get("eventType") is not None:
            entry["type"] = _text(row["eventType"])
        from_gdelt = _is_gdelt(row)
        entry["gdelt"] = entry["gdelt"] or from_gdelt
        document = _text(row.get("document"))
        if document:
            entry["documents"].add(document)  # type: ignore[union-attr]
            if not from_gdelt and _text(row.get("documentKind")) == "news-article" and row.get("claim") is not None:
                entry["news_claims"].add(_text(row["claim"]))  # type: ignore[union-attr]
    table: dict[str, TrajectoryRow] = {}
    documents_by_period: dict[str, set[str]] = {}
    scored: dict[str, int] = {}
    for entry in events.values():
        period = period_of(str(entry["date"]), by)
        row = table.setdefault(period, TrajectoryRow(period))
        documents_by_period.setdefault(period, set()).update(entry["documents"])  # type: ignore[arg-type]
        row.events += 1
        if entry["goldstein"] is not None:
            row.goldstein_sum += float(entry["goldstein"])  # type: ignore[arg-type]
            scored[period] = scored.get(period, 0) + 1
        if entry["quad"] in QUAD_FIELDS:
            name = QUAD_FIELDS[entry["quad"]]  # type: ignore[index]
            setattr(row, name, getattr(row, name) + 1)
        row.news_claims += len(entry["news_claims"])  # type: ignore[arg-type]
        if not entry["gdelt"] and entry["label"]:
            row.highlights.append(str(entry["label"]))
    gdelt_sources: dict[str, int] = {}
    for day in daily:
        period = period_of(str(_text(day["date"])), by)
        row = table.setdefault(period, TrajectoryRow(period))
        count = int(str(day["events"]))
        row.events += count
        row.goldstein_sum += float(str(day["goldsteinSum"]))
        scored[period] = scored.get(period, 0) + count
        if "quadClass" in day:
            quad = int(str(day["quadClass"]))
            if quad in QUAD_FIELDS:
                setattr(row, QUAD_FIELDS[quad], getattr(row, QUAD_FIELDS[quad]) + count)
        else:  # a month of every QuadClass (``dyad-month-sums``)
            for name, column in QUAD_COLUMNS.items():
                setattr(row, name, getattr(row, name) + int(str(day[column])))
        gdelt_sources[period] = gdelt_sources.get(period, 0) + int(str(day["sourceUrls"]))
    for period, row in table.items():
        row.sources = len(documents_by_period.get(period, ())) + gdelt_sources.get(period, 0)
        with_score = scored.get(period, 0)
        row.goldstein_sum = round(row.goldstein_sum, 3)
        row.goldstein_mean = round(row.goldstein_sum / with_score, 3) if with_score else 0.0
        row.highlights.sort()
    if not table and not (since and until):
        return []
    first = period_of(since, by) if since else min(table)
    last = period_of(until, by) if until else max(table)
    return [table.get(period) or TrajectoryRow(period) for period in periods_between(first, last, by)]


def trajectory(
    country_a: str,
    country_b: str,
    *,
    by: str = "month",
    engine: str = "sparql",
    store=None,  # noqa: ANN001 - DyadStore for the sparql engine
    driver=None,  # noqa: ANN001 - neo4j.Driver for the cypher engine
    database: str | None = None,
    since: str | None = None,
    until: str | None = None,
    source: str = "all",
) -> list[TrajectoryRow]:
    """The trajectory of the dyad (``country_a``, ``country_b``), by month, quarter or year.

    ``source`` keeps only events backed by GDELT records (``gdelt``), by news or curated
    facts (``news``), or all of them. ``since``/``until`` (YYYY-MM-DD) bound the dates and
    the range of periods shown (empty periods inside it are zeros).
    """
    if by not in PERIODS:
        raise ValueError(f"unknown period {by!r}; use one of {', '.join(PERIODS)}")
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; use one of {', '.join(SOURCES)}")
    for bound in (since, until):
        if bound is not None:
            try:
                dt.date.fromisoformat(bound)
            except ValueError:
                from dyad.errors import QueryError

                raise QueryError(f"{bound!r} is not a date: write --since/--until as YYYY-MM-DD") from None
    a, b = country(country_a).iso3, country(country_b).iso3
    params = {"countryA": a, "countryB": b, "since": since, "until": until}
    rows = [] if source == "gdelt" else event_rows(engine=engine, store=store, driver=driver, database=database, params=params)
    rows = [row for row in rows if _keep(row, source)]
    daily: list[dict[str, object]] = []
    if source != "news":
        daily = gdelt_daily_rows(a, b, since=since, until=until, engine=engine, store=store, driver=driver, database=database)
    return aggregate(rows, by=by, since=since, until=until, daily=daily)


def gdelt_daily_rows(country_a: str, country_b: str, *, since: str | None = None, until: str | None = None, engine: str = "sparql",
                     store=None, driver=None, database: str | None = None) -> list[dict[str, object]]:  # noqa: ANN001
    """The GDELT aggregates of a dyad (``dyad-day-aggregates`` query, month rows for whole months) as plain Python values."""
    from dyad.queries.library import find_query
    from dyad.vocabulary.iris import dyad_iri

    query = find_query("dyad-day-aggregates", engine)

    def rows(kind: str, first: str | None, last: str | None) -> list[dict[str, object]]:
        params = {"dyad": str(dyad_iri(country_a, country_b)), "kind": str(DYAD[kind]), "since": first, "until": last}
        bound = query.bind({k: v for k, v in params.items() if v is not None})
        if engine == "cypher":
            parameters = {p.name: bound.get(p.name) for p in query.parameters}
            parameters = {k: (str(v) if v is not None else None) for k, v in parameters.items()}
            records, _, _ = driver.execute_query(query.text, parameters, database_=database, routing_="r")
            return [record.data() for record in records]
        solutions = store.query(query.text, bound)
        # The lexical forms straight from oxigraph: turning ten thousand rows into rdflib terms costs more than the query.
        names = [v.value for v in solutions.variables]
        return [{name: solution[name].value for name in names} for solution in solutions]

    months, days = split_by_whole_months(since, until)
    if engine == "sparql":
        from dyad.gdelt.aggregates import read_aggregates

        found = month_sums(store, country_a, country_b, months) if months else []
        return found + (read_aggregates(store, country_a, country_b, months=None, days=days) if days else [])
    found = rows("DyadMonthAggregate", *months) if months else []
    for first, last in days:
        found += rows("DyadDayAggregate", first, last)
    return found


def month_sums(store, country_a: str, country_b: str, months: tuple[str | None, str | None]) -> list[dict[str, object]]:  # noqa: ANN001
    """A dyad's GDELT month aggregates summed by month in the store (``dyad-month-sums`` query): one row a month.

    Oxigraph looks the month rows up by their IRIs and sums the QuadClasses, so a trajectory over
    11 years reads 132 rows into Python instead of ~6,000 quads.
    """
    from dyad.queries.library import find_query
    from dyad.vocabulary.iris import dyad_iri

    query = find_query("dyad-month-sums", "sparql")
    params = {"dyad": str(dyad_iri(country_a, country_b)), "since": months[0], "until": months[1]}
    solutions = store.query(query.text, query.bind({k: v for k, v in params.items() if v is not None}))
    names = [v.value for v in solutions.variables]
    return [{name: solution[name].value for name in names} for solution in solutions]


def split_by_whole_months(since: str | None, until: str | None) -> tuple[tuple[str | None, str | None] | None, list[tuple[str, str]]]:
    """The range of whole months inside [since, until] (their first days), and the day ranges left at its edges.

    >>> split_by_whole_months("2018-01-15", "2018-04-30")
    (('2018-02-01', '2018-04-01'), [('2018-01-15', '2018-01-31')])
    >>> split_by_whole_months("2018-01-15", "2018-01-20")
    (None, [('2018-01-15', '2018-01-20')])
    """
    day = dt.timedelta(days=1)
    start = dt.date.fromisoformat(since) if since else None
    end = dt.date.fromisoformat(until) if until else None
    first_month = None if start is None else start if start.day == 1 else (start.replace(day=28) + 4 * day).replace(day=1)
    last_month_end = None if end is None else end if (end + day).day == 1 else end.replace(day=1) - day
    if first_month is not None and last_month_end is not None and first_month > last_month_end:
        return None, [(str(since), str(until))] if start <= end else []  # type: ignore[operator]
    months = (first_month.isoformat() if first_month else None, last_month_end.replace(day=1).isoformat() if last_month_end else None)
    days = []
    if start is not None and first_month != start:
        days.append((start.isoformat(), (first_month - day).isoformat()))  # type: ignore[operator]
    if end is not None and last_month_end != end:
        days.append(((last_month_end + day).isoformat(), end.isoformat()))  # type: ignore[operator]
    return months, days


SOURCES = ("all", "gdelt", "news")


def _is_gdelt(row: Mapping[str, object]) -> bool:
    """True for a row of a GDELT record (its claim was generated by the gdelt loader)."""
    return _text(row.get("loader")) == "gdelt"


def _keep(row: Mapping[str, object], source: str) -> bool:
    if source == "all":
        return True
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; use one of {', '.join(SOURCES)}")
    return _is_gdelt(row) if source == "gdelt" else not _is_gdelt(row)


_ACTOR_STATEMENTS = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?event <{DYAD.actor}> ?country }}"


def _rarer_country_first(store, params: dict[str, str], *, graphs: list[str] | None = None) -> dict[str, str]:  # noqa: ANN001 - DyadStore
    """The parameters with countryA the country that acts in fewer events (in ``graphs``, the query's; None: all).

    oxigraph keeps no statistics and joins the query's two ``dyad:actor`` patterns in the order
    written, so starting from the rarer country reads far fewer events (1M GDELT records: CHN–PRK
    0.36 s -> 0.08 s, USA–CHN 2.1 s -> 0.37 s). Both directions count, so the rows are the same.
    """
    from dyad.vocabulary.iris import country_iri

    def actor_statements(iso3: str) -> int:
        text = bind_values(_ACTOR_STATEMENTS, {"country": country_iri(iso3)})
        solutions = store.run_query(text, default_graphs=graphs)  # None: the union of every graph
        counts = [solution["n"] for solution in solutions]
        return int(counts[0].value) if counts and counts[0] is not None else 0

    a, b = params["countryA"], params["countryB"]
    if actor_statements(b) < actor_statements(a):
        return {**params, "countryA": b, "countryB": a}
    return params


def _news_and_curated_rows(store, params: dict[str, str]) -> list[dict[str, object]]:  # noqa: ANN001 - DyadStore
    """The ``trajectory`` query over the graphs that are neither GDELT exports nor their aggregates.

    GDELT records are counted from the aggregates; the query leaves them out by IRI, but oxigraph
    would still read each one (a dyad loaded at record level: ~10 µs a record, 13k records ~90 ms).
    Run on the other graphs only, it reads news and curated events alone.
    """
    import pyoxigraph as ox

    from dyad.gdelt.aggregates import AGGREGATE_GRAPH_BASE, stored_exports
    from dyad.queries.library import find_query
    from dyad.store.terms import from_ox

    exports = set(stored_exports(store))
    graphs = [g.value for g in store.named_graphs()
              if isinstance(g, ox.NamedNode) and g.value not in exports and not g.value.startswith(AGGREGATE_GRAPH_BASE)]
    if not graphs:
        return []
    query = find_query("trajectory", "sparql")
    text = bind_values(query.text, query.bind(_rarer_country_first(store, params, graphs=graphs)))
    solutions = store.run_query(text, default_graphs=graphs, named_graphs=graphs)
    names = [v.value for v in solutions.variables]
    return [{name: from_ox(solution[name]) for name in names} for solution in solutions]


def event_rows(*, engine: str, store=None, driver=None, database: str | None = None, params: dict[str, object]) -> list[dict[str, object]]:  # noqa: ANN001
    """The per-event rows of the ``trajectory`` query from either engine, as plain Python values."""
    from dyad.queries.library import find_query

    text_params = {k: str(v) for k, v in params.items() if v is not None}
    if engine == "sparql":
        return _news_and_curated_rows(store, text_params)
    if engine == "cypher":
        query = find_query("trajectory", "cypher")
        bound = query.bind(text_params)
        parameters = {p.name: bound.get(p.name) for p in query.parameters}
        records, _, _ = driver.execute_query(query.text, parameters, database_=database, routing_="r")
        return [record.data() for record in records]
    raise ValueError(f"unknown engine {engine!r}; use sparql or cypher")
