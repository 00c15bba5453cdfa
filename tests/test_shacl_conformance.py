"""The W3C SHACL Core test suite, on every validation path Dyad has.

* ``file``: ``dyad validate DATA --shapes SHAPES --no-builtin-shapes`` (its API, :func:`dyad.api.validate_files`);
* ``store``: the data stored without a gate, then whole-store validation (``dyad validate`` with no file);
* ``gate``: ``dyad load DATA --shapes SHAPES --no-builtin-shapes`` into an empty store, the incremental gate.

Each path must give the suite's ``sh:conforms`` and its (focus node, path, component, severity)
results, read from the standard ``sh:ValidationReport`` Dyad prints with ``--format turtle``.
The suite is read from ``../shared/conformance/`` at test time; if it is missing the tests fail.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from shacl_suite import KNOWN_FAILURES, SUITE, SuiteEntry, report_conforms, report_keys, suite_entries

ENTRIES = suite_entries() if (SUITE / "manifest.ttl").is_file() else []
PATHS = ("file", "store", "gate")


def _report_graph(report) -> Graph:
    return Graph().parse(data=report.format("turtle"), format="turtle")


def run_path(path: str, entry: SuiteEntry) -> Graph:
    """The standard report (as a graph) one validation path gives for a suite entry."""
    from dyad.api import load, open_store, validate_files, validate_store
    from dyad.errors import ShapeViolationError

    if path == "file":
        return _report_graph(validate_files([entry.data], extra_shapes=[entry.shapes], builtin_shapes=False))
    store = open_store(None)
    if path == "store":
        load([entry.data], store=store, validate=False, builtin_shapes=False)  # data as written
        return _report_graph(validate_store(store, extra_shapes=[entry.shapes], builtin_shapes=False))
    before = sorted(str(q) for q in store.oxigraph)
    try:
        result = load([entry.data], store=store, extra_shapes=[entry.shapes], builtin_shapes=False)
    except ShapeViolationError as refused:
        assert sorted(str(q) for q in store.oxigraph) == before, "a refused load changed the store"
        return _report_graph(refused.report)
    return _report_graph(result.report)


def test_the_suite_is_where_the_tests_read_it():
    assert (SUITE / "manifest.ttl").is_file(), f"the W3C SHACL test suite is missing: {SUITE}"
    assert len(ENTRIES) == 98


def _params():
    for entry in ENTRIES:
        for path in PATHS:
            marks = [pytest.mark.xfail(reason=KNOWN_FAILURES[entry.name], strict=True)] if entry.name in KNOWN_FAILURES else []
            yield pytest.param(path, entry, id=f"{path}:{entry.name}", marks=marks)


@pytest.mark.parametrize(("path", "entry"), list(_params()))
def test_validation_agrees_with_the_shacl_suite(path: str, entry: SuiteEntry):
    report = run_path(path, entry)
    assert report_conforms(report) == entry.conforms
    assert report_keys(report) == entry.results
