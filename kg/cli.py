"""The ``kg`` command: thin click commands over the library."""
from __future__ import annotations

import os
import sys

import click

from kg import __version__
from kg.cache import CacheBusy
from kg.console import (GuardedGroup, date_option, echo_duplicates, echo_skipped, echo_written, fail,
                        max_nodes_option, padded, parse_size)
from kg.datafiles import DataFileError
from kg.export import EXPORTERS, parse_formats
from kg.export.html import DEFAULT_MAX_NODES
from kg.pipeline import NothingToBuild, build, find_files
from kg.recogniser import RECOGNISERS, RecogniserMissing, check_recogniser
from kg.runner import ClusterError
from kg.userdata import ENV, data_dirs

FORMAT_HELP = "Comma-separated output formats, or 'all': " + ", ".join(
    f"{e.name} ({', '.join(e.files)})" for e in EXPORTERS.values())


def formats_option(value: str) -> list[str]:
    try:
        return parse_formats(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from e

PROGRESS_MIN_FILES = 6

MAX_NODES_OPTION = click.option(
    "--max-nodes", default=str(DEFAULT_MAX_NODES), show_default=True, metavar="N", callback=max_nodes_option,
    help="graph.html shows the N most connected entities (and the relations among them), which keeps the page "
         "fast; 0 or 'all' shows every entity. The other formats always hold the whole graph.")


DATA_OPTION = click.option(
    "--data", "data", multiple=True, metavar="DIR", type=click.Path(),
    help=f"A folder of your own gazetteer.jsonl, lexicons.jsonl, relations.jsonl and schema.json, read on top "
         f"of kg's (repeatable; added after the folders of ${ENV}).")


def user_data(option: tuple[str, ...]) -> tuple[str, ...]:
    """The data folders of ``--data`` and ``KG_DATA``, or exit 2 naming the problem."""
    try:
        return data_dirs(option)
    except DataFileError as e:
        fail(str(e))


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--debug", is_flag=True, help="Show the traceback of an error instead of one line.")
def cli(debug: bool) -> None:
    """kg: a knowledge graph of who does what to whom in China's platform
    economy, built from news articles (txt, md, html; any Chinese encoding)."""


@cli.command("build")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--out", "out_dir", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Folder the output files are written to.")
@click.option("--max-size", default="20MB", show_default=True,
              help="Files larger than this are skipped (e.g. 20MB, 500k).")
@click.option("-f", "--format", "formats", default="all", show_default=True, help=FORMAT_HELP)
@click.option("-j", "--jobs", default=None, type=click.IntRange(1, None),
              help="Processes that extract in parallel  [default: the number of cores]")
@click.option("--no-cache", is_flag=True, help="Extract every article again; do not read or write OUT/.kg-cache.sqlite.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run extraction on a Dask cluster, e.g. tcp://10.0.0.5:8786.")
@click.option("--recogniser", type=click.Choice(RECOGNISERS), default=None,
              help="Also run a statistical recogniser of names on the sentences where a trigger word found no "
                   "triple (lac: Baidu's LAC; slow; pip install 'kg[lac]').  [default: none]")
@MAX_NODES_OPTION
@DATA_OPTION
def build_command(paths: tuple[str, ...], out_dir: str, max_size: str, formats: str, jobs: int | None,
                  no_cache: bool, scheduler: str | None, recogniser: str | None, max_nodes: int | None,
                  data: tuple[str, ...]) -> None:
    """Build the graph of the articles under PATHS (files or folders;
    default: seeds/)."""
    paths = paths or ("seeds",)
    max_bytes = parse_size(max_size)
    formats = formats_option(formats)
    options = dict(max_bytes=max_bytes, formats=formats, jobs=jobs or os.cpu_count() or 1,
                   use_cache=not no_cache, scheduler=scheduler, data_dirs=user_data(data), recogniser=recogniser,
                   export_options={"max_nodes": max_nodes})
    try:
        check_recogniser(recogniser)
    except RecogniserMissing as e:
        fail(str(e))
    unlisted: list = []
    try:
        files = find_files(paths, unlisted, out_dir)
    except FileNotFoundError as e:
        fail(f"no such file or folder: {e.args[0]}")
    if not files:
        echo_skipped(unlisted)
        fail(f"no article files (.txt, .md, .html) under {', '.join(paths)}")
    try:
        if len(files) >= PROGRESS_MIN_FILES:
            with click.progressbar(length=len(files), label="Reading articles", file=sys.stderr) as bar:
                report = build(paths, out_dir, files=files, progress=bar.update, skipped=unlisted, **options)
        else:
            report = build(paths, out_dir, files=files, skipped=unlisted, **options)
    except NothingToBuild as e:
        echo_skipped(e.skipped)
        fail(f"no readable article under {', '.join(paths)}")
    except CacheBusy as e:
        fail(str(e), 1)
    except ClusterError as e:
        fail(str(e), e.exit_code)
    except DataFileError as e:
        fail(str(e))
    click.echo(f"Read {report.articles} articles ({report.chars:,} characters), skipped {len(report.skipped)}.")
    echo_skipped(report.skipped)
    echo_duplicates(report.duplicates)
    for note in report.notes:
        click.echo(f"Note: {note}")
    if not no_cache:
        click.echo(f"Extracted {report.extracted} articles, {report.articles - report.extracted} from the cache.")
    click.echo(f"Found {report.triples} triples: {report.relations} relations between {report.entities} entities "
               f"(a relation merges the triples of one subject, predicate and object).")
    echo_written(out_dir, report.files)


@cli.command("export")
@click.option("--from", "from_dir", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Output folder of a previous build (its triples.jsonl and entities.jsonl).")
@click.option("-o", "--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="Folder to write to (default: the --from folder).")
@click.option("-f", "--format", "formats", default="all", show_default=True, help=FORMAT_HELP)
@MAX_NODES_OPTION
def export_command(from_dir: str, out_dir: str | None, formats: str, max_nodes: int | None) -> None:
    """Write the graph of a previous build again, in other formats, without
    extracting again."""
    from kg.pipeline import export

    formats = formats_option(formats)
    try:
        written = export(from_dir, out_dir or from_dir, formats, max_nodes=max_nodes)
    except FileNotFoundError as e:
        fail(f"no build in {from_dir}: {e.filename or e} is missing (run kg build first)")
    except DataFileError as e:
        fail(str(e))
    echo_written(out_dir or from_dir, written)


def load_or_fail(from_dir: str):
    from kg.graph import load_graph

    try:
        return load_graph(from_dir)
    except FileNotFoundError as e:
        fail(f"no build in {from_dir}: {e.filename or e} is missing (run kg build first)")
    except DataFileError as e:
        fail(str(e))


@cli.command("stats")
@click.option("--from", "from_dir", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Output folder of a previous build.")
@click.option("-n", "--top", default=10, show_default=True, type=click.IntRange(min=1),
              help="How many of the most connected entities.")
def stats_command(from_dir: str, top: int) -> None:
    """Counts by entity type and predicate, and the most connected entities."""
    from kg.graph import counts, most_connected

    graph = load_or_fail(from_dir)
    by_type, by_predicate = counts(graph)
    click.echo(f"{graph.number_of_nodes()} entities, {graph.number_of_edges()} relations")
    click.echo("\nentities by type")
    for name, n in sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  {padded(name)}{n:>6}")
    click.echo("\nrelations by predicate")
    for name, n in sorted(by_predicate.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  {padded(name)}{n:>6}")
    click.echo("\nmost connected")
    for name, degree in most_connected(graph, top):
        click.echo(f"  {padded(name)}{degree:>6}")


@cli.command("show")
@click.argument("name")
@click.option("--from", "from_dir", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Output folder of a previous build.")
def show_command(name: str, from_dir: str) -> None:
    """List the relations of the entity NAME (canonical name, alias or
    English name) with their evidence."""
    from kg.graph import find_node

    graph = load_or_fail(from_dir)
    node = find_node(graph, name)
    if node is None:
        fail(f"no entity named {name!r} in {from_dir}")
    data = graph.nodes[node]
    click.echo(f"{data['label']} ({data['type']}{', ' + data['en'] if data.get('en') else ''})")
    if data.get("aliases"):
        click.echo(f"  also: {', '.join(data['aliases'])}")
    edges = sorted([(u, v, k, d) for u, v, k, d in graph.out_edges(node, keys=True, data=True)] +
                   [(u, v, k, d) for u, v, k, d in graph.in_edges(node, keys=True, data=True)],
                   key=lambda e: (e[2], graph.nodes[e[0]]["label"], graph.nodes[e[1]]["label"]))
    for u, v, predicate, d in edges:
        facts = ", ".join(f"{k}={d[k]}" for k in ("first_date", "status", "rate", "action") if d.get(k))
        click.echo(f"\n{graph.nodes[u]['label']} -{predicate}-> {graph.nodes[v]['label']}"
                   + (f"  [{facts}]" if facts else ""))
        for ev in d["evidence"]:
            click.echo(f"    {ev['doc']}{' (' + ev['date'] + ')' if ev.get('date') else ''}: {ev['sentence']}")


@cli.command("extract")
@click.option("-t", "--text", required=True, help="The text to extract from (one or more sentences).")
@click.option("--date", default=None, callback=date_option,
              help="Article date for relative dates (e.g. 2024-10-20).")
@click.option("--json", "as_json", is_flag=True, help="Print triples.jsonl lines instead of a table.")
@DATA_OPTION
def extract_command(text: str, date: str | None, as_json: bool, data: tuple[str, ...]) -> None:
    """Extract triples from a piece of text and print them with their
    evidence: the quickest check of a new alias, trigger or rule."""
    import json

    from kg.extract import Extractor
    from kg.model import Article
    from kg.normalize import normalize_text
    from kg.pipeline import triple_record

    article = Article(id="text", path="", text=normalize_text(text), encoding="utf-8", date=date)
    dirs = user_data(data)
    try:
        extractor = Extractor(data_dirs=dirs)
    except DataFileError as e:
        fail(str(e))
    result = extractor(article)
    if as_json:
        for triple in result.triples:
            click.echo(json.dumps(triple_record(triple), ensure_ascii=False))
        return
    click.echo("entities: " + (", ".join(f"{m.name} ({m.type})" for m in result.mentions) or "none"))
    if not result.triples:
        click.echo("no relation found")
    for t in result.triples:
        attrs = ", ".join(f"{k}={v}" for k, v in t.attrs.items() if k != "what")
        click.echo(f"{t.subject} ({t.subject_type}) -{t.predicate}-> {t.object} ({t.object_type})"
                   f"  confidence {t.confidence}" + (f"  [{attrs}]" if attrs else ""))
        click.echo(f"    evidence [{t.evidence.start}:{t.evidence.end}]: {t.evidence.sentence}")


@cli.command("mine")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--out", "out_path", required=True, type=click.Path(dir_okay=False),
              help="The TSV to write: words between known names, with counts and an example each.")
@click.option("--min-count", default=2, show_default=True, type=click.IntRange(1, None),
              help="Leave out rows seen fewer times than this.")
@click.option("--cues", is_flag=True, help="Count names found by the entity cues too, not only the gazetteer's.")
@DATA_OPTION
def mine_command(paths: tuple[str, ...], out_path: str, min_count: int, cues: bool, data: tuple[str, ...]) -> None:
    """Count the words that stand between two known names in one clause of
    the articles under PATHS, by the names' types, with whether kg already
    extracts a relation there and which lexicons hold the words: where to
    look for trigger words to add with --data."""
    from kg.mining import Miner, mine, write_rows

    try:
        files = find_files(paths)
        miner = Miner(data_dirs=user_data(data), cues=cues)
    except FileNotFoundError as e:
        fail(f"no such file or folder: {e.args[0]}")
    except DataFileError as e:
        fail(str(e))
    if not files:
        fail(f"no article files (.txt, .md, .html) under {', '.join(paths)}")
    with click.progressbar(length=len(files), label="Mining articles", file=sys.stderr) as bar:
        mine(files, miner, progress=bar.update)
    rows = miner.rows(min_count)
    write_rows(rows, out_path)
    for path, reason in miner.skipped:
        click.echo(f"  skipped {path}: {reason}")
    click.echo(f"Read {miner.articles} articles; wrote {len(rows)} rows to {out_path}.")


@cli.command("eval")
@click.option("--gold", "gold_path", required=True, type=click.Path(dir_okay=False),
              help="Gold triples you annotated (JSONL: doc, subject, predicate, object, attrs).")
@click.option("--from", "from_dir", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Output folder of a build of the same articles.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the false positives and the missed gold triples.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
@click.option("--min-f1", default=None, type=click.FloatRange(0, 1),
              help="Exit with status 1 when the micro F1 is below this.")
def eval_command(gold_path: str, from_dir: str, verbose: bool, as_json: bool, min_f1: float | None) -> None:
    """Score a build against gold triples: precision, recall and F1 overall,
    by predicate and by document (the matching rules are in kg/evaluate.py)."""
    import json
    from pathlib import Path

    from kg.datafiles import read_jsonl
    from kg.evaluate import report, score
    from kg.schema import SCHEMA_FILE, SCHEMA, load_schema

    try:
        numbered_gold = list(read_jsonl(gold_path))
        predicted = [t for _, t in read_jsonl(Path(from_dir) / "triples.jsonl")]
    except FileNotFoundError as e:
        fail(f"no such file: {e.filename or e}" + (" (run kg build first)" if "triples" in str(e.filename) else ""))
    except DataFileError as e:
        fail(str(e))
    bad = next((n for n, g in numbered_gold if not all(k in g for k in ("doc", "subject", "predicate", "object"))),
               None)
    if bad is not None:
        fail(f"{gold_path}:{bad}: a gold line needs doc, subject, predicate and object")
    gold = [g for _, g in numbered_gold]
    schema = load_schema([from_dir]) if (Path(from_dir) / SCHEMA_FILE).is_file() else SCHEMA
    result = score(gold, predicted, schema.symmetric)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
    else:
        for line in report(result, verbose):
            click.echo(line)
    if min_f1 is not None and result.micro.f1 < min_f1:
        sys.exit(1)


@cli.command("bench")
@click.option("--source", default="seeds", show_default=True, type=click.Path(exists=True, file_okay=False),
              help="Folder whose articles are copied to make the corpus.")
@click.option("--mb", "megabytes", default=3.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Size of the corpus in MB.")
@click.option("--rounds", default=3, show_default=True, type=click.IntRange(1, None),
              help="Rounds, each timing the pipeline and the segmenters in turn; read the median ratio by CPU time.")
@click.option("--jobs-compare", is_flag=True, help="Also time --jobs 2 against --jobs 1, and each export.")
@click.option("--articles", default=None, type=click.IntRange(1, None),
              help="Instead: build this many small generated articles and report peak memory.")
@click.option("--page", "page_nodes", default=None, type=click.IntRange(2, None), metavar="N",
              help="Instead: time graph.html of a synthetic graph of N entities and 2N relations in headless "
                   "Chromium (ready, filter toggle, focus, language switch).")
def bench_command(source: str, megabytes: float, rounds: int, jobs_compare: bool, articles: int | None,
                  page_nodes: int | None) -> None:
    """Measure the speed of the pipeline beside bare jieba and rjieba, in
    interleaved rounds (each round's ratio and their median are printed);
    or, with --page, of the graph page in a browser."""
    from pathlib import Path

    if page_nodes:
        from kg.bench_page import run_page

        try:
            lines = run_page(page_nodes, repeats=rounds + 2)
        except RuntimeError as e:
            fail(str(e))
        for line in lines:
            click.echo(line)
        return
    from kg.bench import run, run_articles
    from kg.pipeline import find_files

    if not find_files([source]):
        fail(f"no article files (.txt, .md, .html) under {source}: the bench copies them to make its corpus")
    if articles:
        lines = run_articles(Path(source), articles, jobs=2)
    else:
        lines = run(Path(source), megabytes, jobs_compare, rounds)
    for line in lines:
        click.echo(line)


def main() -> None:
    cli(prog_name="kg")
