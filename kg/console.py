"""What the command line prints and how it fails: one-line errors with the
exit codes a shell expects (``GuardedGroup``, ``fail``), option values
checked (sizes, dates), and the parts of the run report (skipped files,
duplicate stories, files written). ``kg.cli`` holds the commands."""
from __future__ import annotations

import os
import re
import sys

import click


def parse_size(value: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)[bB]?\s*", str(value))
    if not match:
        raise click.BadParameter(f"{value!r} is not a size such as 20MB, 500k or 1048576")
    number, unit = match.groups()
    return int(float(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit.lower()])


def max_nodes_option(ctx, param, value: str) -> int | None:
    """``--max-nodes``: a count of entities, or 0 / ``all`` for every one (None)."""
    text = str(value).strip().lower()
    if text == "all":
        return None
    if not text.isdigit():
        raise click.BadParameter(f"{value!r} is not a number of entities (0 or 'all': every entity)")
    return int(text) or None


def date_option(ctx, param, value: str | None) -> str | None:
    from kg.dates import normalize

    if value is None:
        return None
    date = normalize(value.strip())
    if date is None:
        raise click.BadParameter(f"{value!r} is not a date such as 2024-10-20, 2024-10 or 2024")
    return date


def padded(name: str, width: int = 20) -> str:
    """``name`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    from wcwidth import wcswidth

    return name + " " * max(0, width - max(wcswidth(name), 0))


def fail(message: str, code: int = 2) -> None:
    """The one error line kg prints, then exit ``code`` (2: bad use or input, 1: a failed run)."""
    click.echo(f"kg: error: {message}", err=True)
    sys.exit(code)


class GuardedGroup(click.Group):
    """Every command's failure as one line and the exit code a shell
    expects: 2 bad use or input, 1 a failed run, 130 interrupted (Ctrl-C);
    the traceback only with ``kg --debug``."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # the reader left (kg eval | head): nothing to say, nowhere to say it
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)
        except Exception as e:  # noqa: BLE001 - the last line of defence: one line, never a traceback
            if ctx.params.get("debug"):
                raise
            if isinstance(e, PermissionError):
                fail(f"permission denied: {e.filename or e}")
            if isinstance(e, OSError):
                fail(f"{e.filename + ': ' if e.filename else ''}{e.strerror or e}", 1)
            fail(f"{type(e).__name__}: {e} (kg --debug ... shows the traceback)", 1)


def echo_skipped(skipped: list) -> None:
    for item in skipped:
        hint = " (raise the limit with --max-size)" if item.reason.startswith("too large") else ""
        click.echo(f"  skipped {item.path}: {item.reason}{hint}")


DUPLICATE_GROUPS_SHOWN = 20


def echo_duplicates(groups: dict[str, list[str]]) -> None:
    if not groups:
        return
    copies = sum(len(g) for g in groups.values())
    click.echo(f"Duplicates: {copies} articles repeat {len(groups)} stories (a fact's sources count each story once; "
               f"articles.jsonl duplicate_of):")
    for first, others in list(groups.items())[:DUPLICATE_GROUPS_SHOWN]:
        click.echo(f"  {first} = {', '.join(others)}")
    if len(groups) > DUPLICATE_GROUPS_SHOWN:
        click.echo(f"  ... and {len(groups) - DUPLICATE_GROUPS_SHOWN} more stories")


def echo_written(out_dir: str, files: list[str]) -> None:
    from pathlib import Path

    click.echo(f"Wrote {', '.join(files)} to {out_dir}/")
    if "graph.html" in files:
        click.echo(f"Open the graph: {(Path(out_dir) / 'graph.html').resolve().as_uri()}")
