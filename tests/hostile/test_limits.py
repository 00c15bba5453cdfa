"""The input limits: documented with their defaults, raised by option or environment, refused when malformed."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from dyad.loaders.limits import Limits, current_limits, human_size, limits_from_environment, limits_with, parse_limit, use_limits

DOC = Path(__file__).resolve().parents[2] / "docs" / "limits.md"


@pytest.mark.parametrize("limit", fields(Limits), ids=lambda f: f.name)
def test_every_limit_is_documented_with_its_default(limit):
    name = limit.name.replace("_", "-")
    row = next((line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith(f"| `{name}` |")), None)
    assert row is not None, f"docs/limits.md has no row for {name}"
    default = row.split("|")[2].strip()
    assert default == human_size(limit.default) or default == str(limit.default), (name, default, limit.default)


def test_an_option_wins_over_the_environment_which_wins_over_the_default():
    environment = limits_from_environment({"DYAD_LIMIT_DEPTH": "50", "DYAD_LIMIT_FILE_BYTES": "2G"})
    assert environment.depth == 50 and environment.file_bytes == 2 * 1024**3
    assert limits_with(["depth=70"], environment).depth == 70
    assert Limits().depth == 1000


def test_loads_read_within_the_limits_they_are_given():
    with use_limits(Limits().raised(line_bytes=10)):
        assert current_limits().line_bytes == 10
    assert current_limits().line_bytes == Limits().line_bytes


@pytest.mark.parametrize("assignment, message", [
    ("bogus=1", "unknown limit"), ("depth", "unknown limit"), ("depth=lots", "not a whole number"),
    ("depth=0", "positive"), ("depth=-3", "not a whole number"),
])
def test_a_malformed_limit_is_refused_naming_the_known_ones(assignment, message):
    with pytest.raises(ValueError, match=message):
        parse_limit(assignment)


def test_sizes_take_k_m_g_suffixes_in_powers_of_1024():
    assert [parse_limit(f"file-bytes={text}")[1] for text in ("512", "64K", "4M", "2G", "3MiB", "1 kb")] == [
        512, 64 * 1024, 4 * 1024**2, 2 * 1024**3, 3 * 1024**2, 1024]
    assert re.fullmatch(r"\d+ (GiB|MiB|KiB|bytes)", human_size(Limits().stream_bytes))
