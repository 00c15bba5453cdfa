"""The facts loader: curated YAML to RDF that passes the shapes; errors name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from dyad.errors import LoaderError, UnknownCountryError
from dyad.loaders.facts import FactsLoader, date_literal
from dyad.vocabulary.namespaces import DYAD, PROV, RDF, XSD
from dyad.validation import validate_graph

ROOT = Path(__file__).parents[2]
SEED_FACTS = ROOT / "examples" / "seed-pyongyang-beijing-train.facts.yaml"


def load_one(path: Path):
    [source] = list(FactsLoader().load(path))
    return source


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.facts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """dyad: facts/1
id: tests/minimal
sources:
  article: {url: "https://example.org/story", title: A story, published: 2024-05-02}
events:
  talks:
    type: negotiation
    status: happened
    actors: [JPN, KOR]
    date: 2024-05-01
    claims:
      - {source: article, quote: "Japan and South Korea held talks.", certainty: confirmed}
"""


def test_every_example_passes_the_shapes():
    for path in sorted((ROOT / "examples").glob("*.facts.yaml")):
        report = validate_graph(load_one(path).graph)
        assert not report.failures(), report.as_text()  # warnings do not refuse a load


def test_loading_the_same_file_twice_gives_the_same_graph():
    assert isomorphic(load_one(SEED_FACTS).graph, load_one(SEED_FACTS).graph)


def test_seed_claims_point_at_the_seed_article_with_quote_and_offsets(shared):
    article = (shared / "seed" / "pyongyang-beijing-train.txt").read_text(encoding="utf-8")
    graph = load_one(SEED_FACTS).graph
    claims = list(graph.subjects(RDF.type, DYAD.Claim))
    assert len(claims) == 8
    for claim in claims:
        quote = str(graph.value(claim, DYAD.quote))
        start, end = int(graph.value(claim, DYAD.startOffset)), int(graph.value(claim, DYAD.endOffset))
        assert article[start:end] == quote
        document = graph.value(claim, PROV.wasDerivedFrom)
        assert str(graph.value(document, DYAD.documentKind)) == "news-article"


def test_a_minimal_file_maps_to_event_claim_document_and_dyad(tmp_path):
    graph = load_one(write(tmp_path, MINIMAL)).graph
    [event] = graph.subjects(RDF.type, DYAD.Event)
    assert graph.value(event, DYAD.date) == Literal("2024-05-01", datatype=XSD.date)
    assert graph.value(event, DYAD.concernsDyad) == URIRef("https://w3id.org/dyad/id/dyad/JPN-KOR")
    [claim] = graph.subjects(DYAD.asserts, event)
    assert str(graph.value(graph.value(claim, PROV.wasDerivedFrom), DYAD.url)) == "https://example.org/story"


def test_an_unknown_country_is_named_with_file_and_line(tmp_path):
    path = write(tmp_path, MINIMAL.replace("[JPN, KOR]", "[JPN, XYZ]"))
    with pytest.raises(UnknownCountryError) as error:
        load_one(path)
    assert error.value.location.path == str(path)
    assert error.value.location.line == 9  # the "actors:" line
    assert "XYZ" in str(error.value)


def test_invalid_yaml_is_reported_with_its_line(tmp_path):
    path = write(tmp_path, MINIMAL.replace("type: negotiation", "type: [negotiation"))
    with pytest.raises(LoaderError) as error:
        load_one(path)
    assert error.value.location.line is not None and error.value.location.line >= 7


def test_a_reference_to_an_undefined_source_is_refused(tmp_path):
    with pytest.raises(LoaderError, match="unknown source 'nowhere'"):
        load_one(write(tmp_path, MINIMAL.replace("{source: article", "{source: nowhere")))


def test_an_unknown_event_type_lists_the_allowed_ones(tmp_path):
    with pytest.raises(LoaderError, match="use one of suspension, resumption"):
        load_one(write(tmp_path, MINIMAL.replace("type: negotiation", "type: picnic")))


def test_a_file_without_the_format_mark_is_not_a_facts_file(tmp_path):
    path = write(tmp_path, MINIMAL.replace("dyad: facts/1\n", ""))
    assert not FactsLoader().can_load(path)
    with pytest.raises(LoaderError, match="not a Dyad facts file"):
        load_one(path)


def test_non_utf8_bytes_are_reported(tmp_path):
    path = tmp_path / "latin1.facts.yaml"
    path.write_bytes(MINIMAL.replace("talks.", "talks in S\u00e3o Paulo.").encode("latin-1"))
    with pytest.raises(LoaderError, match="not UTF-8"):
        load_one(path)


@pytest.mark.parametrize(
    ("text", "datatype"),
    [("2020-01-31", XSD.date), ("2020-01", XSD.gYearMonth), ("2020", XSD.gYear)],
)
def test_dates_keep_the_precision_they_are_written_with(text, datatype):
    assert date_literal(text).datatype == datatype


@pytest.mark.parametrize("text", ["2020-02-31", "2020-13", "Jan 2020"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(ValueError):
        date_literal(text)
