"""The benchmark: ``kg bench`` builds a corpus of N MB from the seeds (or
any folder), runs the full pipeline on it (ingest to triples.jsonl) and, in
the same run, bare ``jieba.lcut`` and bare ``rjieba.cut`` on the same text,
and prints characters per second and their ratios. Speed is measured here,
never in unit tests."""
from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kg.extract import Extractor
from kg.pipeline import build, find_files


@dataclass(frozen=True)
class Timing:
    name: str
    chars: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.chars / self.seconds if self.seconds else float("inf")


def make_corpus(source: Path, target: Path, megabytes: float) -> int:
    """Copies of the files under ``source`` until they hold ``megabytes`` MB."""
    files = find_files([source])
    if not files:
        raise ValueError(f"no article files under {source}")
    size, n = 0, 0
    while size < megabytes * 1024 * 1024:
        for path in files:
            copy = target / f"{n:06d}_{path.name}"
            shutil.copyfile(path, copy)
            size += copy.stat().st_size
            n += 1
    return n


def run(source: Path, megabytes: float) -> list[Timing]:
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        corpus.mkdir()
        make_corpus(source, corpus, megabytes)
        extractor = Extractor()  # built outside the clock, as a long run would amortize it
        start = time.perf_counter()
        report = build([corpus], out, extractor=extractor)
        timings = [Timing("kg build (ingest to triples)", report.chars, time.perf_counter() - start)]
        texts = [line for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    import json

    texts = [json.loads(line)["text"] for line in texts]
    chars = sum(map(len, texts))
    import jieba
    import rjieba

    jieba.initialize()
    start = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    timings.append(Timing("jieba.lcut", chars, time.perf_counter() - start))
    cutter = rjieba.Jieba()
    start = time.perf_counter()
    for text in texts:
        cutter.cut(text)
    timings.append(Timing("rjieba.cut", chars, time.perf_counter() - start))
    return timings


def report_lines(timings: list[Timing]) -> list[str]:
    base = next(t for t in timings if t.name == "jieba.lcut")
    lines = [f"{'step':<32}{'chars':>12}{'seconds':>10}{'chars/s':>12}{'vs jieba.lcut':>15}"]
    for t in timings:
        lines.append(f"{t.name:<32}{t.chars:>12,}{t.seconds:>10.2f}{t.rate:>12,.0f}{t.rate / base.rate:>14.2f}x")
    return lines
