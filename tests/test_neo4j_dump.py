"""The round trip: RDF rebuilt from Neo4j is isomorphic, graph by graph, to the store's."""

from __future__ import annotations

import pytest
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from dyad.neo4j.dump import dump_graphs, dump_trig
from dyad.store import ONTOLOGY_GRAPH
from dyad.neo4j.sync import Neo4jSync

pytestmark = pytest.mark.neo4j


def _diff(expected, actual) -> str:  # noqa: ANN001
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"- {t}" for t in sorted(only_expected)[:10]] + [f"+ {t}" for t in sorted(only_actual)[:10]]
    return "\n".join(lines)


def test_dump_of_the_synced_examples_is_isomorphic_to_the_store(examples_store, neo4j_driver):
    Neo4jSync(neo4j_driver).sync(examples_store)
    dumped = dump_graphs(neo4j_driver)
    names = [str(n) for n in examples_store.graph_names(include_reference=True) if n != ONTOLOGY_GRAPH]
    assert sorted(dumped) == sorted(names)
    for name in names:
        expected = examples_store.graph(name)
        assert len(dumped[name]) == len(expected), name
        assert isomorphic(expected, dumped[name]), f"{name} differs:\n{_diff(expected, dumped[name])}"


def test_dump_keeps_datatypes_languages_and_per_graph_support(store, neo4j_driver):
    from test_sync import DOC_A, DOC_B, _two_documents

    _two_documents(store)
    Neo4jSync(neo4j_driver).sync(store)
    dumped = dump_graphs(neo4j_driver)
    for name in (DOC_A, DOC_B):
        assert isomorphic(store.graph(name), dumped[str(name)]), _diff(store.graph(name), dumped[str(name)])


def test_dump_after_a_removal_has_no_trace_of_the_removed_document(store, neo4j_driver):
    from test_sync import DOC_A, DOC_B, _two_documents

    _two_documents(store)
    syncer = Neo4jSync(neo4j_driver)
    syncer.sync(store)
    store.remove_graphs([DOC_A])
    syncer.sync(store)
    dumped = dump_graphs(neo4j_driver)
    assert str(DOC_A) not in dumped
    assert isomorphic(store.graph(DOC_B), dumped[str(DOC_B)])


def test_trig_dump_parses_back_with_one_named_graph_per_document(examples_store, neo4j_driver, tmp_path):
    Neo4jSync(neo4j_driver).sync(examples_store)
    path = tmp_path / "dump.trig"
    count = dump_trig(neo4j_driver, path)
    import pyoxigraph as ox

    dataset = ox.Store()
    dataset.load(path=str(path), format=ox.RdfFormat.TRIG)
    expected = sum(len(examples_store.graph(n)) for n in examples_store.graph_names(include_reference=True) if n != ONTOLOGY_GRAPH)
    assert count == expected == len(dataset)
    named = {g.value for g in dataset.named_graphs()}
    assert named == {str(n) for n in examples_store.graph_names(include_reference=True) if n != ONTOLOGY_GRAPH}


def test_cli_neo4j_dump_writes_trig(tmp_path, neo4j_server, neo4j_driver):
    from click.testing import CliRunner

    from conftest import EXAMPLES
    from dyad.cli import main

    runner = CliRunner()
    store = str(tmp_path / "store")
    assert runner.invoke(main, ["--store", store, "load", str(EXAMPLES)]).exit_code == 0
    assert runner.invoke(main, ["--store", store, "sync", "--uri", neo4j_server.uri]).exit_code == 0
    out = tmp_path / "dump.trig"
    dumped = runner.invoke(main, ["neo4j", "dump", "-o", str(out), "--uri", neo4j_server.uri])
    assert dumped.exit_code == 0, dumped.output
    assert dumped.output.startswith("wrote ") and out.stat().st_size > 10_000
