"""Parallel, distributed and incremental builds give the same bytes as a
plain one (acceptance of the speed issue; speed itself is measured by
``kg bench``, not here)."""
from __future__ import annotations

import shutil

import pytest

from kg.cache import CACHE_NAME
from kg.pipeline import build
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """40 articles: enough for the process pool to start (runner.POOL_MIN)."""
    folder = tmp_path_factory.mktemp("corpus")
    for i in range(8):
        for seed in sorted(SEEDS.iterdir()):
            shutil.copy(seed, folder / f"{i}_{seed.name}")
    return folder


@pytest.fixture(scope="module")
def plain(corpus, tmp_path_factory, extractor):
    out = tmp_path_factory.mktemp("plain")
    build([corpus], out, extractor=extractor)
    return (out / "triples.jsonl").read_bytes()


def test_two_processes_give_the_same_bytes(corpus, plain, tmp_path):
    report = build([corpus], tmp_path, jobs=2)
    assert report.extracted == 40
    assert (tmp_path / "triples.jsonl").read_bytes() == plain


def test_dask_local_cluster_gives_the_same_bytes(corpus, plain, tmp_path):
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is a test dependency")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        report = build([corpus], tmp_path, scheduler=cluster.scheduler_address)
    assert report.extracted == 40
    assert (tmp_path / "triples.jsonl").read_bytes() == plain


def test_adding_one_article_extracts_only_that_one(corpus, tmp_path, extractor):
    folder = tmp_path / "in"
    shutil.copytree(corpus, folder)
    out = tmp_path / "out"
    first = build([folder], out, extractor=extractor, use_cache=True)
    assert first.extracted == 40 and (out / CACHE_NAME).exists()
    shutil.copy(SEEDS / "003_681de31ad7f99937.txt", folder / "new_article.txt")
    second = build([folder], out, extractor=extractor, use_cache=True)
    assert (second.articles, second.extracted) == (41, 1)
    clean = tmp_path / "clean"
    build([folder], clean, extractor=extractor)
    for name in ("triples.jsonl", "entities.jsonl"):
        assert (out / name).read_bytes() == (clean / name).read_bytes()


def test_changed_extractor_fingerprint_extracts_all_again(corpus, tmp_path, extractor, monkeypatch):
    out = tmp_path / "out"
    build([corpus], out, extractor=extractor, use_cache=True)
    monkeypatch.setattr("kg.cache.fingerprint", lambda: "a rule changed")
    assert build([corpus], out, extractor=extractor, use_cache=True).extracted == 40


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 5000])
def test_corrupt_cache_is_reported_and_rebuilt(corpus, plain, tmp_path, extractor, content):
    out = tmp_path / "out"
    out.mkdir()
    (out / CACHE_NAME).write_bytes(content)
    report = build([corpus], out, extractor=extractor, use_cache=True)
    assert report.extracted == 40
    assert any("not a usable kg cache" in note for note in report.notes)
    assert (out / (CACHE_NAME + ".bad")).read_bytes() == content  # moved aside, not deleted
    assert (out / "triples.jsonl").read_bytes() == plain
    assert build([corpus], out, extractor=extractor, use_cache=True).extracted == 0


def test_foreign_sqlite_file_is_not_trusted(corpus, tmp_path, extractor):
    import sqlite3

    out = tmp_path / "out"
    out.mkdir()
    db = sqlite3.connect(out / CACHE_NAME)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    db.execute("INSERT INTO meta VALUES ('format', 'someone-elses-app')")
    db.commit()
    db.close()
    report = build([corpus], out, extractor=extractor, use_cache=True)
    assert report.extracted == 40 and any("foreign format" in n for n in report.notes)


def test_a_run_leaves_the_garbage_collector_as_it_found_it(tmp_path, extractor):
    """The runner hides the extractor from the collector while it runs
    (gc.freeze); a library caller gets the collector back whole afterwards."""
    import gc

    from kg.runner import Runner

    before = gc.get_freeze_count()
    seen = []
    with Runner(jobs=1, extractor=extractor) as run:
        for outcome in run(sorted(SEEDS.iterdir())):
            seen.append(gc.get_freeze_count())
            assert outcome.result is not None
    assert seen and min(seen) > before  # frozen while extracting
    assert gc.get_freeze_count() == before


def test_a_run_leaves_a_hosts_frozen_objects_frozen(extractor):
    """A host application that froze its own objects (gc.freeze) finds
    them frozen after a run, and the collector as it was."""
    import gc

    from kg.runner import Runner

    host = [[n] for n in range(1000)]  # objects the collector tracks
    gc.freeze()
    try:
        state = (gc.isenabled(), gc.get_threshold())
        with Runner(jobs=1, extractor=extractor) as run:
            assert all(outcome.result is not None for outcome in run(sorted(SEEDS.iterdir())))
        assert (gc.isenabled(), gc.get_threshold()) == state
        tracked = {id(o) for o in gc.get_objects()}  # frozen objects are in no generation
        assert not any(id(o) in tracked for o in host)
    finally:
        gc.unfreeze()
