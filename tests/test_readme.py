"""The README's commands exist: every `dyad ...` line in it names a real command."""

from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner

from dyad.cli import main

README = Path(__file__).parent.parent / "README.md"


def readme_command_paths() -> list[list[str]]:
    paths = []
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^dyad ((?:[a-z0-9]+ ?)+)", line.strip())
        if match:
            words = match.group(1).split()
            paths.append(words)
    return paths


def test_the_readme_shows_both_front_doors():
    text = README.read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text


def test_every_dyad_command_in_the_readme_exists():
    paths = readme_command_paths()
    assert len(paths) >= 15
    for words in paths:
        command: click.Command = main
        consumed = []
        for word in words:
            if isinstance(command, click.Group) and word in command.commands:
                command = command.commands[word]
                consumed.append(word)
            else:
                break
        assert consumed, f"README names an unknown command: dyad {' '.join(words)}"
        result = CliRunner().invoke(main, [*consumed, "--help"])
        assert result.exit_code == 0, f"dyad {' '.join(consumed)} --help failed: {result.output}"
