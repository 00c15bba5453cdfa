"""Dyad-day aggregates of GDELT: every dyad, every day, every QuadClass, from the scans of the stored exports.

The aggregates are a dataset derived from the export files in the store. Each stored export
keeps its scan (:class:`dyad.gdelt.scan.DyadRows`, a few columns per row between two countries)
in the store's scan folder, named by the export's sha256. When exports are added or removed the
aggregates of the years they touch are computed again from the scans of the exports stored now:
a GLOBALEVENTID in several exports counts once (the first export by name keeps it), so
overlapping files (GDELT 1.0 daily and 2.0 15-minute files, a reload) change nothing.

In the store, one named graph per year (``id:graph/gdelt-aggregates/<year>``): a
``dyad:GdeltAggregateDataset`` derived from the exports that have rows in that year
(``prov:wasDerivedFrom``), and one ``dyad:DyadDayAggregate`` per dyad × day × QuadClass with
``dyad:eventCount``, ``dyad:goldsteinSum``, ``dyad:numMentions``, ``dyad:numSources``,
``dyad:numArticles`` and ``dyad:sourceUrlCount`` (the distinct SOURCEURLs of that dyad and day
first seen in that QuadClass, so that their sum over a day's QuadClasses counts each article once).
The same sums per dyad × month × QuadClass (``dyad:DyadMonthAggregate``, dated the first of the
month) let a trajectory read a month in one row; days are read only for months cut by a date bound.
"""

from __future__ import annotations

import hashlib
import logging
import os
import weakref
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import numpy as np
from rdflib import URIRef

import dyad
from dyad.gdelt.scan import DyadRows
from dyad.vocabulary.iris import country_iri, dyad_iri, loader_run_iri
from dyad.vocabulary.namespaces import DYAD

log = logging.getLogger(__name__)

AGGREGATE_GRAPH_BASE = "https://w3id.org/dyad/id/graph/gdelt-aggregates/"
AGGREGATE_BASE = "https://w3id.org/dyad/id/aggregate/gdelt/"
LOADER_NAME = "gdelt-aggregates"
COLUMNS = ("ids", "pair", "day", "quad", "goldstein", "mentions", "sources", "articles", "url")


def aggregate_graph(year: int) -> URIRef:
    """The named graph of one year's aggregates."""
    return URIRef(f"{AGGREGATE_GRAPH_BASE}{year:04d}")


def is_aggregate_graph(name: str) -> bool:
    return str(name).startswith(AGGREGATE_GRAPH_BASE)


# ---------------------------------------------------------------- the scans of the stored exports


def _scan_folder(store) -> Path | None:  # noqa: ANN001 - a Store
    """``<store>.gdelt-scans/`` beside an on-disk store; for a SPARQL server, a folder of this machine's cache
    named after the server's URL (another machine loading into the same server keeps its own); None: memory."""
    path = getattr(store, "path", None)
    if path is not None:
        return path.with_name(path.name + ".gdelt-scans")
    location = str(getattr(store, "location", "") or "")
    if location.startswith(("http://", "https://")):
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dyad" / "gdelt-scans"
        return cache / hashlib.sha256(location.encode("utf-8")).hexdigest()[:24]
    return None


# The scans of in-memory stores, for as long as each store lives.
_SCANS_IN_MEMORY: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class ScanFolder:
    """Where the scans of a store's exports live (:func:`_scan_folder`), else memory."""

    def __init__(self, store) -> None:  # noqa: ANN001 - a Store
        self.folder = _scan_folder(store)
        if self.folder is None:
            self._memory: dict[str, dict[str, np.ndarray]] = _SCANS_IN_MEMORY.setdefault(store, {})

    def save(self, sha256: str, rows: DyadRows) -> None:
        """Keep the scan of an export (written atomically: a scan file is whole or absent)."""
        arrays = {name: np.frombuffer(getattr(rows, name), dtype=getattr(rows, name).typecode) for name in COLUMNS}
        arrays["pairs"] = np.array(rows.pairs, dtype="U7")
        if self.folder is None:
            self._memory[sha256] = {k: v.copy() for k, v in arrays.items()}
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{sha256}.npz"
        partial = target.with_suffix(".partial.npz")
        with partial.open("wb") as handle:
            np.savez(handle, **arrays)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)

    @property
    def stale(self) -> bool:
        """True when exports were stored after the aggregates were last written (a load cut short)."""
        if self.folder is None:
            return bool(self._memory.get("stale"))
        return (self.folder / "aggregates-stale").exists()

    def mark_stale(self, stale: bool) -> None:
        if self.folder is None:
            if stale:
                self._memory["stale"] = {}
            else:
                self._memory.pop("stale", None)
            return
        marker = self.folder / "aggregates-stale"
        if stale:
            self.folder.mkdir(parents=True, exist_ok=True)
            marker.touch()
        else:
            marker.unlink(missing_ok=True)

    def has(self, sha256: str) -> bool:
        return sha256 in self._memory if self.folder is None else (self.folder / f"{sha256}.npz").exists()

    def read(self, sha256: str) -> dict[str, np.ndarray]:
        if self.folder is None:
            return self._memory[sha256]
        with np.load(self.folder / f"{sha256}.npz") as data:
            return {name: data[name] for name in data.files}

    def forget_except(self, keep: Iterable[str]) -> None:
        """Delete the scans of exports no longer stored."""
        keep = set(keep)
        if self.folder is None:
            for sha in [s for s in self._memory if s not in keep and s != "stale"]:
                del self._memory[sha]
            return
        if self.folder.exists():
            for path in self.folder.glob("*.npz"):
                if path.name.split(".", 1)[0] not in keep:
                    path.unlink(missing_ok=True)


def stored_exports(store) -> dict[str, str]:  # noqa: ANN001 - DyadStore
    """Graph name -> sha256 of every GDELT export fully stored (an export's sha256 is written last)."""
    solutions = store.run_query(
        "PREFIX dyad: <https://w3id.org/dyad/ontology#> SELECT ?graph ?sha WHERE { GRAPH ?graph { "
        '?graph dyad:documentKind "event-export" ; dyad:sha256 ?sha } }'
    )
    # The lexical values straight from the store (a trajectory asks for them: rdflib terms cost more than the query).
    return {solution["graph"].value: solution["sha"].value for solution in solutions}


# ---------------------------------------------------------------- computing


def _combined(scans: list[dict[str, np.ndarray]], names: list[str]) -> dict[str, np.ndarray]:
    """The scans as one table (pairs renumbered over all scans), each row with the index of its export."""
    pair_index: dict[str, int] = {}
    parts: dict[str, list[np.ndarray]] = {name: [] for name in (*COLUMNS, "export")}
    for number, scan in enumerate(scans):
        mapping = np.array([pair_index.setdefault(str(p), len(pair_index)) for p in scan["pairs"]], dtype=np.int32)
        for name in COLUMNS:
            parts[name].append(mapping[scan["pair"]] if name == "pair" and len(mapping) else scan[name])
        parts["export"].append(np.full(len(scan["ids"]), number, dtype=np.int32))
    table = {name: (np.concatenate(values) if values else np.zeros(0)) for name, values in parts.items()}
    table["pairs"] = np.array(sorted(pair_index, key=pair_index.get), dtype="U7")  # type: ignore[arg-type]
    table["export_names"] = np.array(names, dtype=object)
    return table


def aggregate_rows(table: Mapping[str, np.ndarray], *, years: Iterable[int] | None = None) -> dict[str, np.ndarray]:
    """Sum the rows by dyad × day × QuadClass, each GLOBALEVENTID once (its first row).

    Returns columns ``pair`` (index into ``table["pairs"]``), ``day`` (yyyymmdd), ``quad``,
    ``events``, ``goldstein``, ``mentions``, ``sources``, ``articles``, ``urls``, sorted by dyad,
    day and QuadClass; ``exports_by_year`` maps a year to the exports with rows in it.
    """
    ids = table["ids"]
    _, first = np.unique(ids, return_index=True)
    first.sort()
    keep = first
    if years is not None:
        wanted = np.array(sorted(years), dtype=np.int64)
        keep = keep[np.isin(table["day"][keep] // 10_000, wanted)]
    pair = table["pair"][keep].astype(np.int64)
    day = table["day"][keep].astype(np.int64)
    quad = table["quad"][keep].astype(np.int64)
    key = (pair * 100_000_000 + day) * 8 + quad
    groups, inverse = np.unique(key, return_inverse=True)
    count = len(groups)

    def summed(column: str) -> np.ndarray:
        return np.bincount(inverse, weights=table[column][keep].astype(np.float64), minlength=count)

    # An article counts once per dyad and day: in the lowest QuadClass it has records in.
    url = table["url"][keep]
    order = np.lexsort((quad, url, key // 8))
    dyad_day_url = np.stack([(key // 8)[order], url[order]])
    first_of_url = np.ones(len(order), dtype=bool)
    if len(order) > 1:
        first_of_url[1:] = np.any(dyad_day_url[:, 1:] != dyad_day_url[:, :-1], axis=0)
    urls = np.bincount(inverse[order[first_of_url]], minlength=count)
    years_of_rows = day // 10_000
    exports = table["export"][keep]
    exports_by_year: dict[int, set[str]] = {}
    for year in np.unique(years_of_rows):
        numbers = np.unique(exports[years_of_rows == year])
        exports_by_year[int(year)] = {str(table["export_names"][n]) for n in numbers}
    return {
        "pair": groups // 8 // 100_000_000, "day": groups // 8 % 100_000_000, "quad": groups % 8,
        "events": np.bincount(inverse, minlength=count), "goldstein": summed("goldstein"),
        "mentions": summed("mentions").astype(np.int64), "sources": summed("sources").astype(np.int64),
        "articles": summed("articles").astype(np.int64), "urls": urls, "exports_by_year": exports_by_year,  # type: ignore[dict-item]
    }


# ---------------------------------------------------------------- RDF


PREFIXES = (
    "@prefix dyad: <https://w3id.org/dyad/ontology#> .\n@prefix prov: <http://www.w3.org/ns/prov#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    f"@prefix dy: <{str(dyad_iri('A', 'B')).rsplit('/', 1)[0]}/> .\n@prefix cty: <{country_iri('')}> .\n"
    f"@prefix agg: <{AGGREGATE_BASE}> .\n"
)


def _statement(kind: str, pair: str, key: int, date: str, quad: int, events: float, goldstein: float, mentions: float,
               sources: float, articles: float, urls: float) -> str:
    """One aggregate in Turtle; its IRI is its dyad, day (yyyymmdd) or month (yyyymm) and QuadClass."""
    return (
        f'agg:{pair}-{key}-{quad} a dyad:{kind} ; dyad:aggregateOf dy:{pair} ; dyad:date "{date}"^^xsd:date ; '
        f'dyad:quadClass {quad} ; dyad:eventCount {int(events)} ; dyad:goldsteinSum "{round(float(goldstein), 3)}"^^xsd:decimal ; '
        f"dyad:numMentions {int(mentions)} ; dyad:numSources {int(sources)} ; dyad:numArticles {int(articles)} ; "
        f"dyad:sourceUrlCount {int(urls)} .\n"
    )


def _turtle(year: int, rows: Mapping[str, np.ndarray], pairs: np.ndarray, exports: Iterable[str], mask: np.ndarray) -> Iterator[str]:
    """The triples of one year's graph (prefixed names: :data:`PREFIXES` declared before them)."""
    graph = aggregate_graph(year)
    run = loader_run_iri(LOADER_NAME, dyad.__version__)
    head = [
        f'<{graph}> a dyad:GdeltAggregateDataset , prov:Entity ; dyad:year {year} ; prov:wasGeneratedBy <{run}> .\n',
        f'<{run}> a dyad:LoaderRun , prov:Activity ; dyad:loaderName "{LOADER_NAME}" ; dyad:softwareVersion "{dyad.__version__}" .\n',
    ]
    head += [f"<{graph}> prov:wasDerivedFrom <{name}> .\n" for name in sorted(exports)]
    yield "".join(head)
    indexes = np.flatnonzero(mask)
    described: set[int] = set()
    out: list[str] = []
    pair_col, day_col, quad_col = rows["pair"], rows["day"], rows["quad"]
    events, goldstein, mentions, sources, articles, urls = (rows[c] for c in ("events", "goldstein", "mentions", "sources", "articles", "urls"))
    for i in indexes.tolist():
        p = int(pair_col[i])
        name = str(pairs[p])
        if p not in described:
            described.add(p)
            a, b = name.split("-")
            out.append(f'dy:{name} a dyad:Dyad ; dyad:member cty:{a} , cty:{b} ; rdfs:label "{a}–{b}" .\n')
        d = int(day_col[i])
        date = f"{d // 10000:04d}-{d // 100 % 100:02d}-{d % 100:02d}"
        q = int(quad_col[i])
        out.append(_statement("DyadDayAggregate", name, d, date, q, events[i], goldstein[i], mentions[i], sources[i], articles[i], urls[i]))
        if len(out) >= 5_000:
            yield "".join(out)
            out.clear()
    # The same sums by dyad × month × QuadClass: a trajectory over years reads ~30x fewer rows.
    month_key = (pair_col[indexes].astype(np.int64) * 1_000_000 + day_col[indexes] // 100) * 8 + quad_col[indexes]
    months, inverse = np.unique(month_key, return_inverse=True)
    sums = {c: np.bincount(inverse, weights=rows[c][indexes].astype(np.float64), minlength=len(months))
            for c in ("events", "goldstein", "mentions", "sources", "articles", "urls")}
    for j, key in enumerate(months.tolist()):
        name, month, q = str(pairs[key // 8 // 1_000_000]), key // 8 % 1_000_000, key % 8
        out.append(_statement("DyadMonthAggregate", name, month, f"{month // 100:04d}-{month % 100:02d}-01", q,
                              *(sums[c][j] for c in ("events", "goldstein", "mentions", "sources", "articles", "urls"))))
        if len(out) >= 5_000:
            yield "".join(out)
            out.clear()
    if out:
        yield "".join(out)


def update_aggregates(store, session, *, touched_years: Iterable[int] | None = None) -> dict[str, int]:  # noqa: ANN001
    """Compute the aggregates again from the scans of the exports stored now and write the years touched.

    ``touched_years`` None rewrites every year. Exports whose scan is missing (stored by an older
    Dyad) are left out and named in the log. Returns counts for the report.
    """
    scans_folder = ScanFolder(store)
    exports = stored_exports(store)
    names = sorted(name for name, sha in exports.items() if scans_folder.has(sha))
    for name in sorted(set(exports) - set(names)):
        log.warning("%s has no scan (stored by an older Dyad?): load it again to count it in the aggregates", name)
    table = _combined([scans_folder.read(exports[name]) for name in names], names)
    stored_years = stored_aggregate_years(store)
    years = set(stored_years) | {int(y) for y in np.unique(table["day"] // 10_000)} if touched_years is None else set(touched_years)
    rows = aggregate_rows(table, years=years)
    row_years = rows["day"] // 10_000
    written = 0
    graphs: list[tuple[URIRef, Iterable[str]]] = []
    for year in sorted(years):
        mask = row_years == year
        if not mask.any():
            if year in stored_years:
                graphs.append((aggregate_graph(year), ()))
            continue
        graphs.append((aggregate_graph(year), _turtle(year, rows, table["pairs"], rows["exports_by_year"][year], mask)))  # type: ignore[index]
        written += int(mask.sum())
    for graph in graphs:
        # One bulk load a year (1M records: peak RSS 680 MB in one load for all years, 605 MB a year at a time, one run each).
        session.replace_many([graph], prefixes=PREFIXES)
    return {"aggregate rows written": written, "years": len(years)}


# ---------------------------------------------------------------- reading


_MEASURES = {
    str(DYAD.date): "date", str(DYAD.quadClass): "quadClass", str(DYAD.eventCount): "events", str(DYAD.goldsteinSum): "goldsteinSum",
    str(DYAD.numMentions): "mentions", str(DYAD.numSources): "sources", str(DYAD.numArticles): "articles",
    str(DYAD.sourceUrlCount): "sourceUrls",
}


def read_aggregates(
    store, country_a: str, country_b: str, *,  # noqa: ANN001 - DyadStore
    months: tuple[str | None, str | None] | None, days: Iterable[tuple[str, str]] = (),
) -> list[dict[str, object]]:
    """The month rows of a dyad from ``months`` (first days, None: open) and its day rows in ``days`` (inclusive ranges).

    The same rows as the ``dyad-day-aggregates`` query, read by their IRIs (an aggregate's IRI
    is its dyad, day or month and QuadClass): oxigraph plans that query's star pattern as hash
    joins over every ``dyad:date`` of the store (about 1 s on 10M records whatever the dyad),
    while a few hundred look-ups by subject take milliseconds.
    """
    import datetime as dt

    import pyoxigraph as ox

    pair = "-".join(sorted((country_a.upper(), country_b.upper())))
    years = stored_aggregate_years(store)
    if not years:
        return []
    out: list[dict[str, object]] = []

    def take(key: str) -> None:
        for quad_class in "1234":
            row: dict[str, object] = {}
            for quad in store.quads_for_pattern(ox.NamedNode(f"{AGGREGATE_BASE}{pair}-{key}-{quad_class}"), None, None, None):
                name = _MEASURES.get(quad.predicate.value)
                if name is not None:
                    row[name] = quad.object.value
            if len(row) == len(_MEASURES):
                out.append(row)

    if months is not None:
        first = months[0] or f"{min(years):04d}-01-01"
        last = months[1] or f"{max(years):04d}-12-01"
        year, month = max(int(first[:4]), min(years)), int(first[5:7]) if int(first[:4]) >= min(years) else 1
        while (year, month) <= (int(last[:4]), int(last[5:7])) and year <= max(years):
            if year in years:
                take(f"{year:04d}{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    for first_day, last_day in days:
        day, end = dt.date.fromisoformat(first_day), dt.date.fromisoformat(last_day)
        while day <= end:
            if day.year in years:
                take(day.strftime("%Y%m%d"))
            day += dt.timedelta(days=1)
    return out


def stored_aggregate_years(store) -> set[int]:  # noqa: ANN001 - DyadStore
    """The years that have an aggregates graph in the store."""
    import pyoxigraph as ox

    return {int(g.value.rsplit("/", 1)[-1]) for g in store.named_graphs()
            if isinstance(g, ox.NamedNode) and g.value.startswith(AGGREGATE_GRAPH_BASE)}


def scan_stored_exports(store, paths: Iterable[Path]) -> None:  # noqa: ANN001 - DyadStore
    """Scan export files stored by another path than :func:`dyad.loaders.gdelt.load_gdelt_events` and update the aggregates.

    Files that are not GDELT exports stored in the store are passed over.
    """
    from dyad.loaders.gdelt import GdeltExport, LoadStats, read_records

    paths = list(paths)
    if not paths:
        return
    exports = stored_exports(store)
    folder = ScanFolder(store)
    years: set[int] = set()
    for path in paths:
        export = GdeltExport(path)
        if str(export.name) not in exports or exports[str(export.name)] != export.sha256():
            continue
        for _ in read_records(path, LoadStats(), scanner=export.scanner):
            pass
        folder.save(export.sha256(), export.scanner.rows)
        years |= years_of(export.scanner.rows)
    if years:
        with store.bulk_replace(compact=False) as session:
            update_aggregates(store, session, touched_years=years)


def remove_exports(store, names: Iterable[URIRef | str]) -> None:  # noqa: ANN001 - DyadStore
    """Take GDELT exports out of the store and recompute the years of aggregates they had rows in, all or nothing."""
    exports = stored_exports(store)
    leaving = [str(name) for name in names if str(name) in exports]
    if not leaving:
        return
    years: set[int] = set()
    for name in leaving:
        years |= years_of_scan(store, exports[name])
    with store.bulk_replace(compact=False) as session:
        for name in leaving:
            session.replace(URIRef(name), iter(()))
        update_aggregates(store, session, touched_years=years)


def years_of(rows: DyadRows) -> set[int]:
    return {int(y) for y in np.unique(np.frombuffer(rows.day, dtype=np.int32) // 10_000)} if len(rows) else set()


def years_of_scan(store, sha256: str) -> set[int]:  # noqa: ANN001
    folder = ScanFolder(store)
    if not folder.has(sha256):
        return set()
    return {int(y) for y in np.unique(folder.read(sha256)["day"] // 10_000)}


__all__ = [
    "AGGREGATE_GRAPH_BASE", "DYAD", "ScanFolder", "aggregate_graph", "aggregate_rows", "is_aggregate_graph",
    "remove_exports", "scan_stored_exports", "stored_exports", "update_aggregates", "years_of", "years_of_scan",
]
