"""The extraction cache: per-article results in SQLite under the output
folder, keyed by a hash of the article file (its name and bytes), holding
the article as ingested and what was extracted from it: a hit needs neither
ingestion nor extraction. The whole cache is bound to a fingerprint of kg
(its version, every module and every data file): change a rule, the
gazetteer or the normalization and every article is read again.

A file that is not a kg cache, or is corrupt, is never trusted: it is moved
aside (``.bad`` suffix, never deleted: it may be someone's file) and a new
cache is made; the caller reports it."""
from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Iterable

from kg import __version__
from kg.datafiles import DATA_DIR
from kg.model import Article
from kg.records import (article_from_record, article_record, mention_from_record, mention_record,
                        triple_from_record, triple_record)
from kg.userdata import digest_into

FORMAT = "kg-extraction-cache-3"
FORMAT_FAMILY = "kg-extraction-cache-"  # an older format of ours is started over, not moved aside
CACHE_NAME = ".kg-cache.sqlite"


def fingerprint(data_dirs: Iterable[str] = (), recogniser: str | None = None) -> str:
    """kg's version, the bytes of every data file and every module, the
    files of the user's data folders (``kg.userdata``), in order, and the
    recogniser of names, if any (``kg.recogniser``)."""
    digest = hashlib.sha256(__version__.encode())
    if recogniser is not None:
        digest.update(b"recogniser\0" + recogniser.encode() + b"\0")
    package = Path(__file__).parent
    for path in sorted([*DATA_DIR.iterdir(), *package.glob("*.py")]):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest_into(digest, data_dirs)
    return digest.hexdigest()


def source_key(name: str, data: bytes) -> str:
    """The key of an article file: its name (the article's id) and bytes."""
    return hashlib.sha256(name.encode("utf-8") + b"\0" + data).hexdigest()


def dump_entry(article: Article, result) -> str:
    """An article and what was extracted from it, as the cache stores them."""
    return json.dumps({"article": article_record(article), "mentions": [mention_record(m) for m in result.mentions],
                       "triples": [triple_record(t) for t in result.triples]}, ensure_ascii=False)


def load_entry(path: str, payload: str):
    """(article, result) of a stored entry, the article found at ``path``."""
    from kg.extract import ArticleResult

    data = json.loads(payload)
    article = article_from_record(data["article"], path)
    return article, ArticleResult(article.id, tuple(mention_from_record(m) for m in data["mentions"]),
                                  tuple(triple_from_record(t) for t in data["triples"]))


class CacheBusy(Exception):
    """Another build holds the cache (and so the output folder)."""


LOCK_WAIT = 30.0  # seconds a build waits for another one that holds the cache


class ExtractionCache:
    """Per-article results of earlier builds. A build holds the cache's write
    lock from start to end: a second build into the same folder waits up to
    ``wait`` seconds, then raises CacheBusy."""

    def __init__(self, path: str | Path, print_fingerprint: str | None = None, wait: float | None = None):
        self.path = Path(path)
        self.fingerprint = print_fingerprint or fingerprint()
        self.wait = LOCK_WAIT if wait is None else wait
        self.problem: str | None = None  # why an existing file was not used
        self.hits = self.misses = 0
        try:
            self.db = self._open()
        except sqlite3.DatabaseError as e:
            if isinstance(e, sqlite3.OperationalError) and ("locked" in str(e) or "busy" in str(e)):
                raise CacheBusy(f"another build is using {self.path} (waited {self.wait:g} s); "
                                f"wait for it to finish or build with --no-cache") from e
            self.problem = f"{self.path} is not a usable kg cache ({e}); moved aside and rebuilt"
            self.path.replace(self.path.with_name(self.path.name + ".bad"))
            self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=self.wait)
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        meta = dict(db.execute("SELECT key, value FROM meta"))
        if meta and not str(meta.get("format", "")).startswith(FORMAT_FAMILY):
            db.close()
            raise sqlite3.DatabaseError(f"foreign format {meta.get('format')!r}")
        db.execute("PRAGMA quick_check").fetchall()
        if meta.get("fingerprint") != self.fingerprint or meta.get("format") != FORMAT:  # new, or the extractor changed: start over
            db.execute("DROP TABLE IF EXISTS results")
            db.execute("CREATE TABLE results (key TEXT PRIMARY KEY, payload TEXT NOT NULL)")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?), ('fingerprint', ?)",
                       (FORMAT, self.fingerprint))
            db.commit()
        db.execute("BEGIN IMMEDIATE")  # the write lock, held until close(): one build at a time
        return db

    def get(self, key: str, path: str):
        """(article, result) stored under ``key``, with the article's path
        as given (the same file may have moved), or None."""
        row = self.db.execute("SELECT payload FROM results WHERE key = ?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        try:
            entry = load_entry(path, row[0])
        except (ValueError, TypeError, KeyError):
            self.misses += 1
            return None  # a damaged entry is extracted again and overwritten
        self.hits += 1
        return entry

    def put(self, key: str, article: Article, result) -> None:
        self.db.execute("INSERT OR REPLACE INTO results VALUES (?, ?)", (key, dump_entry(article, result)))

    def close(self, keep: bool = True) -> None:
        """Keep (commit) this run's results, or drop them: a failed build
        leaves the cache as it found it."""
        if keep:
            self.db.commit()
        else:
            self.db.rollback()
        self.db.close()
