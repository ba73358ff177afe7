"""The only place that chains the stages: paths -> articles -> ... -> files
in the output folder."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from kg.duplicates import Stories
from kg.export import EXPORTERS
from kg.extract import Extractor
from kg.graph import build_graph, load_graph, source_record
from kg.ingest import DEFAULT_MAX_BYTES, Skipped, article_ids, discover
from kg.model import Triple
from kg.output import StagedOutput
from kg.records import article_record, entity_record, triple_record
from kg.cache import CACHE_NAME, ExtractionCache, fingerprint
from kg.gazetteer import load_gazetteer
from kg.recogniser import check_recogniser
from kg.rules import load_rules
from kg.schema import SCHEMA, SCHEMA_FILE, Schema
from kg.resolve import MentionIndex, resolve_corpus
from kg.runner import Runner

ProgressFn = Callable[[int], None]


class NothingToBuild(Exception):
    """No readable article under the given paths; ``skipped`` says why for
    each file and folder that was skipped."""

    def __init__(self, paths: str, skipped: list[Skipped] | None = None):
        super().__init__(paths)
        self.skipped = list(skipped or ())


@dataclass
class BuildReport:
    out_dir: str
    articles: int = 0
    chars: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    triples: int = 0  # facts as found, one per sentence that states them
    relations: int = 0  # edges of the graph: the triples of one subject, predicate and object merged
    entities: int = 0
    extracted: int = 0  # articles run through the extractor (the rest came from the cache)
    notes: list[str] = field(default_factory=list)
    duplicates: dict[str, list[str]] = field(default_factory=dict)  # first article of a story -> its copies and reposts


def find_files(paths: Iterable[str | os.PathLike], skipped: list[Skipped] | None = None,
               out_dir: str | os.PathLike | None = None) -> list[Path]:
    """Every article file under ``paths`` but those in ``out_dir``;
    FileNotFoundError names a path that does not exist; a folder or file
    that cannot be looked at is added to ``skipped`` with its reason."""
    return list(discover(paths, skipped, exclude=[out_dir] if out_dir is not None else []))


def triple_order(triple: Triple) -> tuple:
    return (triple.evidence.doc, triple.evidence.start, triple.subject, triple.predicate, triple.object)


def write_jsonl(path: Path, records: Iterable[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")


def write_exports(graph, stage: StagedOutput, formats: Iterable[str], **options) -> None:
    """Each format's files; ``options`` (max_nodes) go to the exporters that take them."""
    for name in formats:
        exporter = EXPORTERS[name]
        exporter.write(graph, *(stage.path(f) for f in exporter.files), **options)


def write_schema(schema: Schema, out_dir: str | os.PathLike, stage: StagedOutput) -> None:
    """The build's vocabulary as ``schema.json`` beside the graph, when it
    is not the shipped one (a user's predicates and entity types), so that
    ``kg export`` colours and names them without the data folders; written
    too when the folder has one from an earlier build, which would be stale."""
    if schema.sources == SCHEMA.sources and not (Path(out_dir) / SCHEMA_FILE).exists():
        return
    sections = []
    for section, entries in schema.declarations().items():  # one line a declaration, like kg/data/schema.json
        lines = ",\n".join(f"  {json.dumps(name, ensure_ascii=False)}: {json.dumps(spec, ensure_ascii=False)}"
                            for name, spec in entries.items())
        sections.append(f" {json.dumps(section)}: {{\n{lines}\n }}")
    with open(stage.path(SCHEMA_FILE), "w", encoding="utf-8", newline="\n") as f:
        f.write("{\n" + ",\n".join(sections) + "\n}\n")


def export(from_dir: str | os.PathLike, out_dir: str | os.PathLike, formats: Iterable[str], **options) -> list[str]:
    """Write the graph of a previous build in the given formats, without
    extracting again (``options``: see ``write_exports``). Returns the files written."""
    graph = load_graph(from_dir)
    with StagedOutput(out_dir) as stage:
        write_exports(graph, stage, formats, **options)
        return list(stage.written)


def build(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike, *,
          max_bytes: int = DEFAULT_MAX_BYTES, files: list[Path] | None = None,
          progress: ProgressFn | None = None, extractor: Extractor | None = None,
          formats: Iterable[str] = (), jobs: int = 1, use_cache: bool = False,
          scheduler: str | None = None, data_dirs: Iterable[str] = (),
          recogniser: str | None = None, skipped: Iterable[Skipped] = (),
          export_options: dict | None = None) -> BuildReport:
    """Build everything from ``paths`` into ``out_dir``, atomically.

    Articles stream through: only the graph (triples and what is known of
    each name) is held, never the corpus. ``jobs`` processes or a Dask
    ``scheduler`` share the extraction; ``use_cache`` keeps per-article
    results in ``out_dir/.kg-cache.sqlite`` for the next build. ``data_dirs``
    are the user's data folders read on top of the shipped data
    (``kg.userdata``); a bad file in them raises DataFileError before any
    article is read. ``recogniser`` names a statistical recogniser of names
    (``kg.recogniser``: ``"lac"``; default none); RecogniserMissing says how
    to install it, before any article is read. ``skipped``: what finding
    ``files`` skipped, reported first. ``export_options`` go to the exporters
    that take them (``max_nodes`` of the page)."""
    paths, skipped = list(paths), list(skipped)
    files = find_files(paths, skipped, out_dir) if files is None else files
    data_dirs = tuple(str(d) for d in data_dirs)
    if extractor is not None:
        recogniser = extractor.recogniser.name if extractor.recogniser is not None else None
    check_recogniser(recogniser)
    if extractor is None:  # checked here, once, before any worker reads them
        extractor_data = (load_gazetteer(data_dirs=data_dirs), load_rules(data_dirs=data_dirs))
    else:
        extractor_data = (extractor.gazetteer, extractor.rules)
    report = BuildReport(out_dir=str(out_dir), skipped=skipped)
    stories = Stories(extractor_data[1].words("sentence_ends"))
    triples: list[Triple] = []
    index = MentionIndex()
    dates: dict[str, str | None] = {}
    sources: dict[str, dict] = {}  # article id -> what the page shows of it (title, site, url)
    with StagedOutput(out_dir, replaces=True) as stage:
        # None: the cache takes kg's own
        bound = fingerprint(data_dirs, recogniser) if data_dirs or recogniser else None
        cache = ExtractionCache(Path(out_dir) / CACHE_NAME, bound) if use_cache else None
        if cache is not None and cache.problem:
            report.notes.append(cache.problem)
        finished = False
        try:
            with Runner(jobs=jobs, cache=cache, scheduler=scheduler, extractor=extractor,
                        max_bytes=max_bytes, data_dirs=data_dirs, recogniser=recogniser) as run, \
                    open(stage.path("articles.jsonl"), "w", encoding="utf-8", newline="\n") as f:
                for outcome in run(files, article_ids(files, paths)):
                    if progress:
                        progress(1)
                    if outcome.problem is not None:
                        report.skipped.append(Skipped(str(outcome.path), outcome.problem))
                        continue
                    article, result = outcome.article, outcome.result
                    if article.replaced:
                        report.notes.append(f"{outcome.path}: {article.replaced:,} undecodable bytes replaced by U+FFFD")
                    if article.note:
                        report.notes.append(f"{outcome.path}: {article.note}")
                    report.articles += 1
                    report.chars += len(article.text)
                    duplicate_of = stories.add(article.id, article.text)
                    f.write(json.dumps(article_record(article, duplicate_of), ensure_ascii=False) + "\n")
                    dates[article.id] = article.date
                    sources[article.id] = source_record(article_record(article, duplicate_of))
                    triples.extend(result.triples)
                    index.add(article.id, result.mentions)
                report.extracted = run.extracted
            finished = True
        finally:
            if cache is not None:
                cache.close(keep=finished)
        if report.articles == 0:
            raise NothingToBuild(", ".join(str(p) for p in paths), report.skipped)
        gazetteer, rules = extractor_data
        triples, entities = resolve_corpus(triples, index, gazetteer)
        triples.sort(key=triple_order)
        triple_records = [triple_record(t) for t in triples]
        entity_records = [entity_record(e) for e in entities]
        write_jsonl(stage.path("triples.jsonl"), triple_records)
        write_jsonl(stage.path("entities.jsonl"), entity_records)
        report.triples, report.entities = len(triples), len(entities)
        report.relations = len({(t.subject, t.predicate, t.object) for t in triples})
        write_schema(rules.schema, out_dir, stage)
        if formats:
            graph = build_graph(triple_records, entity_records, dates, rules.schema, stories.story_of)
            graph.graph["articles"] = sources
            write_exports(graph, stage, formats, **(export_options or {}))
        report.files = list(stage.written)
        report.duplicates = stories.groups()
    return report
