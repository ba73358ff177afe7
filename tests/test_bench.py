"""``kg bench``'s output: interleaved rounds, each round's ratio and their
median (what is printed, not how fast anything is: speed is measured by
``kg bench`` itself, never in unit tests)."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kg.bench import Timing, median, median_timing, round_lines
from kg.cli import cli
from tests.conftest import SEEDS


def test_median_round_and_ratios():
    timings = [Timing("kg", 10, s) for s in (3.0, 1.0, 2.0, 4.0)]
    assert median_timing(timings).seconds == 2.0  # the lower middle of an even count
    assert median([3.0, 1.0, 2.0]) == 2.0 and median([1.0, 2.0, 3.0, 4.0]) == 2.5
    lines = round_lines([[Timing("kg", 10, 2.0, cpu=1.0), Timing("rjieba.cut", 10, 0.1),
                          Timing("jieba.lcut", 10, 1.0, cpu=1.0)],
                         [Timing("kg", 10, 1.0), Timing("rjieba.cut", 10, 0.1), Timing("jieba.lcut", 10, 2.0)]])
    assert lines == ["round 1: kg 10 chars/CPU s, jieba.lcut 10 chars/CPU s: 1.00x (wall time 0.50x)",
                     "round 2: kg 10 chars/CPU s, jieba.lcut 5 chars/CPU s: 2.00x (wall time 2.00x)",
                     "median ratio of kg to jieba.lcut over 2 rounds: 1.50x by CPU time (1.25x by wall time)"]


def test_bench_prints_each_round_and_the_median():
    pytest.importorskip("jieba", reason="kg bench times bare jieba.lcut (the test extra installs it)")
    result = CliRunner().invoke(cli, ["bench", "--source", str(SEEDS), "--mb", "0.02", "--rounds", "2"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "2 rounds, each timing the pipeline and both segmenters in turn" in out
    assert re.search(r"^kg build \(ingest to triples\) .*x", out, re.M)
    assert len(re.findall(r"^round \d: kg build .* chars/CPU s, jieba\.lcut .* chars/CPU s: \d+\.\d\dx "
                          r"\(wall time \d+\.\d\dx\)$", out, re.M)) == 2
    assert re.search(r"^median ratio of kg build \(ingest to triples\) to jieba\.lcut over 2 rounds: "
                     r"\d+\.\d\dx by CPU time \(\d+\.\d\dx by wall time\)$", out, re.M)
