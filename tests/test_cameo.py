"""CAMEO reference data and the table that puts Dyad's event types on GDELT's scale."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.vocabulary import cameo
from dyad.vocabulary.namespaces import EVENT_TYPES


def test_the_codebook_has_every_cameo_code_with_its_label_and_goldstein_score():
    assert len(cameo.event_codes()) == 311
    assert set(cameo.event_codes()) == set(cameo.goldstein_scale())
    assert cameo.cameo_label("01") == "MAKE PUBLIC STATEMENT"
    assert cameo.cameo_label("061") == "Cooperate economically"
    assert cameo.cameo_label("044") == "Meet at a third location"
    assert cameo.goldstein("061") == 6.4
    assert cameo.goldstein("20") == -10.0
    with pytest.raises(cameo.UnknownCameoCode):
        cameo.cameo_label("999")


@pytest.mark.parametrize(("code", "quad"), [("01", 1), ("057", 1), ("061", 2), ("0874", 2), ("111", 3), ("14", 3), ("15", 4), ("20", 4)])
def test_the_quad_class_follows_the_root_code(code, quad):
    assert cameo.quad_class_of(code) == quad


def test_quad_classes_have_gdelts_names():
    assert cameo.QUAD_CLASSES == {1: "Verbal Cooperation", 2: "Material Cooperation", 3: "Verbal Conflict", 4: "Material Conflict"}


@pytest.mark.parametrize(("code", "iso3"), [("CHN", "CHN"), ("PRK", "PRK"), ("ROM", "ROU"), ("TMP", "TLS"), ("WSB", "PSE"), ("AFR", None), ("WST", None)])
def test_cameo_country_codes_map_to_iso_alpha_3_and_regions_to_none(code, iso3):
    assert cameo.cameo_country_to_iso3(code) == iso3


def test_an_unknown_cameo_country_code_is_an_error():
    with pytest.raises(cameo.UnknownCameoCode):
        cameo.cameo_country_to_iso3("XYZ")


def test_every_dyad_event_type_has_a_place_on_the_scale():
    assert set(cameo.EVENT_TYPE_CAMEO) == set(EVENT_TYPES)
    assert cameo.event_type_scale("other") is None
    assert cameo.event_type_scale("suspension") == cameo.CameoScale("16", "16", -4.0, 4)
    assert cameo.event_type_scale("visit") == cameo.CameoScale("042", "04", 1.9, 1)
    assert cameo.event_type_scale("agreement") == cameo.CameoScale("057", "05", 8.0, 1)
    assert cameo.event_type_scale("sanction").goldstein == -8.0


@pytest.mark.parametrize("event_type", [t for t in EVENT_TYPES if t not in ("other", "resumption", "border_reopening", "border_closure")])
def test_an_event_types_cameo_code_maps_back_to_the_same_type(event_type):
    assert cameo.dyad_event_type(cameo.event_type_scale(event_type).code) == event_type


def test_gdelt_records_carry_the_codebooks_goldstein_and_quad_class(shared: Path):
    # The real export agrees with the shipped codebook on every row.
    rows = (shared / "data" / "gdelt" / "v2_events" / "20180101000000.export.CSV").read_text(encoding="utf-8").splitlines()
    for line in rows:
        fields = line.split("\t")
        assert cameo.goldstein(fields[26]) == float(fields[30])
        assert cameo.quad_class_of(fields[26]) == int(fields[29])


def test_the_mapping_table_is_documented():
    doc = (Path(__file__).parents[1] / "docs" / "cameo-mapping.md").read_text(encoding="utf-8")
    for event_type in EVENT_TYPES:
        scale = cameo.event_type_scale(event_type)
        expected = f"| {event_type} | {scale.code} | {scale.goldstein:+.1f} | {scale.quad_class} |" if scale else f"| {event_type} | — | — | — |"
        assert expected in doc
