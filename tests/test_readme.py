"""The README documents every command and option, and starts with the two commands."""
from __future__ import annotations

import click

from kg.cli import cli
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_starts_with_the_two_commands():
    head = README[:400]
    assert "make demo" in head and "make test" in head


def test_every_command_and_option_is_documented():
    missing = []
    for name, command in cli.commands.items():
        if f"kg {name}" not in README:
            missing.append(f"kg {name}")
        for param in command.params:
            if isinstance(param, click.Option):
                for opt in param.opts:
                    if opt not in README:
                        missing.append(f"kg {name} {opt}")
    assert not missing, missing


def test_screenshots_are_there():
    # made by `make screenshots` (docs/screenshots.py)
    assert "docs/graph-1440.png" in README
    for name in ("graph-1440.png", "graph-390.png"):
        assert (ROOT / "docs" / name).stat().st_size > 10_000
