"""The only place that chains the stages: paths -> articles -> ... -> files
in the output folder."""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.ingest import DEFAULT_MAX_BYTES, Skipped, Unreadable, discover, read_article
from kg.model import Article
from kg.output import StagedOutput

ProgressFn = Callable[[int], None]


class NothingToBuild(Exception):
    """No readable article under the given paths."""


@dataclass
class BuildReport:
    out_dir: str
    articles: int = 0
    chars: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def find_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Every article file under ``paths``; FileNotFoundError names a path
    that does not exist."""
    return list(discover(paths))


def read_articles(files: Iterable[Path], report: BuildReport, max_bytes: int = DEFAULT_MAX_BYTES,
                  progress: ProgressFn | None = None) -> Iterator[Article]:
    """Articles one at a time (the corpus is never held whole); unreadable
    files are recorded in ``report.skipped``."""
    for path in files:
        try:
            article = read_article(path, max_bytes=max_bytes)
        except Unreadable as e:
            report.skipped.append(Skipped(str(path), str(e)))
        else:
            report.articles += 1
            report.chars += len(article.text)
            yield article
        if progress:
            progress(1)


def article_record(article: Article) -> dict:
    record = asdict(article)
    record.pop("path")
    return record


def build(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike, *,
          max_bytes: int = DEFAULT_MAX_BYTES, files: list[Path] | None = None,
          progress: ProgressFn | None = None) -> BuildReport:
    """Build everything from ``paths`` into ``out_dir``, atomically."""
    files = find_files(paths) if files is None else files
    report = BuildReport(out_dir=str(out_dir))
    with StagedOutput(out_dir) as stage:
        with open(stage.path("articles.jsonl"), "w", encoding="utf-8", newline="\n") as f:
            for article in read_articles(files, report, max_bytes, progress):
                f.write(json.dumps(article_record(article), ensure_ascii=False) + "\n")
        if report.articles == 0:
            raise NothingToBuild(", ".join(str(p) for p in paths))
        report.files = list(stage.written)
    return report
