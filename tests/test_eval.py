"""The extraction quality bar, measured by the shared scorer so it cannot slip."""
from __future__ import annotations

import json
import subprocess
import sys

from kg.model import PREDICATES
from kg.pipeline import build


def score(shared, gold: str, pred, min_f1: float) -> dict:
    cmd = [sys.executable, str(shared / "eval" / "score.py"), "--gold", str(shared / "eval" / gold),
           "--pred", str(pred), "--min-f1", str(min_f1)]
    verdict = subprocess.run(cmd, capture_output=True, text=True)
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr
    return json.loads(subprocess.run(cmd + ["--json"], capture_output=True, text=True, check=True).stdout)


def test_seed_score(shared, seed_build):
    result = score(shared, "seeds.gold.jsonl", seed_build / "triples.jsonl", min_f1=0.80)
    assert result["micro"]["precision"] >= 0.85, result["micro"]
    missing = [p for p in PREDICATES if result["predicates"].get(p, {}).get("tp", 0) < 1]
    assert not missing, f"predicates with no true positive: {missing}"


def test_development_corpus_score(shared, tmp_path, extractor):
    build([shared / "dev" / "docs"], tmp_path, extractor=extractor)
    result = score(shared, "dev.gold.jsonl", tmp_path / "triples.jsonl", min_f1=0.77)
    assert result["micro"]["precision"] >= 0.85, result["micro"]


def test_holdout_corpus_score(shared, tmp_path, extractor):
    """tests/holdout/: six articles of our own with gold, written apart from
    the rules and never tuned on sentence by sentence: how the extractor does
    on text it has not seen."""
    from tests.conftest import ROOT

    build([ROOT / "tests" / "holdout" / "docs"], tmp_path, extractor=extractor)
    gold = ROOT / "tests" / "holdout" / "gold.jsonl"
    cmd = [sys.executable, str(shared / "eval" / "score.py"), "--gold", str(gold),
           "--pred", str(tmp_path / "triples.jsonl"), "--json"]
    result = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    assert result["micro"]["f1"] >= 0.80 and result["micro"]["precision"] >= 0.86, result["micro"]


def test_real_news_development_part_score(tmp_path, extractor):
    """tests/realnews/dev/: real articles the rules were not written against,
    gold annotated before kg ran on them (needs nothing from ../shared). A
    floor under today's score, raised as extraction improves."""

    result = real_news_score("dev", tmp_path, extractor)
    assert result.micro.f1 >= 0.67 and result.micro.precision >= 0.93, result.micro.as_dict()


def test_real_news_test_part_does_not_slip(tmp_path, extractor):
    """tests/realnews/test/: measured once (0.400, P 0.673 on 2026-12-06),
    then spent: tuned on since, like the development part."""
    result = real_news_score("test", tmp_path, extractor)
    assert result.micro.f1 >= 0.57 and result.micro.precision >= 0.88, result.micro.as_dict()


def test_real_news_second_test_part_does_not_slip(tmp_path, extractor):
    """tests/realnews/test2/: 40 articles of 22 outlets found in neither
    other part, gold committed before kg first ran on them; measured once
    (0.324, P 0.669 on 2026-12-06); from then on only a guard."""
    result = real_news_score("test2", tmp_path, extractor)
    assert result.micro.f1 >= 0.30 and result.micro.precision >= 0.62, result.micro.as_dict()


def test_real_news_third_test_part_does_not_slip(tmp_path, extractor):
    """tests/realnews/test3/: 37 articles of 24 outlets found in no other
    part, gold reviewed and committed before kg first ran on them; measured
    once (0.236, P 0.587 on 2026-12-06, without the gazetteer entries whose
    names the coordinator had read in the annotators' reports; 0.254, P 0.568
    with them); from then on only a guard."""
    result = real_news_score("test3", tmp_path, extractor)
    assert result.micro.f1 >= 0.24 and result.micro.precision >= 0.55, result.micro.as_dict()


def real_news_score(part_name: str, tmp_path, extractor):
    from kg.datafiles import read_jsonl
    from kg.evaluate import score as kg_score
    from kg.model import SYMMETRIC_PREDICATES
    from tests.conftest import ROOT

    part = ROOT / "tests" / "realnews" / part_name
    build([part / "docs"], tmp_path, extractor=extractor)
    return kg_score([g for _, g in read_jsonl(part / "gold.jsonl")],
                    [t for _, t in read_jsonl(tmp_path / "triples.jsonl")], SYMMETRIC_PREDICATES)
