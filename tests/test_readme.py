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


def test_screenshot_is_there():
    assert "docs/graph.png" in README and (ROOT / "docs" / "graph.png").stat().st_size > 10_000
