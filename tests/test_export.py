"""Subgraph exports: every format reads back, with the same nodes, attributes and times."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from rdflib import Graph

from conftest import EXAMPLES, ROOT
from dyad.api import load, open_store
from dyad.errors import DyadError
from dyad.exports import FORMATS, export, export_graph, select_nodes, to_networkx

CURATED = sorted(EXAMPLES.glob("*.facts.yaml"))
PRK, CHN = "https://w3id.org/dyad/id/country/PRK", "https://w3id.org/dyad/id/country/CHN"


@pytest.fixture(scope="module")
def curated():
    store = open_store(None)
    load(CURATED, store=store)
    return store


def write_all(store, folder, **selection):
    suffix = {"graphml": "graphml", "gexf": "gexf", "cyjs": "cyjs", "jsonld": "jsonld", "dot": "dot", "html": "html"}
    graphs = {fmt: export(folder / f"sub.{suffix[fmt]}", store=store, **selection) for fmt in FORMATS}
    return {fmt: folder / f"sub.{suffix[fmt]}" for fmt in FORMATS}, graphs["graphml"]


def test_every_format_reads_back_with_the_same_nodes(curated, tmp_path):
    files, graph = write_all(curated, tmp_path, dyad=("PRK", "CHN"))
    assert graph.number_of_nodes() == 31
    graphml = nx.read_graphml(files["graphml"])
    gexf = nx.read_gexf(files["gexf"])
    cyjs = json.loads(files["cyjs"].read_text(encoding="utf-8"))
    jsonld = Graph().parse(files["jsonld"], format="json-ld")
    dot = files["dot"].read_text(encoding="utf-8")
    nodes = set(graph.nodes)
    assert {d["uri"] for _, d in graphml.nodes(data=True)} == set(gexf.nodes) == {n["data"]["id"] for n in cyjs["elements"]["nodes"]} == nodes
    assert {str(s) for s in jsonld.subjects()} == nodes
    assert sum(1 for line in dot.splitlines() if line.startswith('  "') and " -> " not in line) == len(nodes)
    assert graphml.number_of_edges() == gexf.number_of_edges() == len(cyjs["elements"]["edges"]) == graph.number_of_edges()
    assert nx.cytoscape_graph(cyjs).number_of_nodes() == len(nodes)


def test_attributes_are_flat_and_typed_so_tools_read_them_back(curated, tmp_path):
    files, _ = write_all(curated, tmp_path, dyad=("PRK", "CHN"))
    graphml = nx.read_graphml(files["graphml"])
    treaty = next(d for _, d in graphml.nodes(data=True) if d.get("label") == "Friendship treaty signed in Beijing")
    assert treaty["type"] == "Event" and treaty["eventType"] == "agreement" and treaty["cameoCode"] == "057"
    assert treaty["quadClass"] == 1 and treaty["goldstein"] == 8.0 and treaty["colour"] == "#74c476"
    claim = next(d for _, d in graphml.nodes(data=True) if d.get("hedgeCue") == "could")
    assert claim["type"] == "Claim" and claim["hedged"] is True and claim["certainty"] == "speculative"
    prk = next(d for _, d in graphml.nodes(data=True) if d["uri"] == PRK)
    assert prk["iso3"] == "PRK" and prk["label"] == "North Korea"
    edges = {(u, v, d["predicate"]) for u, v, d in graphml.edges(data=True)}
    assert any(p == "wasDerivedFrom" for _, _, p in edges), "claims are linked to their source documents"
    assert any(p == "wasAttributedTo" for _, _, p in edges)


def test_gexf_is_dynamic_with_start_and_end_on_nodes_and_edges(curated, tmp_path):
    files, _ = write_all(curated, tmp_path, dyad=("PRK", "CHN"))
    root = ET.parse(files["gexf"]).getroot()
    ns = {"g": "http://gexf.net/1.3"}
    graph = root.find("g:graph", ns)
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    spans = {n.get("label"): (n.get("start"), n.get("end")) for n in graph.iterfind("g:nodes/g:node", ns)}
    assert spans["Kim Jong Un visits Beijing, meets Xi Jinping"] == ("2018-03-01", "2018-03-31")
    assert spans["Friendship treaty signed in Beijing"] == ("1961-07-11", "1961-07-11")
    assert spans["China"] == (None, None), "countries are there all the time"
    dated_edges = [e for e in graph.iterfind("g:edges/g:edge", ns) if e.get("start")]
    assert dated_edges and all(e.get("end") >= e.get("start") for e in dated_edges)
    read = nx.read_gexf(files["gexf"])
    assert read.nodes[PRK].get("start") is None
    assert any(d.get("start") == "2019-06-01" for _, d in read.nodes(data=True))


SCHEMAS = ROOT.parent / "shared" / "conformance" / "export-schemas"


@pytest.mark.parametrize("fmt, schema", [("graphml", "graphml-codaco/graphml.xsd"), ("gexf", "gexf-1.3/gexf.xsd")])
def test_graphml_and_gexf_pass_their_xml_schemas(curated, tmp_path, fmt, schema):
    from lxml import etree

    assert (SCHEMAS / schema).is_file(), f"the schemas are in the shared folder beside the checkout: {SCHEMAS}"
    validator = etree.XMLSchema(etree.parse(str(SCHEMAS / schema)))
    export(tmp_path / f"sub.{fmt}", store=curated, dyad=("PRK", "CHN"), title="North Korea – China")
    document = etree.parse(str(tmp_path / f"sub.{fmt}"))
    assert validator.validate(document), "\n".join(str(error) for error in validator.error_log)


def test_cytoscape_json_reads_back_as_a_directed_multigraph_with_single_values(curated, tmp_path):
    export(tmp_path / "sub.cyjs", store=curated, dyad=("PRK", "CHN"))
    data = json.loads((tmp_path / "sub.cyjs").read_text(encoding="utf-8"))
    graph = nx.cytoscape_graph(data)
    assert graph.is_directed() and graph.is_multigraph()
    assert graph.number_of_edges() == len(data["elements"]["edges"])
    assert {key for _, _, key in graph.edges(keys=True)} >= {"asserts", "wasDerivedFrom"}


def test_attributes_hold_one_value_each_and_no_networkx_internals(shared, tmp_path):
    store = open_store(None)
    load([shared / "data" / "gdelt" / "v2_events" / "20180101000000.export.CSV"], store=store, loader="gdelt", validate=False)
    for fmt in ("graphml", "gexf", "cyjs"):
        export(tmp_path / f"sub.{fmt}", store=store, dyad=("USA", "PRK"), format=fmt)
        text = (tmp_path / f"sub.{fmt}").read_text(encoding="utf-8")
        assert " | " not in text and "networkx_key" not in text, fmt
    graph = nx.read_graphml(tmp_path / "sub.graphml")
    event = next(d for _, d in graph.nodes(data=True) if d.get("actorName_2"))
    assert event["actorName"] != event["actorName_2"], "two actors' names, one per attribute"


def test_a_time_window_keeps_only_the_events_in_it(curated):
    nodes = select_nodes(curated, since="2018-01-01", until="2019-12-31")
    graph = to_networkx(curated, nodes)
    events = sorted(d["label"] for _, d in graph.nodes(data=True) if d["type"] == "Event")
    assert events == ["Kim Jong Un visits Beijing, meets Xi Jinping", "Xi Jinping visits Pyongyang"]
    assert {PRK, CHN} <= nodes
    assert sum(1 for _, d in graph.nodes(data=True) if d["type"] == "Claim") == 2


def test_an_ego_network_by_centre_and_hops(curated):
    one = select_nodes(curated, center="https://w3id.org/dyad/id/agent/nhk", hops=1)
    assert len(one) == 4  # NHK, Japan, and the two claims attributed to it
    two = select_nodes(curated, center="https://w3id.org/dyad/id/agent/nhk", hops=2)
    assert one < two and "https://w3id.org/dyad/id/document/97d72c3918f2bfcc" in two
    with pytest.raises(DyadError, match="nothing in the store is about"):
        select_nodes(curated, center="https://example.org/nothing", hops=1)


def test_by_source_document(curated):
    nodes = select_nodes(curated, source="https://en.wikipedia.org/wiki/China%E2%80%93North_Korea_relations")
    graph = to_networkx(curated, nodes)
    assert sorted(d["label"] for _, d in graph.nodes(data=True) if d["type"] == "Event") == [
        "Kim Jong Un visits Beijing, meets Xi Jinping", "Xi Jinping visits Pyongyang",
    ]
    with pytest.raises(DyadError, match="no document 'nope'"):
        select_nodes(curated, source="nope")


def test_a_failed_write_leaves_the_old_file_and_no_half_file(curated, tmp_path, monkeypatch):
    target = tmp_path / "sub.graphml"
    target.write_text("previous export", encoding="utf-8")
    graph = to_networkx(curated, select_nodes(curated, dyad=("PRK", "CHN")))

    def broken(graph, path):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("<graphml half")
        raise OSError("disk full")

    monkeypatch.setattr(nx, "write_graphml", broken)
    with pytest.raises(OSError, match="disk full"):
        export_graph(graph, target, format="graphml")
    assert target.read_text(encoding="utf-8") == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["sub.graphml"]


def test_the_html_view_is_self_contained(curated, tmp_path):
    files, graph = write_all(curated, tmp_path, dyad=("PRK", "CHN"))
    page = files["html"].read_text(encoding="utf-8")
    assert "http://" not in page.split('<script type="application/json"')[0]
    assert "<script src" not in page and "<link" not in page, "no CDN, no external file"
    assert "cytoscape" in page, "Cytoscape.js is inlined"
    data = json.loads(page.split('id="dyad-data">', 1)[1].split("</script>", 1)[0].replace("<\\/", "</"))
    assert len(data["nodes"]) == graph.number_of_nodes()
    # Curated events carry the QuadClass of their event type (docs/cameo-mapping.md): 1, 2 and 4 here.
    assert {n["colour"] for n in data["nodes"] if n["type"] == "Event"} == {"#74c476", "#238b45", "#d7301f"}
    labels = {n["label"] for n in data["nodes"]}
    assert "Xi Jinping visits Pyongyang · 2019-06" in labels, "events are labelled with their date"
    claims = [n for n in data["nodes"] if n["type"] == "Claim"]
    assert claims and all(n["event"] in {m["id"] for m in data["nodes"]} for n in claims if "event" in n)


def test_gdelt_events_claims_and_documents_have_readable_labels(shared, tmp_path):
    store = open_store(None)
    load([shared / "data" / "gdelt" / "v2_events" / "20180101000000.export.CSV"], store=store, loader="gdelt", validate=False)
    graph = export(tmp_path / "usa-prk.html", store=store, dyad=("USA", "PRK"))
    for _, data in graph.nodes(data=True):
        assert not data["label"].isdigit() and not data["label"].startswith("document/"), data
    events = [d for _, d in graph.nodes(data=True) if d["type"] == "Event"]
    assert all(d["cameoLabel"] in d["label"] and d["date"] in d["label"] for d in events)
    documents = [d for _, d in graph.nodes(data=True) if d["type"] == "Document" and "title" not in d and "url" in d]
    assert documents and all("." in d["label"] and "/" not in d["label"] for d in documents), "a host name"


def test_dyad_export_is_callable_and_the_command_line_writes_every_format(tmp_path):
    import dyad
    from click.testing import CliRunner

    from dyad.cli import main

    store = tmp_path / "store"
    with open_store(store) as disk:
        load(CURATED, store=disk)
    graph = dyad.export(tmp_path / "api.cyjs", dyad=("PRK", "CHN"), store=store)
    assert graph.number_of_nodes() == 31
    runner = CliRunner()
    for fmt in FORMATS:
        result = runner.invoke(main, ["--store", str(store), "export", "--dyad", "PRK", "CHN", "--format", fmt, "-o", str(tmp_path / f"cli.{fmt}")])
        assert result.exit_code == 0, result.output
        assert "wrote 31 nodes" in result.output
    usage = runner.invoke(main, ["--store", str(store), "export", "-o", str(tmp_path / "x.html")])
    assert usage.exit_code == 2 and "choose a subgraph" in usage.output


def test_a_gdelt_store_exported_for_usa_prk_reads_back_with_the_same_node_count(shared, tmp_path):
    store = open_store(None)
    load([shared / "data" / "gdelt" / "v2_events" / "20180101000000.export.CSV"], store=store, loader="gdelt", validate=False)
    graphs = {fmt: export(tmp_path / f"usa-prk.{fmt}", store=store, dyad=("USA", "PRK"), format=fmt) for fmt in ("graphml", "gexf", "cyjs")}
    cyjs = json.loads((tmp_path / "usa-prk.cyjs").read_text(encoding="utf-8"))
    count = len(cyjs["elements"]["nodes"])
    assert nx.read_graphml(tmp_path / "usa-prk.graphml").number_of_nodes() == count
    assert nx.read_gexf(tmp_path / "usa-prk.gexf").number_of_nodes() == count
    events = [d for _, d in graphs["cyjs"].nodes(data=True) if d["type"] == "Event"]
    assert len(events) == 17  # USA–PRK records of 1 January 2018 with both actors coded as countries
    assert {d["quadClass"] for d in events} <= {1, 2, 3, 4}
    assert all(d["start"] == "2018-01-01" for d in events)
