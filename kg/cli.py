"""The ``kg`` command: thin click commands over the library."""
from __future__ import annotations

import re
import sys

import click

from kg import __version__
from kg.ingest import DEFAULT_MAX_BYTES
from kg.pipeline import NothingToBuild, build, find_files

PROGRESS_MIN_FILES = 6


def parse_size(value: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)[bB]?\s*", str(value))
    if not match:
        raise click.BadParameter(f"{value!r} is not a size such as 20MB, 500k or 1048576")
    number, unit = match.groups()
    return int(float(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit.lower()])


def fail(message: str) -> None:
    click.echo(f"kg: error: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """kg: a knowledge graph of who does what to whom in China's platform
    economy, built from news articles (txt, md, html; any Chinese encoding)."""


@cli.command("build")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--out", "out_dir", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Folder the output files are written to.")
@click.option("--max-size", default="20MB", show_default=True,
              help="Files larger than this are skipped (e.g. 20MB, 500k).")
def build_command(paths: tuple[str, ...], out_dir: str, max_size: str) -> None:
    """Build the graph of the articles under PATHS (files or folders;
    default: seeds/)."""
    paths = paths or ("seeds",)
    max_bytes = parse_size(max_size)
    try:
        files = find_files(paths)
    except FileNotFoundError as e:
        fail(f"no such file or folder: {e.args[0]}")
    if not files:
        fail(f"no article files (.txt, .md, .html) under {', '.join(paths)}")
    try:
        if len(files) >= PROGRESS_MIN_FILES:
            with click.progressbar(length=len(files), label="Reading articles", file=sys.stderr) as bar:
                report = build(paths, out_dir, max_bytes=max_bytes, files=files, progress=bar.update)
        else:
            report = build(paths, out_dir, max_bytes=max_bytes, files=files)
    except NothingToBuild:
        fail(f"no readable article under {', '.join(paths)}")
    click.echo(f"Read {report.articles} articles ({report.chars:,} characters), skipped {len(report.skipped)}.")
    for skipped in report.skipped:
        click.echo(f"  skipped {skipped.path}: {skipped.reason}")
    for name in report.files:
        click.echo(f"Wrote {out_dir}/{name}")


@cli.command("bench")
@click.option("--source", default="seeds", show_default=True, type=click.Path(exists=True),
              help="Folder whose articles are copied to make the corpus.")
@click.option("--mb", "megabytes", default=3.0, show_default=True, help="Size of the corpus in MB.")
def bench_command(source: str, megabytes: float) -> None:
    """Measure the speed of the pipeline beside bare jieba and rjieba."""
    from pathlib import Path

    from kg.bench import report_lines, run

    for line in report_lines(run(Path(source), megabytes)):
        click.echo(line)


def main() -> None:
    cli(prog_name="kg")
