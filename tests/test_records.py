"""Records: one dict form per record (kg.records), shared by the output
files, the extraction cache and the graph loader."""
from __future__ import annotations

import doctest
import json
import sqlite3

import kg.datafiles
import kg.records
from kg.cache import FORMAT, ExtractionCache, dump_entry, load_entry
from kg.model import Article
from kg.records import triple_record


def test_doctests():
    for module in (kg.records, kg.datafiles):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_an_article_and_its_extraction_come_back_from_the_cache_as_they_went_in(extractor):
    article = Article(id="a.txt", path="/old/a.txt", text="自10月9日起,抖音将不再支持淘宝的商品链接进入直播间购物车。",
                      encoding="utf-8", title="外链", date="2020-08-26")
    result = extractor(article)
    assert result.triples and result.mentions
    back, again = load_entry("/new/a.txt", dump_entry(article, result))
    assert back.path == "/new/a.txt" and back == Article(**{**article.__dict__, "path": "/new/a.txt"})
    assert again.triples == result.triples and again.mentions == result.mentions


def test_the_cache_stores_triples_as_triples_jsonl_does(extractor):
    article = Article(id="a.txt", path="", text="抖音切断了淘宝的外链。", encoding="utf-8")
    result = extractor(article)
    stored = json.loads(dump_entry(article, result))
    assert stored["triples"] == [json.loads(json.dumps(triple_record(t), ensure_ascii=False))
                                 for t in result.triples]


def test_a_cache_of_an_older_format_is_started_over(tmp_path):
    path = tmp_path / "cache.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("CREATE TABLE results (key TEXT PRIMARY KEY, payload TEXT NOT NULL)")
    db.execute("INSERT INTO meta VALUES ('format', 'kg-extraction-cache-2'), ('fingerprint', 'same')")
    db.execute("INSERT INTO results VALUES ('k', '{\"article\": [\"a.txt\"]}')")
    db.commit()
    db.close()
    cache = ExtractionCache(path, print_fingerprint="same")
    assert cache.problem is None and cache.get("k", "a.txt") is None
    assert dict(cache.db.execute("SELECT key, value FROM meta"))["format"] == FORMAT != "kg-extraction-cache-2"
    cache.close()
