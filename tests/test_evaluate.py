"""kg eval: the project's own scorer, with the matching rules of the
annotation guide; checked against small cases and, where the shared folder
is there, against the shared scorer on the seeds and the development corpus."""
from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from kg.cli import cli
from kg.evaluate import score


def triple(doc, s, p, o, **attrs):
    return {"subject": s, "predicate": p, "object": o, "attrs": attrs, "evidence": {"doc": doc}}


GOLD = [
    {"doc": "a.txt", "subject": ["抖音", "抖音电商"], "predicate": "blocks_link", "object": ["淘宝", "淘寶"],
     "attrs": {"date": "2020-10-09"}},
    {"doc": "a.txt", "subject": "快手", "predicate": "partners_with", "object": "京东"},
    {"doc": "a.txt", "subject": "快手", "predicate": "partners_with", "object": "京东"},  # repeated: counts once
    {"doc": "b.txt", "subject": "监管部门", "predicate": "penalizes", "object": "三只羊",
     "attrs": {"amount": {"value": 68949100, "unit": "CNY"}}},
]


def test_aliases_symmetry_and_each_gold_line_earned_once():
    pred = [triple("x/a.txt", "抖音电商", "blocks_link", "淘宝", date="2020-10-09"),
            triple("a.txt", "抖音", "blocks_link", "淘寶"),  # a second name for an earned line
            triple("a.txt", "京东", "partners_with", "快手"),  # symmetric: either direction
            triple("a.txt", "抖音", "owns", "抖音小店"),
            triple("c.txt", "抖音", "owns", "抖音小店")]  # a document without gold is not scored
    result = score(GOLD, pred, symmetric={"partners_with"})
    assert result.micro.as_dict() == {"tp": 2, "fp": 2, "fn": 1, "precision": 0.5, "recall": 0.667, "f1": 0.571}
    assert result.false_positives == [("a.txt", "抖音", "blocks_link", "淘寶"), ("a.txt", "抖音", "owns", "抖音小店")]
    assert result.missed == [("b.txt", "监管部门", "penalizes", "三只羊")]
    assert result.attributes["date"] == [1, 1]
    assert result.docs["b.txt"].fn == 1 and result.predicates["owns"].fp == 1


def test_direction_matters_for_other_predicates():
    result = score(GOLD, [triple("a.txt", "淘宝", "blocks_link", "抖音")], symmetric={"partners_with"})
    assert result.micro.tp == 0 and result.micro.fp == 1


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_cli_prints_scores_lists_errors_and_gates(tmp_path):
    gold, out = tmp_path / "gold.jsonl", tmp_path / "out"
    out.mkdir()
    write_jsonl(gold, GOLD)
    write_jsonl(out / "triples.jsonl", [triple("a.txt", "抖音", "blocks_link", "淘宝", date="2020-10"),
                                        triple("a.txt", "抖音", "owns", "抖音小店")])
    runner = CliRunner()
    result = runner.invoke(cli, ["eval", "--gold", str(gold), "--from", str(out), "-v"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("micro") and "F1 0.400" in result.output
    assert "a.txt\t抖音\towns\t抖音小店" in result.output  # a false positive
    assert "b.txt\t监管部门\tpenalizes\t三只羊" in result.output  # a miss
    assert "date       0/1" in result.output
    gated = runner.invoke(cli, ["eval", "--gold", str(gold), "--from", str(out), "--min-f1", "0.5"])
    assert gated.exit_code == 1
    as_json = json.loads(runner.invoke(cli, ["eval", "--gold", str(gold), "--from", str(out), "--json"]).output)
    assert as_json["micro"]["tp"] == 1 and as_json["predicates"]["owns"]["fp"] == 1


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(cli, ["eval", "--gold", str(tmp_path / "none.jsonl"), "--from", str(tmp_path)])
    assert missing.exit_code == 2 and "no such file" in missing.output and "Traceback" not in missing.output
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "a.txt", "subject": "抖音"}\n', encoding="utf-8")
    (tmp_path / "triples.jsonl").write_text("", encoding="utf-8")
    incomplete = runner.invoke(cli, ["eval", "--gold", str(gold), "--from", str(tmp_path)])
    assert incomplete.exit_code == 2 and f"{gold}:1:" in incomplete.output


def test_same_numbers_as_the_shared_scorer(shared, seed_build, tmp_path, extractor):
    from kg.pipeline import build

    build([shared / "dev" / "docs"], tmp_path, extractor=extractor)
    for gold, out in (("seeds.gold.jsonl", seed_build), ("dev.gold.jsonl", tmp_path)):
        cmd = [sys.executable, str(shared / "eval" / "score.py"), "--gold", str(shared / "eval" / gold),
               "--pred", str(out / "triples.jsonl"), "--json"]
        theirs = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
        ours = CliRunner().invoke(cli, ["eval", "--gold", str(shared / "eval" / gold), "--from", str(out), "--json"])
        ours = json.loads(ours.output)
        assert ours["micro"] == theirs["micro"]
        assert ours["predicates"] == theirs["predicates"] and ours["docs"] == theirs["docs"]
