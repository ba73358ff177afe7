"""The extraction cache: per-article results in SQLite under the output
folder, keyed by a hash of the article (id, date, text). The whole cache is
bound to a fingerprint of the extractor (kg's version and every data file):
change a rule or the gazetteer and every article is extracted again.

A file that is not a kg cache, or is corrupt, is never trusted: it is moved
aside (``.bad`` suffix, never deleted: it may be someone's file) and a new
cache is made; the caller reports it."""
from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from kg import __version__
from kg.datafiles import DATA_DIR
from kg.model import Article, Evidence, Mention, Triple

FORMAT = "kg-extraction-cache-1"
CACHE_NAME = ".kg-cache.sqlite"


def fingerprint() -> str:
    """kg's version and the bytes of every data file and every module."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted([*DATA_DIR.iterdir(), *package.glob("*.py")]):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def article_key(article: Article) -> str:
    digest = hashlib.sha256()
    for part in (article.id, article.date or "", article.text):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def dump_result(result) -> str:
    return json.dumps({
        "mentions": [[m.text, m.start, m.end, m.name, m.type, m.source] for m in result.mentions],
        "triples": [[t.subject, t.subject_type, t.predicate, t.object, t.object_type,
                     [t.evidence.doc, t.evidence.sentence, t.evidence.start, t.evidence.end],
                     t.attrs, t.confidence] for t in result.triples],
    }, ensure_ascii=False)


def load_result(article_id: str, payload: str):
    from kg.extract import ArticleResult

    data = json.loads(payload)
    mentions = tuple(Mention(*m) for m in data["mentions"])
    triples = tuple(Triple(subject=s, subject_type=st, predicate=p, object=o, object_type=ot,
                           evidence=Evidence(*ev), attrs=attrs, confidence=c)
                    for s, st, p, o, ot, ev, attrs, c in data["triples"])
    return ArticleResult(article_id, mentions, triples)


class ExtractionCache:
    def __init__(self, path: str | Path, print_fingerprint: str | None = None):
        self.path = Path(path)
        self.fingerprint = print_fingerprint or fingerprint()
        self.problem: str | None = None  # why an existing file was not used
        self.hits = self.misses = 0
        try:
            self.db = self._open()
        except sqlite3.DatabaseError as e:
            self.problem = f"{self.path} is not a usable kg cache ({e}); moved aside and rebuilt"
            self.path.replace(self.path.with_name(self.path.name + ".bad"))
            self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        meta = dict(db.execute("SELECT key, value FROM meta"))
        if meta and meta.get("format") != FORMAT:
            db.close()
            raise sqlite3.DatabaseError(f"foreign format {meta.get('format')!r}")
        db.execute("PRAGMA quick_check").fetchall()
        if meta.get("fingerprint") != self.fingerprint:  # new, or the extractor changed: start over
            db.execute("DROP TABLE IF EXISTS results")
            db.execute("CREATE TABLE results (key TEXT PRIMARY KEY, payload TEXT NOT NULL)")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?), ('fingerprint', ?)",
                       (FORMAT, self.fingerprint))
            db.commit()
        return db

    def get(self, article: Article):
        row = self.db.execute("SELECT payload FROM results WHERE key = ?", (article_key(article),)).fetchone()
        if row is None:
            self.misses += 1
            return None
        try:
            result = load_result(article.id, row[0])
        except (ValueError, TypeError, KeyError):
            self.misses += 1
            return None  # a damaged entry is extracted again and overwritten
        self.hits += 1
        return result

    def put(self, article: Article, result) -> None:
        self.db.execute("INSERT OR REPLACE INTO results VALUES (?, ?)", (article_key(article), dump_result(result)))

    def close(self, keep: bool = True) -> None:
        """Keep (commit) this run's results, or drop them: a failed build
        leaves the cache as it found it."""
        if keep:
            self.db.commit()
        else:
            self.db.rollback()
        self.db.close()
