"""kg build end to end: the files of SCHEMA.md, deterministic."""
from __future__ import annotations

import json

from kg.model import ACTIONS, ENTITY_TYPES, PREDICATES, STATUSES
from kg.pipeline import build
from tests.conftest import SEEDS


def rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_triples_follow_the_schema(seed_build):
    articles = {a["id"]: a["text"] for a in rows(seed_build / "articles.jsonl")}
    triples = rows(seed_build / "triples.jsonl")
    assert len(triples) >= 50
    for t in triples:
        assert list(t) == ["subject", "subject_type", "predicate", "object", "object_type", "attrs", "evidence",
                           "confidence"]
        assert t["predicate"] in PREDICATES
        assert t["subject_type"] in ENTITY_TYPES and t["object_type"] in ENTITY_TYPES
        assert set(t["attrs"]) <= {"date", "amount", "rate", "scope", "action", "status", "what"}
        assert t["attrs"].get("action", "fine") in ACTIONS
        assert t["attrs"].get("status", "effective") in STATUSES
        if "amount" in t["attrs"]:
            assert set(t["attrs"]["amount"]) == {"value", "unit"}
        ev = t["evidence"]
        assert articles[ev["doc"]][ev["start"]:ev["end"]] == ev["sentence"]
        assert 0 < t["confidence"] <= 1


def test_entities_list_every_node_once_with_its_surface_forms(seed_build):
    entities = rows(seed_build / "entities.jsonl")
    names = [e["name"] for e in entities]
    assert len(names) == len(set(names))
    assert all(e["type"] in ENTITY_TYPES for e in entities)
    triples = rows(seed_build / "triples.jsonl")
    assert {t["subject"] for t in triples} | {t["object"] for t in triples} == set(names)
    types = {e["name"]: e["type"] for e in entities}
    assert all(types[t["subject"]] == t["subject_type"] and types[t["object"]] == t["object_type"] for t in triples)
    douyin = next(e for e in entities if e["name"] == "抖音")
    assert {"抖音电商", "抖音直播"} & set(douyin["aliases"])
    taobao = next(e for e in entities if e["name"] == "淘宝")
    assert "淘寶" not in names and taobao["type"] == "Platform"


def test_rebuild_is_byte_identical(seed_build, tmp_path, extractor):
    build([SEEDS], tmp_path, extractor=extractor)
    for name in ("triples.jsonl", "entities.jsonl", "articles.jsonl"):
        assert (tmp_path / name).read_bytes() == (seed_build / name).read_bytes(), name


def test_files_of_one_name_in_two_folders_are_two_articles(tmp_path, extractor):
    import json
    import shutil

    from kg.pipeline import build
    from tests.conftest import SEEDS

    seed = sorted(SEEDS.iterdir())[0]
    for folder in ("2023", "2024"):
        (tmp_path / "in" / folder).mkdir(parents=True)
    shutil.copy(seed, tmp_path / "in" / "2023" / "news.txt")
    shutil.copy(sorted(SEEDS.iterdir())[1], tmp_path / "in" / "2024" / "news.txt")
    build([tmp_path / "in"], tmp_path / "out", extractor=extractor)
    ids = [json.loads(line)["id"] for line in (tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ids == ["2023/news.txt", "2024/news.txt"]
    docs = {json.loads(line)["evidence"]["doc"] for line in (tmp_path / "out" / "triples.jsonl").read_text(encoding="utf-8").splitlines()}
    assert docs == {"2023/news.txt", "2024/news.txt"}
    # two roots holding the same relative path stay apart too
    build([tmp_path / "in" / "2023", tmp_path / "in" / "2024"], tmp_path / "out2", extractor=extractor)
    ids = [json.loads(line)["id"] for line in (tmp_path / "out2" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ids == ["2023/news.txt", "2024/news.txt"]
