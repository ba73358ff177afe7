from __future__ import annotations

import json

import pytest

from kg.datafiles import DataFileError, data_path
from kg.model import PREDICATES
from kg.rules import load_rules


def test_rules_cover_every_predicate():
    rules = load_rules()
    assert {r.predicate for r in rules.rules} | {p for r in rules.rules for p in r.also} == set(PREDICATES)


def test_triggers_overlap_are_all_found():
    rules = load_rules()
    words = {w for _, _, w in rules.triggers("阿里巴巴旗下的淘宝")}
    assert {"旗下", "旗下的"} <= words


def write(tmp_path, rules: list[dict]):
    path = tmp_path / "relations.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rules) + "\n", encoding="utf-8")
    return str(path)


GOOD = {"id": "x", "predicate": "owns", "frame": "A_T_B", "triggers": ["旗下"],
        "subject_types": ["Company"], "object_types": ["Platform"]}


@pytest.mark.parametrize("bad, reason", [
    ({**GOOD, "predicate": "likes"}, "unknown predicate"),
    ({**GOOD, "frame": "S_V_O"}, "'frame' must be one of"),
    ({**GOOD, "triggers": "@nope"}, "unknown lexicon '@nope'"),
    ({**GOOD, "subject_types": ["Planet"]}, "'subject_types'"),
    ({**GOOD, "frame": "A_P_B_T"}, "needs 'preps'"),
    ({**GOOD, "colour": "red"}, "unknown keys"),
    ({**GOOD, "confidence": 2}, "'confidence'"),
    ({**GOOD, "max_left": -1}, "'max_left' must be a non-negative integer"),
    ({**GOOD, "default_subject": ["市场监管总局"]}, "'default_subject' must be [name, type]"),
    ({**GOOD, "subject_scope": "page"}, "'subject_scope' must be one of clause, sentence, focus"),
    ({**GOOD, "action": "hug"}, "'action' must be one of"),
    ({**GOOD, "triggers": "旗下"}, "'triggers' must be a list of words or '@lexicon'"),
    ({k: v for k, v in GOOD.items() if k != "triggers"}, "missing key 'triggers'"),
    ({**GOOD, "swap": "yes"}, "'swap' must be boolean"),
])
def test_bad_rule_is_rejected_with_file_and_line(tmp_path, bad, reason):
    path = write(tmp_path, [GOOD, {**bad, "id": "y"}])
    with pytest.raises(DataFileError) as info:
        load_rules(path, str(data_path("lexicons.jsonl")))
    assert f"{path}:2" in str(info.value) and reason in str(info.value)


def test_duplicate_rule_id(tmp_path):
    path = write(tmp_path, [GOOD, GOOD])
    with pytest.raises(DataFileError, match=r":2: duplicate rule id"):
        load_rules(path, str(data_path("lexicons.jsonl")))


def test_lexicons_the_engine_needs_must_exist(tmp_path):
    lexicons = tmp_path / "lexicons.jsonl"
    lexicons.write_text('{"name": "passive", "words": ["被"]}\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="missing lexicons the engine needs"):
        load_rules(write(tmp_path, [GOOD]), str(lexicons))
