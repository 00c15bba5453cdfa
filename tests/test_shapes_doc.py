"""docs/shapes.md is generated from ontology/shapes.ttl and must not go stale."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).parent.parent


def _generator():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location("gen_shapes_doc", ROOT / "scripts" / "gen_shapes_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_the_shapes_doc_is_up_to_date_with_the_shapes():
    expected = _generator().render()
    current = (ROOT / "docs" / "shapes.md").read_text(encoding="utf-8")
    assert current == expected, "docs/shapes.md is stale: run `python scripts/gen_shapes_doc.py`"


def test_the_shapes_doc_has_a_table_per_class_with_cardinality_datatype_and_message():
    text = _generator().render()
    for klass in ("dyad:Country", "dyad:Place", "dyad:Route", "dyad:Agreement", "dyad:Event", "dyad:Claim", "dyad:Document"):
        assert f"## {klass}" in text
    assert "| `dyad:iso3` | 1..1 | `xsd:string`; matching `^[A-Z]{3}$` | A country needs exactly one ISO 3166-1 alpha-3 code" in text
    assert "| `dyad:date \\| dyad:startDate \\| dyad:endDate` | 1..* |" in text
    assert "| `shapes:ClaimNotAfterDocumentShape` | Violation |" in text


def test_a_changed_shape_makes_the_check_fail(tmp_path):
    generator = _generator()
    changed = tmp_path / "shapes.ttl"
    changed.write_text((ROOT / "ontology" / "shapes.ttl").read_text(encoding="utf-8").replace(
        "A country needs exactly one ISO", "A country needs one ISO"), encoding="utf-8")
    assert generator.render(changed) != generator.render()


def test_every_gap_the_docs_name_has_its_test():
    import re

    text = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    gaps = text[text.index(_generator().GAPS_HEADING):]
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)", gaps)
    assert len(named) >= 3
    for path, test in named:
        assert f"def {test}(" in (ROOT / path).read_text(encoding="utf-8"), f"{path}::{test} is named in docs/validation.md"
    assert "docs/validation.md" in (ROOT / "docs" / "shapes.md").read_text(encoding="utf-8")
