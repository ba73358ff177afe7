"""One article in, its mentions and triples out. ``Extractor`` owns the
spaCy pipeline and the rules, built once and reused for every article."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Iterable

from kg.doc_entities import read_entities
from kg.entity_cues import EntityCue, load_entity_cues
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.ingest import Unreadable, parse_article
from kg.model import Article, Mention, Triple
from kg.nlp import build_nlp, parse
from kg.recogniser import make_recogniser
from kg.relations import best_per_key, drop_defaults, extract_triples
from kg.resolve import Resolver
from kg.rules import RuleSet, load_rules
from kg.sentences import sentence_bounds
from kg.tokens import token_table

DEFAULT_MIN_CONFIDENCE = 0.5
DEFAULT_PIECE_CHARS = 200_000  # spaCy refuses a Doc over nlp.max_length (1,000,000); pieces stay well under


def pieces(text: str, limit: int) -> list[tuple[int, str]]:
    r"""``text`` in pieces of at most ``limit`` characters, each with its
    offset: cut after the last line end that fits, or at ``limit`` when a
    single paragraph is longer.

    Examples
    --------
    >>> pieces("抖音。\n快手。\n淘宝。", 8)
    [(0, '抖音。\n快手。\n'), (8, '淘宝。')]
    >>> pieces("抖音。", 8)
    [(0, '抖音。')]
    """
    found, start = [], 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            line_end = text.rfind("\n", start, end)
            if line_end > start:
                end = line_end + 1
        found.append((start, text[start:end]))
        start = end
    return found


@dataclass(frozen=True)
class ArticleResult:
    """What one article gave: its entity mentions, in text order, and its
    triples, one per (subject, predicate, object)."""

    article_id: str
    mentions: tuple[Mention, ...]
    triples: tuple[Triple, ...]


class Extractor:
    """Mentions and triples from articles, with one pipeline and one rule
    set built for all of them.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        The names matched as entities (default: the shipped gazetteer); the
        pipeline matches exactly these.
    rules : RuleSet, optional
        The relation rules and lexicons (default: the shipped ones).
    min_confidence : float
        Triples less confident than this are dropped.
    entity_cues : tuple of EntityCue, optional
        The cues for names the gazetteer lacks (default: the shipped ones).
    data_dirs : iterable of str
        A user's data folders (``kg build --data``): their gazetteer, lexicons,
        rules and schema are read on top of the shipped ones (``kg.userdata``).
    recogniser : str, optional
        A statistical recogniser of names run where a trigger word found no
        triple (``"lac"``: ``kg.recogniser``; default: none).
    piece_chars : int
        A longer article is read in pieces of at most this many characters,
        cut at line ends (``pieces``); offsets stay those of the whole text.

    Examples
    --------
    >>> from kg.model import Article
    >>> extractor = Extractor()
    >>> article = Article(id="a.txt", path="a.txt", encoding="utf-8", date="2021-03-01",
    ...                   text="抖音切断了淘宝的外链。")
    >>> result = extractor(article)
    >>> [(m.name, m.type) for m in result.mentions]
    [('抖音', 'Platform'), ('淘宝', 'Platform')]
    >>> [(t.subject, t.predicate, t.object) for t in result.triples]
    [('抖音', 'blocks_link', '淘宝')]
    """

    def __init__(self, gazetteer: Gazetteer | None = None, rules: RuleSet | None = None,
                 min_confidence: float = DEFAULT_MIN_CONFIDENCE, entity_cues: tuple[EntityCue, ...] | None = None,
                 data_dirs: Iterable[str] = (), recogniser: str | None = None,
                 piece_chars: int = DEFAULT_PIECE_CHARS):
        # data_dirs: the user's data folders (kg.userdata), read on top of the shipped data
        self.data_dirs = tuple(str(d) for d in data_dirs)
        self.gazetteer = gazetteer or load_gazetteer(data_dirs=self.data_dirs)
        self.rules = rules or load_rules(data_dirs=self.data_dirs)
        self.entity_cues = entity_cues if entity_cues is not None else load_entity_cues()
        self.nlp = build_nlp(self.gazetteer, self.rules.lexicons, self.entity_cues)
        self.nlp.max_length = max(self.nlp.max_length, piece_chars)
        self.piece_chars = piece_chars
        self.resolver = Resolver(self.gazetteer)
        self.min_confidence = min_confidence
        self.default_subjects = {r.default_subject[0] for r in self.rules.rules if r.default_subject}
        self.default_objects = {r.default_object[0] for r in self.rules.rules if r.default_object}
        self.recogniser = make_recogniser(recogniser, self.entity_cues, self.rules)

    def __call__(self, article: Article) -> ArticleResult:
        """The mentions and triples of ``article``.

        Parameters
        ----------
        article : Article
            An ingested article; relative dates in it are read against ``article.date``.

        Returns
        -------
        ArticleResult
        """
        mentions: list[Mention] = []
        triples: list[Triple] = []
        for offset, text in pieces(article.text, self.piece_chars):
            doc = parse(self.nlp, text, article.date)
            found = self.mentions(doc, text)
            found_triples = list(extract_triples(doc, article, self.rules, self.resolver, found))
            if self.recogniser is not None:
                found, found_triples = self.recognise(doc, article, text, found, found_triples)
            for t in found_triples:
                if t.confidence >= self.min_confidence:
                    triples.append(replace(t, evidence=replace(t.evidence, start=t.evidence.start + offset,
                                                               end=t.evidence.end + offset)) if offset else t)
            mentions += [replace(m, start=m.start + offset, end=m.end + offset) for m in found] if offset else found
        triples = drop_defaults(triples, self.default_subjects, self.default_objects)
        return ArticleResult(article.id, tuple(mentions), tuple(best_per_key(triples, self.rules.schema.symmetric)))

    def recognise(self, doc, article: Article, text: str, mentions: list[Mention],
                  triples: list[Triple]) -> tuple[list, list]:
        """Mentions and triples again, with the names the recogniser finds
        in the sentences of ``text`` (``doc``'s text: the article or a piece
        of it) where a trigger word stands and no triple was found
        (``kg.recogniser``); a name it found is kept where it is an argument."""
        with_triple = {t.evidence.start for t in triples}
        trigger_starts = [start for start, _, _ in self.rules.triggers(text)]
        silent = [(start, end) for _, _, start, end in sentence_bounds(doc) if start not in with_triple
                  and bisect_left(trigger_starts, start) < bisect_left(trigger_starts, end)]
        found = self.recogniser.mentions(text, token_table(doc), silent, mentions, self.resolver)
        if not found:
            return mentions, triples
        more = sorted(mentions + found, key=lambda m: m.start)
        triples = list(extract_triples(doc, article, self.rules, self.resolver, more))
        used = {name for t in triples for name in (t.subject, t.object)}
        known = set(mentions)
        return [m for m in more if m in known or m.name in used], triples

    def mentions(self, doc, text: str) -> list[Mention]:
        """The document's entities as mentions, in order (offsets from the
        token table: no Token objects).

        Parameters
        ----------
        doc : spacy.tokens.Doc
            ``text`` parsed by this extractor's pipeline.
        text : str

        Returns
        -------
        list of Mention
        """
        starts = token_table(doc).starts
        found = []
        for ent in read_entities(doc):  # from token arrays: Doc.ents makes a Span per entity
            start = starts[ent.start]
            end = starts[ent.end] if ent.end < len(starts) else len(text)  # tokens have no spaces between
            found.append(self.resolver.mention(text[start:end], ent.label, ent.entity_id, start, end))
        return found


def ingest_and_extract(extractor: Extractor, path: str, data: bytes, article_id: str | None = None) -> tuple:
    """What a runner's worker does with a file: ingest its bytes, extract.

    Parameters
    ----------
    extractor : Extractor
    path : str
        The file's path.
    data : bytes
        The file's bytes.
    article_id : str, optional
        The article's id (``kg.ingest.article_ids``); default the file's name.

    Returns
    -------
    tuple
        ``(article, result, None)``, or ``(None, None, why)`` when the bytes
        hold no readable article or reading or extracting it failed: one
        article's fault is reported with it and never ends the run.
    """
    try:
        article = parse_article(path, data, article_id)
    except Unreadable as e:
        return None, None, str(e)
    except Exception as e:  # noqa: BLE001 - one article's fault never ends the run
        return None, None, f"cannot be read: {type(e).__name__}: {e}"
    try:
        return article, extractor(article), None
    except Exception as e:  # noqa: BLE001
        return None, None, f"extraction failed: {type(e).__name__}: {e}"
