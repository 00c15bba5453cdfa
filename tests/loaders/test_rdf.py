"""The rdf loader: RDF files as they are, one named graph per file (or per graph in a dataset)."""

from __future__ import annotations

import pytest

from dyad.errors import LoaderError
from dyad.loaders.rdf import RdfLoader

TURTLE = """@prefix dyad: <https://w3id.org/dyad/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/dyad/id/country/PRK> a dyad:Country ; dyad:iso3 "PRK" ; rdfs:label "North Korea"@en .
"""


def test_a_turtle_file_becomes_one_named_graph_with_its_document(tmp_path):
    path = tmp_path / "countries.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    [source] = list(RdfLoader().load(path))
    assert len(source.graph) == 3 + 5  # the triples, and the Document describing the file
    assert source.name == next(iter(RdfLoader().load(path))).name  # stable name


def test_trig_graphs_stay_as_they_are(tmp_path):
    path = tmp_path / "data.trig"
    path.write_text("<https://example.org/g1> { <https://example.org/a> <https://example.org/b> 1 . }\n"
                    "<https://example.org/g2> { <https://example.org/a> <https://example.org/b> 2 . }\n")
    names = {str(source.name) for source in RdfLoader().load(path)}
    assert {"https://example.org/g1", "https://example.org/g2"} <= names


def test_a_syntax_error_names_the_file_line_and_column(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text(TURTLE + '<https://example.org/a> <https://example.org/b> "unterminated .\n', encoding="utf-8")
    with pytest.raises(LoaderError) as error:
        list(RdfLoader().load(path))
    assert error.value.location.path == str(path)
    assert error.value.location.line == 4
    assert "broken.ttl:4" in str(error.value)


@pytest.mark.parametrize("suffix", [".ttl", ".trig", ".nt", ".nq", ".jsonld"])
def test_the_rdf_loader_recognises_rdf_files(tmp_path, suffix):
    assert RdfLoader().can_load(tmp_path / f"x{suffix}")
