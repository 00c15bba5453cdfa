"""`dyad validate` as a product: report formats, user shapes, --fail-on, exit codes, locations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from dyad.cli import main

CASES = Path(__file__).parent / "cases" / "validation"
EXAMPLES = Path(__file__).parent.parent / "examples"
FACTS = sorted(EXAMPLES.glob("*.facts.yaml"))
BAD_EVENT = "https://example.org/event/bad"


def validate(tmp_path: Path, *args: str):
    return CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "validate", *args], catch_exceptions=False)


def test_files_with_warnings_only_exit_0_but_do_not_conform(tmp_path):
    # SHACL 3.1: sh:conforms is false as soon as there is a result, warnings included;
    # --fail-on (violation by default) decides the exit code.
    result = validate(tmp_path, *map(str, FACTS), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["counts"]["Violation"] == 0
    assert report["conforms"] is (report["counts"]["Warning"] + report["counts"]["Info"] == 0)


def test_text_report_groups_by_shape_and_names_focus_node_path_value_and_message(tmp_path):
    result = validate(tmp_path, str(CASES / "bad-event.ttl"))
    assert result.exit_code == 1
    text = result.output
    assert "does not conform: 3 violation(s)" in text
    assert "shapes:EventShape › dyad:eventType (1)" in text
    assert "shapes:EventShape › dyad:goldstein (1)" in text
    assert "shapes:EventShape › dyad:date (1)" in text
    assert f"focus node: {BAD_EVENT}" in text
    assert "path:       goldstein" in text
    assert "value:      12.5" in text
    assert "value:      last spring" in text
    assert "The Goldstein score is one xsd:decimal from -10 to +10." in text
    assert "source:     " + str(CASES / "bad-event.ttl") in text


def test_alternative_paths_are_written_as_sparql_paths_not_blank_nodes(tmp_path):
    result = validate(tmp_path, str(CASES / "undated-event.ttl"), "--format", "json")
    (warning,) = json.loads(result.output)["results"]
    assert warning["path"] == "dyad:date | dyad:startDate | dyad:endDate"
    assert warning["shape"] == "shapes:EventDatedShape"
    assert warning["severity"] == "Warning"


def test_json_report_lists_every_result_with_its_fields(tmp_path):
    result = validate(tmp_path, str(CASES / "bad-event.ttl"), "--format", "json")
    report = json.loads(result.output)
    assert report["conforms"] is False
    assert report["counts"] == {"Violation": 3, "Warning": 0, "Info": 0}
    by_path = {r["path"]: r for r in report["results"]}
    assert set(by_path) == {"dyad:eventType", "dyad:goldstein", "dyad:date"}
    goldstein = by_path["dyad:goldstein"]
    assert goldstein["focus_node"] == BAD_EVENT
    assert goldstein["value"] == "12.5"
    assert goldstein["severity"] == "Violation"
    assert goldstein["shape"] == "shapes:EventShape › dyad:goldstein"
    assert goldstein["source"] == str(CASES / "bad-event.ttl")


def test_turtle_report_is_the_standard_shacl_validation_report(tmp_path):
    result = validate(tmp_path, str(CASES / "bad-event.ttl"), "--format", "turtle")
    assert result.exit_code == 1
    report = Graph().parse(data=result.output, format="turtle")
    (node,) = report.subjects(SH.conforms, None)
    assert report.value(node, SH.conforms) == Literal(False)
    results = list(report.objects(node, SH.result))
    assert len(results) == 3
    assert {report.value(r, SH.focusNode) for r in results} == {URIRef(BAD_EVENT)}
    assert {report.value(r, SH.resultSeverity) for r in results} == {SH.Violation}
    assert Literal("last spring") in {report.value(r, SH.value) for r in results}


def test_warnings_exit_0_by_default_and_1_with_fail_on_warning(tmp_path):
    assert validate(tmp_path, str(CASES / "undated-event.ttl")).exit_code == 0
    strict = validate(tmp_path, str(CASES / "undated-event.ttl"), "--fail-on", "warning")
    assert strict.exit_code == 1
    assert "Warning: This event has no date" in strict.output


def test_user_shapes_add_their_own_rules(tmp_path):
    plain = validate(tmp_path, str(CASES / "undated-event.ttl"), "--format", "json")
    assert json.loads(plain.output)["counts"]["Violation"] == 0
    extra = validate(tmp_path, str(CASES / "undated-event.ttl"), "--shapes", str(CASES / "every-event-labelled.shapes.ttl"), "--format", "json")
    assert extra.exit_code == 1
    (violation,) = [r for r in json.loads(extra.output)["results"] if r["severity"] == "Violation"]
    assert violation["message"] == "Our team labels every event: add an rdfs:label."
    assert violation["focus_node"] == "https://example.org/event/undated"
    assert violation["path"] == "rdfs:label"


def test_a_file_that_does_not_parse_exits_2_and_is_named_with_its_line(tmp_path):
    result = validate(tmp_path, str(CASES / "broken.ttl"))
    assert result.exit_code == 2
    assert "broken.ttl:3" in result.output


def test_a_missing_shapes_file_exits_2(tmp_path):
    result = validate(tmp_path, str(CASES / "undated-event.ttl"), "--shapes", str(tmp_path / "nope.ttl"))
    assert result.exit_code == 2
    assert "nope.ttl" in result.output


def test_the_store_is_validated_as_a_whole_with_each_problem_traced_to_its_document(tmp_path):
    from dyad.api import load, open_store

    with open_store(tmp_path / "store") as store:
        load([*FACTS, CASES / "bad-event.ttl"], store=store, validate=False)
    result = validate(tmp_path, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    bad = [r for r in report["results"] if r["focus_node"] == BAD_EVENT]
    assert len(bad) == 3
    assert {r["document"] for r in bad} == {"https://w3id.org/dyad/id/document/" + _file_document_hash("bad-event.ttl")}


def test_a_claim_dated_after_its_source_fails_across_files(tmp_path):
    """The cross-document rule holds between files validated together."""
    result = validate(tmp_path, *map(str, FACTS), str(CASES / "late-report.ttl"), "--format", "json")
    assert result.exit_code == 1
    results = json.loads(result.output)["results"]
    late = [r for r in results if r["shape"] == "shapes:ClaimNotAfterDocumentShape"]
    assert [(r["focus_node"], r["value"]) for r in late] == [("https://example.org/claim/suspension", "2020-01")]
    assert "after its source document https://example.org/doc/late-report was published (2019-12-01)" in late[0]["message"]
    early = [r for r in results if r["shape"] == "shapes:EventNotBeforeRouteShape"]
    assert [(r["focus_node"], r["value"], r["severity"]) for r in early] == [("https://example.org/event/opened-1990", "1990", "Warning")]


@pytest.mark.parametrize("fmt", ["text", "json", "turtle"])
def test_every_format_of_a_conforming_report_is_well_formed(tmp_path, fmt):
    from dyad.validation import ValidationReport

    output = ValidationReport(conforms=True, checked=["x.ttl"]).format(fmt)
    if fmt == "json":
        assert json.loads(output)["conforms"] is True
    elif fmt == "turtle":
        graph = Graph().parse(data=output, format="turtle")
        assert (None, SH.conforms, Literal(True)) in graph
    else:
        assert output == "x.ttl: conforms to the shapes."


def _file_document_hash(name: str) -> str:
    from dyad.vocabulary.iris import document_iri

    return str(document_iri(f"id:file:{name}")).rsplit("/", 1)[-1]


def test_user_shapes_dyad_cannot_translate_to_sparql_are_checked_by_pyshacl(tmp_path):
    result = validate(tmp_path, str(CASES / "undated-event.ttl"), "--shapes", str(CASES / "actor-node-kind.shapes.ttl"), "--format", "json")
    assert result.exit_code == 1
    (violation,) = [r for r in json.loads(result.output)["results"] if r["severity"] == "Violation"]
    assert violation == {
        "severity": "Violation",
        "focus_node": "https://example.org/event/undated",
        "path": "dyad:actor",
        "value": "https://w3id.org/dyad/id/country/CHN",
        "message": "Actors must be written as literals here.",
        "shape": "https://example.org/shapes#ActorKindShape › dyad:actor",
        "source": str(CASES / "undated-event.ttl"),
        "document": violation["document"],
    }


def test_a_message_shared_by_many_nodes_is_said_once_with_each_node_under_it():
    from dyad.validation import ValidationReport, ValidationResult

    results = [ValidationResult(severity="Warning", focus_node=f"urn:event:{n}", path=None, value=None, message="This event has no date.",
                                shape="shapes:EventDatedShape") for n in range(3)]
    text = ValidationReport(conforms=False, results=results).as_text()
    assert text.count("This event has no date.") == 1
    assert "Warning (3 nodes): This event has no date." in text
    assert all(f"urn:event:{n}" in text for n in range(3))
