"""The benchmark: ``kg bench`` builds a corpus of N MB from the seeds (or any
folder), runs the full pipeline on it (ingest to triples.jsonl) and, in the
same run, bare ``jieba.lcut`` and bare ``rjieba.cut`` on the same text, and
prints characters per second and their ratios. The timings are taken in
``rounds`` (3 by default), each round timing the pipeline and both
segmenters one after the other (the pipeline first in odd rounds, last in
even ones), each by wall time and by this process's CPU time: it prints
each round's ratio of the pipeline to ``jieba.lcut`` and their median, and
the table holds each step's median round. On a machine that other work
shares, wall time swings with the load from one minute to the next; CPU
time (all of it one thread's: the pipeline runs in this process, with no
cache) changes far less, so the median ratio by CPU time is the number to
read. With ``--jobs-compare`` it
also times ``--jobs 2`` against ``--jobs 1`` (each build in a child process,
whose peak memory is reported) and each export of the resulting graph; with
``--articles N`` it builds N small generated articles instead and reports
peak memory. Speed is measured here, never in unit tests."""
from __future__ import annotations

import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kg.pipeline import find_files


WARM_UP = 50  # files built before the clock starts


@dataclass(frozen=True)
class Timing:
    name: str
    chars: int
    seconds: float
    peak_mb: float | None = None
    cpu: float | None = None  # CPU seconds of this process (time.process_time)

    @property
    def rate(self) -> float:
        return self.chars / self.seconds if self.seconds else float("inf")

    @property
    def cpu_rate(self) -> float:
        """Characters per CPU second: what other processes on the machine change least."""
        return self.chars / self.cpu if self.cpu else self.rate


class Clock:
    """Wall and CPU time of a step: ``with Clock() as clock: ...``, then
    ``clock.seconds`` and ``clock.cpu``."""

    def __enter__(self) -> "Clock":
        self.start, self.start_cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self.start
        self.cpu = time.process_time() - self.start_cpu


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


def make_small_articles(source: Path, target: Path, count: int, seed: int = 7) -> int:
    """``count`` small articles (3 to 6 sentences drawn from the articles
    under ``source``), 1,000 to a folder. Returns the characters written."""
    from kg.ingest import read_article

    sentences = [s + "。" for p in find_files([source]) for s in read_article(p).text.split("。") if len(s) > 8]
    rng = random.Random(seed)
    chars = 0
    for n in range(count):
        folder = target / f"{n // 1000:04d}"
        if n % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        text = "\n".join(rng.choice(sentences) for _ in range(rng.randint(3, 6)))
        (folder / f"a{n:06d}.txt").write_text(f"2023-0{1 + n % 9}-1{n % 9} 消息\n" + text, encoding="utf-8")
        chars += len(text)
    return chars


def child_build(corpus: Path, out: Path, jobs: int) -> Timing:
    """A build in a fresh process: its time and peak memory (its own and
    its workers')."""
    code = ("import json, resource, sys, time\n"
            "from kg.pipeline import build\n"
            "start = time.perf_counter()\n"
            f"report = build([{str(corpus)!r}], {str(out)!r}, jobs={jobs})\n"
            "seconds = time.perf_counter() - start\n"
            "peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
            " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
            "print(json.dumps({'chars': report.chars, 'seconds': seconds, 'peak_kb': peak}))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return Timing(f"kg build --jobs {jobs}", result["chars"], result["seconds"], result["peak_kb"] / 1024)


def segmenters(texts: list[str]) -> list[Timing]:
    """Bare ``jieba.lcut`` and ``rjieba.cut`` over ``texts``, one after the other."""
    import jieba
    import rjieba

    jieba.setLogLevel(60)
    jieba.initialize()
    chars = sum(map(len, texts))
    with Clock() as clock:
        for text in texts:
            jieba.lcut(text)
    timings = [Timing("jieba.lcut", chars, clock.seconds, cpu=clock.cpu)]
    cutter = rjieba.Jieba()
    with Clock() as clock:
        for text in texts:
            cutter.cut(text)
    timings.append(Timing("rjieba.cut", chars, clock.seconds, cpu=clock.cpu))
    return timings


def median_timing(timings: list[Timing]) -> Timing:
    """The timing of the median round (the lower middle one of an even count)."""
    ordered = sorted(timings, key=lambda t: (t.cpu or t.seconds, t.seconds))
    return ordered[(len(ordered) - 1) // 2]


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def round_lines(rounds: list[list[Timing]], base: str = "jieba.lcut") -> list[str]:
    """Each round's ratio of the pipeline (the first timing of a round) to
    ``base`` in the same round, by CPU time and by wall time, and the
    medians. CPU time is what another process on the machine changes least:
    its ratio is the one to read on a shared machine.

    >>> rounds = [[Timing("kg", 10, 2.0, cpu=2.0), Timing("jieba.lcut", 10, 1.0, cpu=1.0)],
    ...           [Timing("kg", 10, 1.0, cpu=1.0), Timing("jieba.lcut", 10, 1.0, cpu=1.0)],
    ...           [Timing("kg", 10, 4.0, cpu=2.0), Timing("jieba.lcut", 10, 1.0, cpu=1.0)]]
    >>> for line in round_lines(rounds): print(line)
    round 1: kg 5 chars/CPU s, jieba.lcut 10 chars/CPU s: 0.50x (wall time 0.50x)
    round 2: kg 10 chars/CPU s, jieba.lcut 10 chars/CPU s: 1.00x (wall time 1.00x)
    round 3: kg 5 chars/CPU s, jieba.lcut 10 chars/CPU s: 0.50x (wall time 0.25x)
    median ratio of kg to jieba.lcut over 3 rounds: 0.50x by CPU time (0.50x by wall time)
    """
    cpu_ratios, wall_ratios, lines = [], [], []
    for n, timings in enumerate(rounds, 1):
        pipeline, reference = timings[0], next(t for t in timings if t.name == base)
        cpu_ratios.append(pipeline.cpu_rate / reference.cpu_rate)
        wall_ratios.append(pipeline.rate / reference.rate)
        lines.append(f"round {n}: {pipeline.name} {pipeline.cpu_rate:,.0f} chars/CPU s, "
                     f"{base} {reference.cpu_rate:,.0f} chars/CPU s: {cpu_ratios[-1]:.2f}x "
                     f"(wall time {wall_ratios[-1]:.2f}x)")
    lines.append(f"median ratio of {rounds[0][0].name} to {base} over {len(rounds)} rounds: "
                 f"{median(cpu_ratios):.2f}x by CPU time ({median(wall_ratios):.2f}x by wall time)")
    return lines


def export_timings(out: Path) -> list[tuple[str, float]]:
    from kg.export import EXPORTERS
    from kg.graph import load_graph

    graph = load_graph(out)
    timings = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-export-") as tmp:
        for exporter in EXPORTERS.values():
            start = time.perf_counter()
            exporter.write(graph, *(Path(tmp) / f for f in exporter.files))
            timings.append((exporter.name, time.perf_counter() - start))
    return timings


def run(source: Path, megabytes: float, jobs_compare: bool = False, rounds: int = 3) -> list[str]:
    """Time the pipeline and the bare segmenters on a corpus of ``megabytes``
    MB made from ``source``, in ``rounds`` interleaved rounds; the lines to print."""
    from kg.extract import Extractor
    from kg.pipeline import build

    rounds = max(1, rounds)
    lines = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        corpus.mkdir()
        files = make_corpus(source, corpus, megabytes)
        extractor = Extractor()  # built outside the clock, as a long run amortizes it
        name = "kg build (ingest to triples)"

        def pipeline() -> tuple[Timing, object]:
            with Clock() as clock:
                report = build([corpus], out, extractor=extractor)  # one process, no cache
            return Timing(name, report.chars, clock.seconds,
                          resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, clock.cpu), report

        # a warm-up outside the clock: what the first articles load once (patterns, lazy imports)
        build([corpus], Path(tmp) / "warm-up", files=sorted(corpus.iterdir())[:WARM_UP], extractor=extractor)
        measured: list[list[Timing]] = []
        texts: list[str] = []
        for n in range(rounds):
            if n % 2 == 0 or not texts:  # the pipeline first in odd rounds (1, 3 ...), last in even ones
                kg, report = pipeline()
                texts = texts or [json.loads(line)["text"] for line in
                                  (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
                measured.append([kg, *segmenters(texts)])
            else:
                bare = segmenters(texts)
                kg, report = pipeline()
                measured.append([kg, *bare])
        timings = [median_timing([r[i] for r in measured]) for i in range(len(measured[0]))]
        lines += [f"corpus: {files} files, {report.chars:,} characters after ingestion ({megabytes} MB of files)",
                  f"{rounds} round{'s' * (rounds > 1)}, each timing the pipeline and both segmenters in turn; "
                  f"each step's median round:", ""]
        lines += table(timings)
        lines += ["", *round_lines(measured)]
        if jobs_compare:
            one = child_build(corpus, Path(tmp) / "out1", 1)
            two = child_build(corpus, Path(tmp) / "out2", 2)
            lines += ["", *table([one, two], base=None),
                      f"--jobs 2 is {one.seconds / two.seconds:.2f}x as fast as --jobs 1", "",
                      f"exports of the graph ({report.triples} relations, {report.entities} entities):"]
            lines += [f"  {name:<10}{seconds:>8.3f} s" for name, seconds in export_timings(out)]
    return lines


def run_articles(source: Path, count: int, jobs: int) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        start = time.perf_counter()
        chars = make_small_articles(source, corpus, count)
        made = time.perf_counter() - start
        timing = child_build(corpus, Path(tmp) / "out", jobs)
        triples = sum(1 for _ in open(Path(tmp) / "out" / "triples.jsonl", encoding="utf-8"))
    return [f"{count:,} generated articles ({chars:,} characters) written in {made:.1f} s",
            f"kg build --jobs {jobs}: {timing.seconds:.1f} s, {timing.rate:,.0f} chars/s, "
            f"{triples:,} triples, peak memory {timing.peak_mb:,.0f} MB"]


def table(timings: list[Timing], base: str | None = "jieba.lcut") -> list[str]:
    """A line a step: its characters, seconds, characters a second, (with
    ``base``) its CPU time and its ratio to ``base`` by CPU time, peak memory."""
    reference = next((t for t in timings if t.name == base), None)
    lines = [f"{'step':<32}{'chars':>12}{'seconds':>10}{'chars/s':>12}"
             + (f"{'CPU s':>10}{'vs ' + base + ' (CPU)':>22}" if reference else "") + f"{'peak MB':>10}"]
    for t in timings:
        ratio = f"{t.cpu or t.seconds:>10.2f}{t.cpu_rate / reference.cpu_rate:>21.2f}x" if reference else ""
        peak = f"{t.peak_mb:>10,.0f}" if t.peak_mb else f"{'':>10}"
        lines.append(f"{t.name:<32}{t.chars:>12,}{t.seconds:>10.2f}{t.rate:>12,.0f}{ratio}{peak}")
    return lines
