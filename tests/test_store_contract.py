"""The store contract: the same behaviour from the embedded store, Oxigraph server and Apache Jena Fuseki.

Every test here runs once per kind of store (``backend``: a folder, or the URL of a real server
started on 127.0.0.1 for the session, cleared before each test). None is skipped.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from dyad.api import load, open_store, remove_document, validate_store
from dyad.cli import main
from dyad.errors import DyadError, ShapeViolationError, StoreError

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
GDELT_EXAMPLE = EXAMPLES / "gdelt-chn-prk-20180101000000.export.CSV"
G = URIRef("https://example.org/graph/contract")

EVENT_WITHOUT_STATUS = """@prefix dyad: <https://w3id.org/dyad/ontology#> .
<https://example.org/event/bad> a dyad:Event ;
    dyad:actor <https://w3id.org/dyad/id/country/PRK> ;
    dyad:date "2020-01"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .
"""


def digest(store, *, stamps: bool = True) -> str:  # noqa: ANN001
    """A hash of every quad in the store (blank node labels aside); ``stamps=False`` leaves the state graph out.

    Stamps of streamed (GDELT) graphs hash the text each store was sent, so they differ between stores.
    """
    from dyad.store import STATE_GRAPH

    lines = sorted(
        " ".join(_term_text(t) for t in (q.subject, q.predicate, q.object, q.graph_name))
        for q in store.quads_for_pattern(None, None, None, None)
        if stamps or q.graph_name.value != str(STATE_GRAPH)
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _term_text(term) -> str:  # noqa: ANN001
    """A term as text, a decimal by its value: Fuseki's TDB2 keeps numbers as values ("6" comes back as "6.0")."""
    import pyoxigraph as ox

    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal) and term.datatype.value == "http://www.w3.org/2001/XMLSchema#decimal":
        from decimal import Decimal

        return f"decimal:{Decimal(term.value).normalize()}"
    return str(term)


def decimals_by_value(snapshot):  # noqa: ANN001, ANN201
    """A Neo4j snapshot with ``"6.0"^^xsd:decimal`` written as ``"6"^^xsd:decimal`` (Fuseki's TDB2 keeps the value, not the text)."""
    import re

    # the datatype as mapping version 5 writes it (a prefixed name), or whole
    pattern = re.compile(r'"(-?\d+)\.0"\^\^(xsd:decimal|<http://www.w3.org/2001/XMLSchema#decimal>)')

    def fix(item):  # noqa: ANN001, ANN202
        return tuple(pattern.sub(r'"\1"^^\2', part) if isinstance(part, str) else part for part in item)

    return tuple({fix(item) for item in part} for part in snapshot)


def trajectory_numbers(store) -> list[dict]:  # noqa: ANN001
    from dyad.trajectory import trajectory

    return [row.as_dict() for row in trajectory("PRK", "CHN", by="year", store=store)]


@pytest.fixture(scope="module")
def embedded_reference(tmp_path_factory):
    """The examples in an embedded store: what every other store must answer the same."""
    store = open_store(tmp_path_factory.mktemp("reference") / "store")
    with store.bulk_replace() as session:
        from dyad.loaders.gdelt import load_gdelt_events

        load_gdelt_events([GDELT_EXAMPLE], store=store, session=session)
    load([p for p in EXAMPLES.iterdir() if p != GDELT_EXAMPLE], store=store)
    from dyad.queries.library import run_sparql

    yield {"digest": digest(store, stamps=False), "trajectory": trajectory_numbers(store), "quads": store.quad_count(),
           "documents": len(run_sparql(store, "documents").rows),
           "graphs": store.graph_names(include_reference=True)}
    store.close()


def load_examples(store) -> None:  # noqa: ANN001
    from dyad.loaders.gdelt import load_gdelt_events

    with store.bulk_replace() as session:
        load_gdelt_events([GDELT_EXAMPLE], store=store, session=session)
    load([p for p in EXAMPLES.iterdir() if p != GDELT_EXAMPLE], store=store)


def test_a_new_store_holds_the_reference_graphs_and_every_country(contract_store):
    _, rows = contract_store.select("PREFIX dyad: <https://w3id.org/dyad/ontology#> SELECT (COUNT(?c) AS ?n) WHERE { ?c a dyad:Country }")
    assert int(rows[0]["n"]) == 250
    assert len(contract_store.graph_names(include_reference=True)) == 2


def test_loading_the_examples_stores_what_the_embedded_store_stores(contract_store, embedded_reference):
    load_examples(contract_store)
    assert contract_store.graph_names(include_reference=True) == embedded_reference["graphs"]
    assert contract_store.quad_count() == embedded_reference["quads"]
    assert digest(contract_store, stamps=False) == embedded_reference["digest"]


def test_reloading_changes_nothing(contract_store):
    load_examples(contract_store)
    before, stamps = digest(contract_store), contract_store.content_stamps()
    again = load([p for p in EXAMPLES.iterdir() if p != GDELT_EXAMPLE], store=contract_store)
    assert again.graphs == [] and len(again.unchanged) == 2
    assert digest(contract_store) == before
    assert contract_store.content_stamps() == stamps


def test_the_trajectory_numbers_are_the_embedded_stores(contract_store, embedded_reference):
    load_examples(contract_store)
    assert trajectory_numbers(contract_store) == embedded_reference["trajectory"]


def test_a_load_refused_by_the_shapes_leaves_the_store_unchanged(contract_store, tmp_path):
    load_examples(contract_store)
    before = digest(contract_store)
    bad = tmp_path / "bad.ttl"
    bad.write_text(EVENT_WITHOUT_STATUS, encoding="utf-8")
    with pytest.raises(ShapeViolationError):
        load([EXAMPLES / "north-korea-china-milestones.facts.yaml", bad], store=contract_store)
    assert digest(contract_store) == before
    assert not any("staging" in str(name) for name in contract_store.graph_names(include_reference=True))


def test_violations_on_a_blank_node_are_found_on_every_store(contract_store, tmp_path):
    # A query cannot name a stored blank node (on a server least of all): the gate checks every target instead.
    load_examples(contract_store)
    before = digest(contract_store)
    bad = tmp_path / "blank.ttl"
    bad.write_text(EVENT_WITHOUT_STATUS.replace("<https://example.org/event/bad>", "[]"), encoding="utf-8")
    with pytest.raises(ShapeViolationError) as refused:
        load([bad], store=contract_store)
    found = {(result.path, result.focus_node.startswith("_:")) for result in refused.value.report.results}
    assert found == {("dyad:eventStatus", True), ("dyad:eventType", True)}
    assert digest(contract_store) == before


def test_a_write_the_store_refuses_leaves_it_unchanged(contract_store):
    good, bad = Graph(), Graph()
    good.add((URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal("kept")))
    contract_store.replace_graphs([(G, good)])
    before = digest(contract_store)
    bad.add((URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal("x", datatype=URIRef("not an iri"))))
    with pytest.raises(StoreError):
        contract_store.replace_graphs([(URIRef("https://example.org/graph/other"), good), (G, bad)])
    assert digest(contract_store) == before


def test_a_failed_bulk_load_puts_every_graph_back(contract_store, tmp_path):
    load_examples(contract_store)
    before = digest(contract_store, stamps=False)
    changed = tmp_path / "gdelt-chn-prk-20180101000000.export.CSV"
    shutil.copy(GDELT_EXAMPLE, changed)
    with changed.open("a", encoding="utf-8") as out:
        out.write("not\ta\tgdelt\trow\n")
    from dyad.loaders.gdelt import load_gdelt_events

    with pytest.raises(DyadError):
        with contract_store.bulk_replace() as session:
            load_gdelt_events([changed], store=contract_store, session=session, strict=True)
    # The content is back; a put-back graph's stamp is written afresh (or left for the sync to hash).
    assert digest(contract_store, stamps=False) == before


def test_a_streamed_update_cut_off_midway_writes_nothing(contract_store):
    load_examples(contract_store)
    before = digest(contract_store)

    def chunks():
        yield "<https://example.org/a> <https://example.org/p> \"1\" .\n" * 1000
        yield "<https://example.org/a> <https://example.org/p> this does not parse .\n"

    with pytest.raises(StoreError):
        with contract_store.bulk_replace() as session:
            session.replace(G, chunks())
    assert digest(contract_store) == before


def test_removing_a_document_drops_its_graph_and_stamp(contract_store):
    load_examples(contract_store)
    removed = remove_document(contract_store, "examples/north-korea-china-milestones")
    assert removed and not contract_store.has_graph(removed[0])
    assert str(removed[0]) not in contract_store.content_stamps()


def test_the_whole_store_validates(contract_store):
    load_examples(contract_store)
    assert not validate_store(contract_store).failures()  # the examples have undated events: warnings only


def test_a_query_with_from_reads_only_the_graphs_it_names(contract_store):
    from dyad.store import COUNTRIES_GRAPH

    countries = contract_store.query(f"SELECT (COUNT(*) AS ?n) FROM <{COUNTRIES_GRAPH}> WHERE {{ ?s ?p ?o }}")
    everything = contract_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert 0 < int(next(iter(countries))["n"].value) < int(next(iter(everything))["n"].value)


def test_library_queries_answer_as_on_the_embedded_store(contract_store, embedded_reference):
    from dyad.queries.library import run_sparql

    load_examples(contract_store)
    events = run_sparql(contract_store, "events-of-dyad", {"countryA": "PRK", "countryB": "CHN"})
    documents = run_sparql(contract_store, "documents")
    assert "Xi Jinping visits Pyongyang" in {str(r["label"]) for r in events.rows}
    assert len(documents.rows) == embedded_reference["documents"]


def test_the_sync_hashes_follow_the_stamps(contract_store):
    from dyad.neo4j.changes import graph_subjects, store_graph_hashes

    load_examples(contract_store)
    hashes, sizes = store_graph_hashes(contract_store)
    assert set(hashes) == {str(g) for g in contract_store.graph_names(include_reference=True)} - {"https://w3id.org/dyad/ontology"}
    assert all(graph_subjects(contract_store, str(graph)) for graph in contract_store.graph_names())
    load([EXAMPLES / "north-korea-china-milestones.facts.yaml"], store=contract_store)
    assert store_graph_hashes(contract_store)[0] == hashes


def test_an_export_reads_the_same_subgraph(contract_store, tmp_path, embedded_reference):
    from dyad.exports import export

    load_examples(contract_store)
    target = tmp_path / "prk-chn.json"
    export(target, format="cyjs", dyad=("PRK", "CHN"), store=contract_store)
    assert target.stat().st_size > 1000


def dyad(store: str, *args: str):
    return CliRunner().invoke(main, ["--store", store, *args], catch_exceptions=False)


def test_the_cli_prints_the_embedded_stores_trajectory_table(backend, tmp_path):
    reference = str(tmp_path / "reference-store")
    assert dyad(reference, "load", str(EXAMPLES)).exit_code == 0
    loaded = dyad(backend, "load", str(EXAMPLES))
    assert loaded.exit_code == 0, loaded.output
    expected = dyad(reference, "trajectory", "PRK", "CHN")
    table = dyad(backend, "trajectory", "PRK", "CHN")
    assert table.exit_code == 0, table.output
    assert table.output == expected.output
    for command in (["documents"], ["stats"], ["validate"]):
        assert dyad(backend, *command).output.replace(backend, "STORE") == dyad(reference, *command).output.replace(reference, "STORE"), command


def test_a_sync_to_neo4j_writes_what_the_embedded_store_writes_and_stays_incremental(contract_store, neo4j_driver):
    from dyad.neo4j.sync import sync_store
    from neo4j_fixtures import clear_database, graph_snapshot

    reference = open_store(None)
    load_examples(reference)
    sync_store(reference, neo4j_driver)
    expected = graph_snapshot(neo4j_driver)
    clear_database(neo4j_driver)
    load_examples(contract_store)
    first = sync_store(contract_store, neo4j_driver)
    assert first.changed_graphs
    assert decimals_by_value(graph_snapshot(neo4j_driver)) == decimals_by_value(expected)
    again = sync_store(contract_store, neo4j_driver)
    assert again.nothing_to_do
