"""What a person types: options where they put them, clear errors, results in the standard shapes (issue #17)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from dyad.cli import main


def dyad(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    result = dyad("--store", str(path), "load", str(EXAMPLES))
    assert result.exit_code == 0, result.output
    return path


def test_store_is_accepted_after_the_command_too(tmp_path):
    path = tmp_path / "after"
    result = dyad("load", str(EXAMPLES), "--store", str(path))
    assert result.exit_code == 0, result.output
    assert path.is_dir()
    stats = dyad("stats", "--store", str(path))
    assert stats.exit_code == 0 and "document graphs: 3" in stats.output
    assert dyad("query", "sparql", "documents", "--store", str(path)).exit_code == 0


def test_stats_names_classes_with_prefixes(store):
    result = dyad("--store", str(store), "stats")
    assert "dyad:Event" in result.output and "https://w3id.org/dyad/ontology#" not in result.output


def test_query_sparql_json_is_w3c_sparql_results_json(store):
    result = dyad("--store", str(store), "query", "sparql", "SELECT DISTINCT ?c WHERE { ?c dyad:iso3 \"PRK\" }", "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["head"]["vars"] == ["c"]
    assert answer["results"]["bindings"] == [{"c": {"type": "uri", "value": "https://w3id.org/dyad/id/country/PRK"}}]
    ask = json.loads(dyad("--store", str(store), "query", "sparql", "ASK { ?c a dyad:Country }", "--format", "json").output)
    assert ask == {"head": {}, "boolean": True}


def test_inline_queries_have_the_usual_prefixes_and_tables_shorten_iris(store):
    query = "SELECT DISTINCT ?class WHERE { ?e a ?class . FILTER(?class IN (dyad:Event, prov:Entity)) } ORDER BY ?class"
    result = dyad("--store", str(store), "query", "sparql", query)
    assert result.exit_code == 0, result.output
    assert "dyad:Event" in result.output and "prov:Entity" in result.output


def test_tables_shorten_instance_iris_and_csv_keeps_them_whole(store):
    query = "SELECT ?c WHERE { ?c dyad:iso3 'PRK' }"
    table = dyad("--store", str(store), "query", "sparql", query)
    csv = dyad("--store", str(store), "query", "sparql", query, "--format", "csv")
    assert table.exit_code == 0 and csv.exit_code == 0, table.output + csv.output
    assert "id:country/PRK" in table.output and "https://" not in table.output
    assert "https://w3id.org/dyad/id/country/PRK" in csv.output


def test_a_misspelt_query_form_is_a_syntax_error(store):
    result = dyad("--store", str(store), "query", "sparql", "SELEC ?c WHERE { ?c a dyad:Country }")
    assert result.exit_code == 1
    assert "syntax error" in result.output and "SELEC" in result.output and "no sparql query named" not in result.output


def test_every_document_listed_can_be_removed_and_a_cited_one_is_explained(store, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(store, copy)
    listed = json.loads(dyad("--store", str(copy), "documents", "--format", "json").output)
    assert len(listed) == 3
    for row in listed:
        assert dyad("--store", str(copy), "remove", row["document"]).exit_code == 0
    cited = [row for row in json.loads(dyad("--store", str(store), "documents", "--all", "--format", "json").output) if not row["loaded"]]
    assert cited
    result = dyad("--store", str(copy), "remove", cited[0]["document"])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_documents_can_be_filtered(store):
    kinds = json.loads(dyad("--store", str(store), "documents", "--kind", "event-export", "--format", "json").output)
    assert [row["kind"] for row in kinds] == ["event-export"]
    matched = json.loads(dyad("--store", str(store), "documents", "--match", "TRAIN", "--format", "json").output)
    assert matched and all("train" in (row["title"] or "").lower() for row in matched)
    assert len(json.loads(dyad("--store", str(store), "documents", "--limit", "1", "--format", "json").output)) == 1


@pytest.mark.parametrize("centre", ["PRK", "id:country/PRK"])
def test_export_center_takes_a_country_code_or_a_prefixed_name(store, tmp_path, centre):
    result = dyad("--store", str(store), "export", "--center", centre, "--hops", "1", "-o", str(tmp_path / "c.cyjs"))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("centre", ["not a node", "https://x y"])
def test_export_center_names_what_is_not_a_node(store, tmp_path, centre):
    result = dyad("--store", str(store), "export", "--center", centre, "-o", str(tmp_path / "c.cyjs"))
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert "Error:" in result.output


def test_serve_on_a_busy_port_is_a_clear_error(store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = dyad("--store", str(store), "serve", "--port", str(port))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert f"cannot listen on 127.0.0.1:{port}" in result.output and "--port" in result.output


GDELT = EXAMPLES / "gdelt-chn-prk-20180101000000.export.CSV"
FACTS = EXAMPLES / "seed-pyongyang-beijing-train.facts.yaml"


def document_count(store: Path) -> int:
    return len(json.loads(dyad("--store", str(store), "documents", "--format", "json").output))


def test_standard_input_is_read_with_a_named_loader(tmp_path):
    path = tmp_path / "store"
    result = dyad("--store", str(path), "load", "-", "--loader", "facts", input=FACTS.read_bytes())
    assert result.exit_code == 0, result.output
    assert "stored 1 document graph(s)" in result.output
    refused = dyad("--store", str(path), "load", "-", input=b"")
    assert refused.exit_code == 2 and "--loader" in refused.output


@pytest.mark.parametrize("mistake", ["date: 2018-13-45", "quad_class: banana", "type: [a, list]"])
def test_a_facts_file_with_a_bad_value_is_a_clear_error_naming_the_file(tmp_path, mistake):
    text = FACTS.read_text(encoding="utf-8")
    key = mistake.split(":")[0]
    import re

    bad = tmp_path / "bad.facts.yaml"
    changed = re.sub(rf"(?m)^(\s*){key}:.*$", lambda m: m.group(1) + mistake, text, count=1)
    if changed == text:  # the key is not in the file: add it to the first event
        changed = re.sub(r"(?m)^(\s*)date:.*$", lambda m: m.group(0) + "\n" + m.group(1) + mistake, text, count=1)
    bad.write_text(changed, encoding="utf-8")
    result = dyad("--store", str(tmp_path / "store"), "load", str(bad))
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), "no traceback"
    assert "bad.facts.yaml" in result.output


def test_a_file_that_is_not_gdelt_loaded_as_gdelt_stores_nothing(tmp_path):
    path = tmp_path / "store"
    result = dyad("--store", str(path), "load", str(FACTS), "--loader", "gdelt")
    assert result.exit_code == 1 and "not a GDELT export" in result.output
    assert document_count(path) == 0


def test_strict_checks_a_file_already_loaded(tmp_path):
    lines = GDELT.read_text(encoding="utf-8").splitlines()
    export = tmp_path / "20180101000000.export.CSV"
    export.write_text("\n".join([*lines, "not\ta\trow"]) + "\n", encoding="utf-8")
    path = tmp_path / "store"
    assert dyad("--store", str(path), "load", str(export)).exit_code == 0
    again = dyad("--store", str(path), "load", str(export), "--strict")
    assert again.exit_code == 1 and f":{len(lines) + 1}" in again.output


def test_each_bad_gdelt_row_is_reported_once(tmp_path):
    lines = GDELT.read_text(encoding="utf-8").splitlines()
    export = tmp_path / "20180101000000.export.CSV"
    export.write_text("\n".join([*lines, "not\ta\trow"]) + "\n", encoding="utf-8")
    import subprocess
    import sys

    # a real process: the loader's log records reach stderr as they would for a person at a terminal
    done = subprocess.run([sys.executable, "-c", "from dyad.cli import main; main()", "--store", str(tmp_path / "store"),
                           "load", str(export)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (done.stdout + done.stderr).count(f"export.CSV:{len(lines) + 1}") == 1


def test_a_folder_load_skips_what_is_not_data_and_takes_globs(tmp_path):
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(EXAMPLES, folder)
    (folder / "README.md").write_text("# What is here\n", encoding="utf-8")
    (folder / "facts.schema.json").write_text('{"type": "object"}\n', encoding="utf-8")
    (folder / "notes.unknown").write_text("?\n", encoding="utf-8")
    result = dyad("--store", str(tmp_path / "all"), "load", str(folder))
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output and "README.md" in result.output and "notes.unknown" in result.output
    assert document_count(tmp_path / "all") == 3
    only = dyad("--store", str(tmp_path / "some"), "load", str(folder), "--include", "*.facts.yaml", "--exclude", "seed-*")
    assert only.exit_code == 0, only.output
    assert document_count(tmp_path / "some") == 1


def test_output_is_written_only_to_regular_files_with_the_umask(store, tmp_path):
    import os
    import stat

    target = tmp_path / "elsewhere.cyjs"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.cyjs"
    link.symlink_to(target)
    result = dyad("--store", str(store), "export", "--dyad", "PRK", "CHN", "-o", str(link))
    assert result.exit_code == 1 and "symbolic link" in result.output
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me"
    device = dyad("--store", str(store), "export", "--dyad", "PRK", "CHN", "--format", "cyjs", "-o", "/dev/null")
    assert device.exit_code == 1 and "not a regular file" in device.output
    old = os.umask(0o027)
    try:
        assert dyad("--store", str(store), "export", "--dyad", "PRK", "CHN", "-o", str(tmp_path / "new.cyjs")).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.cyjs").stat().st_mode) == 0o640


def test_the_trajectory_table_shows_the_periods_with_events_and_says_how_many_it_left_out(store):
    result = CliRunner().invoke(main, ["--store", str(store), "trajectory", "PRK", "CHN", "--by", "month"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines()[2:] if line.strip()]
    assert lines[0].startswith("1961-07") and len(lines) == 5, "five months with events, not 700 rows"
    assert "periods have no events and are not shown" in result.stderr
    every = json.loads(CliRunner().invoke(main, ["--store", str(store), "trajectory", "PRK", "CHN", "--by", "month", "--format", "json"]).stdout)
    assert every[0]["period"] == "1961-07" and every[-1]["period"] == "2020-01" and len(every) == 703


def test_reloading_an_article_with_a_corrected_date_replaces_it(tmp_path, shared):
    article = tmp_path / "article.txt"
    article.write_bytes((shared / "seed" / "pyongyang-beijing-train.txt").read_bytes())
    path = str(tmp_path / "store")

    def events_stored() -> int:
        count = json.loads(dyad("--store", path, "query", "sparql",
                                "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a dyad:Event }", "--format", "json").output)
        return int(count["results"]["bindings"][0]["n"]["value"])

    assert dyad("--store", path, "load", str(article), "--published", "2024-11-01").exit_code == 0
    first = events_stored()
    assert dyad("--store", path, "load", str(article), "--published", "2024-11-15").exit_code == 0
    documents = json.loads(dyad("--store", path, "documents", "--format", "json").output)
    assert [row["published"] for row in documents] == ["2024-11-15"]
    assert first > 0 and events_stored() == first  # the article's events replaced, not added a second time


def test_validating_the_store_reports_progress_with_a_total(store):
    from dyad.api import open_store, validate_store

    calls: list[tuple[int, int]] = []
    opened = open_store(store, read_only=True)
    try:
        report = validate_store(opened, progress=lambda done, total: calls.append((done, total)))
    finally:
        opened.close()
    assert not report.failures()  # warnings only (undated events): SHACL says it does not conform
    total = calls[-1][1]
    assert total > 1 and calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls), "it only moves forward"


def test_a_gdelt_load_reports_the_bytes_read_out_of_the_total(tmp_path):
    from dyad.api import open_store
    from dyad.loaders.gdelt import load_gdelt_events, total_bytes

    # Big enough (> 2 MiB) that the bar moves while the file is read, not only at its end.
    rows = GDELT.read_bytes()
    big = tmp_path / "20180101000000.export.CSV"
    big.write_bytes(rows * (1 + (3 << 20) // len(rows)))
    steps: list[int] = []
    store = open_store(None)
    load_gdelt_events([big], store=store, progress_bytes=steps.append)
    size = big.stat().st_size
    assert total_bytes([big]) == size
    assert sum(steps) == size, "the bar ends exactly at the file's bytes"
    assert len(steps) >= 3 and 0 < steps[0] < size, "reported while reading, not only at the end"


def test_validate_reads_standard_input_too(tmp_path):
    result = dyad("--store", str(tmp_path / "store"), "validate", "-", "--loader", "facts", input=FACTS.read_bytes())
    assert result.exit_code == 0, result.output
    assert "no violations" in result.output or "conforms to the shapes" in result.output


def test_a_syntax_error_in_inline_sparql_points_into_the_text_as_written(store):
    query = "SELECT ?c WHERE { ?c a dyad:Country  LIMIT 1"
    result = dyad("--store", str(store), "query", "sparql", query)
    assert result.exit_code == 1 and f"1:{len(query) + 1}" in result.output, result.output
