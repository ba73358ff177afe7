"""Mining a corpus for the words that stand between two known names.

``kg mine`` reads articles through the normal pipeline (ingest, normalize,
the spaCy pipeline with the gazetteer and the entity cues) and, for every
sentence in which two names the gazetteer knows stand in one clause side by
side, counts what stands between them: the text between (numbers made
``N``) and each verb token between. Counts are kept by the pair's types
(``Company→Platform``), with how often kg already extracts a relation for
that pair in that sentence, and which lexicons of the rule set already hold
the words. The rows are written as a TSV, most frequent first, each with an
example sentence, so that a user can see which trigger words their corpus
uses that kg does not yet read, and add them with ``--data``.

The output depends only on the articles and the data: files are read in
sorted order, and ties are broken by the row's key."""
from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import ahocorasick

from kg.extract import Extractor
from kg.ingest import Unreadable, discover, read_article
from kg.model import Article, Mention
from kg.nlp import parse
from kg.relations import best_per_key, drop_defaults, extract_triples
from kg.sentences import clause_break_pattern, sentence_bounds
from kg.tokens import token_table

MAX_BETWEEN = 16  # characters: a longer stretch between two names is no construction
EXAMPLE_CHARS = 160
NUMBER = re.compile(r"[0-9０-９][0-9０-９.,，]*")
COLUMNS = ("count", "pair", "kind", "words", "extracted", "predicates", "lexicons", "doc", "example")


@dataclass(frozen=True)
class Observation:
    """One stretch between two known names in one sentence.

    ``kind`` is ``"between"`` (the whole text between, numbers as ``N``) or
    ``"verb"`` (one verb token between); ``predicates`` are those kg extracts
    for the pair in the sentence (empty: none)."""

    pair: str
    kind: str
    words: str
    predicates: tuple[str, ...]
    doc: str
    sentence: str


@dataclass
class Tally:
    """The observations of one (pair, kind, words): how many, how many with
    a relation kg extracts, which predicates, and the first example."""

    count: int = 0
    extracted: int = 0
    predicates: Counter = field(default_factory=Counter)
    doc: str = ""
    example: str = ""

    def add(self, seen: Observation) -> None:
        if not self.count:
            self.doc, self.example = seen.doc, seen.sentence
        self.count += 1
        if seen.predicates:
            self.extracted += 1
            self.predicates.update(seen.predicates)


def lexicon_index(lexicons: dict[str, tuple[str, ...]], names: Iterable[str] | None = None) -> ahocorasick.Automaton:
    """An automaton over the words of ``lexicons`` (of ``names`` only, when
    given): each word maps to the sorted names of the lexicons holding it.

    Parameters
    ----------
    lexicons : dict
        Lexicon name -> words, as ``RuleSet.lexicons``.
    names : iterable of str, optional
        The lexicons to index (default: all).

    Returns
    -------
    ahocorasick.Automaton
    """
    holders: dict[str, set[str]] = {}
    for name, words in lexicons.items():
        if names is not None and name not in names:
            continue
        for word in words:
            if word.strip():
                holders.setdefault(word, set()).add(name)
    automaton = ahocorasick.Automaton()
    for word in sorted(holders):
        automaton.add_word(word, tuple(sorted(holders[word])))
    if holders:
        automaton.make_automaton()
    return automaton


def trigger_lexicons(rules) -> list[str]:
    """The names of the lexicons that hold a trigger word of the rules.

    Parameters
    ----------
    rules : RuleSet

    Returns
    -------
    list of str
        Sorted.
    """
    triggers = set(rules.rules_by_trigger)
    return sorted(name for name, words in rules.lexicons.items() if triggers.intersection(words))


def lexicons_in(words: str, index: ahocorasick.Automaton) -> tuple[str, ...]:
    """The lexicons of ``index`` one of whose words stands in ``words``.

    Parameters
    ----------
    words : str
    index : ahocorasick.Automaton
        From ``lexicon_index``.

    Returns
    -------
    tuple of str
        Sorted lexicon names; empty when none.
    """
    if not len(index) or index.kind != ahocorasick.AHOCORASICK:
        return ()
    return tuple(sorted({name for _, names in index.iter(words) for name in names}))


class Miner:
    """Counts the words between known names over articles, with one
    extractor for all of them.

    Parameters
    ----------
    extractor : Extractor, optional
        The pipeline and rules (default: kg's own, with ``data_dirs`` on top).
    data_dirs : iterable of str
        A user's data folders, as ``kg build --data``.
    cues : bool
        Count names found by the entity cues as well, not only the gazetteer's.
    max_between : int
        A stretch longer than this many characters gives its verbs only.

    Examples
    --------
    >>> from kg.model import Article
    >>> miner = Miner()
    >>> seen = miner.observe(Article(id="a.txt", path="a.txt", encoding="utf-8", text="腾讯领投了京东的新一轮融资。"))
    >>> [(o.pair, o.kind, o.words) for o in seen]
    [('Company→Platform', 'between', '领投了'), ('Company→Platform', 'verb', '领投')]
    """

    def __init__(self, extractor: Extractor | None = None, data_dirs: Iterable[str] = (), cues: bool = False,
                 max_between: int = MAX_BETWEEN):
        self.extractor = extractor or Extractor(data_dirs=data_dirs)
        self.cues = cues
        self.max_between = max_between
        rules = self.extractor.rules
        self.breaks = clause_break_pattern(rules.words("clause_breaks"))
        self.trigger_index = lexicon_index(rules.lexicons, trigger_lexicons(rules))
        self.tallies: dict[tuple[str, str, str], Tally] = {}
        self.articles = 0
        self.skipped: list[tuple[str, str]] = []
        self.seen: set[int] = set()  # sentences counted: a sentence reposted in another article counts once

    def known(self, mention: Mention) -> bool:
        return self.cues or mention.source == "gazetteer"

    def observe(self, article: Article) -> list[Observation]:
        """The stretches between known names side by side in one clause of
        ``article``, in text order (for each: the text, then its verbs).

        Parameters
        ----------
        article : Article

        Returns
        -------
        list of Observation
        """
        ex = self.extractor
        doc = parse(ex.nlp, article.text, article.date)
        mentions = ex.mentions(doc, article.text)
        triples = [t for t in extract_triples(doc, article, ex.rules, ex.resolver, mentions)
                   if t.confidence >= ex.min_confidence]
        triples = best_per_key(drop_defaults(triples, ex.default_subjects, ex.default_objects), ex.rules.schema.symmetric)
        relations: dict[tuple[int, frozenset], set[str]] = {}
        for t in triples:
            relations.setdefault((t.evidence.start, frozenset((t.subject, t.object))), set()).add(t.predicate)
        table = token_table(doc)
        text = article.text
        known = [m for m in mentions if self.known(m)]
        starts = [m.start for m in known]
        found = []
        for _, _, start, end in sentence_bounds(doc):
            inside = known[bisect_left(starts, start):bisect_left(starts, end)]
            sentence = text[start:end].strip()
            for a, b in zip(inside, inside[1:]):
                if a.name == b.name or b.start < a.end or b.end > end:
                    continue
                between = text[a.end:b.start]
                if self.breaks.search(between) or "\n" in between:
                    continue  # not one clause
                pair = f"{a.type}→{b.type}"
                predicates = tuple(sorted(relations.get((start, frozenset((a.name, b.name))), ())))
                words = NUMBER.sub("N", between.strip())
                if 0 < len(words) <= self.max_between:
                    found.append(Observation(pair, "between", words, predicates, article.id, sentence))
                first = bisect_left(table.starts, a.end)
                for i in range(first, len(table.starts)):
                    if table.starts[i] >= b.start:
                        break
                    if table.tags[i].startswith("v") and table.end(i) <= b.start:
                        found.append(Observation(pair, "verb", table.words[i], predicates, article.id, sentence))
        return found

    def add(self, article: Article) -> None:
        """Count the stretches of ``article``; a sentence counted before
        (in this article or an earlier one) is not counted again."""
        self.articles += 1
        counted = set()
        for seen in self.observe(article):
            key = hash(seen.sentence)
            if key in self.seen:
                continue
            counted.add(key)
            self.tallies.setdefault((seen.pair, seen.kind, seen.words), Tally()).add(seen)
        self.seen |= counted

    def rows(self, min_count: int = 1) -> list[dict]:
        """The counts as rows (``COLUMNS``), most frequent first, then by
        pair, kind and words.

        Parameters
        ----------
        min_count : int
            Rows seen fewer times are left out.

        Returns
        -------
        list of dict
        """
        rows = []
        for (pair, kind, words), tally in self.tallies.items():
            if tally.count < min_count:
                continue
            predicates = ",".join(f"{p}:{n}" for p, n in sorted(tally.predicates.items(), key=lambda x: (-x[1], x[0])))
            example = " ".join(tally.example.split())
            rows.append({"count": tally.count, "pair": pair, "kind": kind, "words": words,
                         "extracted": tally.extracted, "predicates": predicates,
                         "lexicons": ",".join(lexicons_in(words, self.trigger_index)),
                         "doc": tally.doc, "example": example[:EXAMPLE_CHARS]})
        rows.sort(key=lambda r: (-r["count"], r["pair"], r["kind"], r["words"]))
        return rows


def mine(paths: Iterable[str | Path], miner: Miner | None = None,
         progress: Callable[[int], None] | None = None) -> Miner:
    """Count the stretches between known names in every article under
    ``paths``, read in sorted order; unreadable files are listed in
    ``miner.skipped``.

    Parameters
    ----------
    paths : iterable of str or Path
        Files or folders of articles (as ``kg build``).
    miner : Miner, optional
        The miner to count with (default: a new one with kg's own data).
    progress : callable, optional
        Called with 1 after each file.

    Returns
    -------
    Miner
        With its tallies.
    """
    miner = miner or Miner()
    for path in sorted(discover(paths), key=str):
        try:
            miner.add(read_article(path))
        except Unreadable as e:
            miner.skipped.append((str(path), str(e)))
        if progress:
            progress(1)
    return miner


def write_rows(rows: list[dict], path: str | Path) -> None:
    """The rows as a TSV with a header line (``COLUMNS``).

    Parameters
    ----------
    rows : list of dict
        From ``Miner.rows``.
    path : str or Path
    """
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n",
                                quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(rows)


def iter_rows(path: str | Path) -> Iterator[dict]:
    """The rows of a TSV written by ``write_rows``, counts as ints.

    Parameters
    ----------
    path : str or Path

    Yields
    ------
    dict
    """
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            row["count"], row["extracted"] = int(row["count"]), int(row["extracted"])
            yield row
