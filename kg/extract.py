"""One article in, its mentions and triples out. ``Extractor`` owns the
spaCy pipeline and the rules, built once and reused for every article."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from kg.doc_entities import read_entities
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.model import Article, Mention, Triple
from kg.nlp import build_nlp, parse
from kg.relations import best_per_key, drop_defaults, extract_triples
from kg.nlp import token_table
from kg.resolve import Resolver
from kg.rules import RuleSet, load_rules

DEFAULT_MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class ArticleResult:
    article_id: str
    mentions: tuple[Mention, ...]
    triples: tuple[Triple, ...]


class Extractor:
    def __init__(self, gazetteer: Gazetteer | None = None, rules: RuleSet | None = None,
                 min_confidence: float = DEFAULT_MIN_CONFIDENCE, data_dirs: Iterable[str] = ()):
        # data_dirs: the user's data folders (kg.userdata), read on top of the shipped data
        self.data_dirs = tuple(str(d) for d in data_dirs)
        self.gazetteer = gazetteer or load_gazetteer(data_dirs=self.data_dirs)
        self.rules = rules or load_rules(data_dirs=self.data_dirs)
        self.nlp = build_nlp(self.gazetteer)
        self.resolver = Resolver(self.gazetteer)
        self.min_confidence = min_confidence
        self.default_subjects = {r.default_subject[0] for r in self.rules.rules if r.default_subject}
        self.default_objects = {r.default_object[0] for r in self.rules.rules if r.default_object}

    def __call__(self, article: Article) -> ArticleResult:
        doc = parse(self.nlp, article.text, article.date)
        mentions = self.mentions(doc, article.text)
        triples = [t for t in extract_triples(doc, article, self.rules, self.resolver, mentions)
                   if t.confidence >= self.min_confidence]
        triples = drop_defaults(triples, self.default_subjects, self.default_objects)
        return ArticleResult(article.id, tuple(mentions), tuple(best_per_key(triples, self.rules.schema.symmetric)))

    def mentions(self, doc, text: str) -> list[Mention]:
        """The document's entities as mentions, in order (offsets from the
        token table: no Token objects)."""
        starts = token_table(doc).starts
        found = []
        for ent in read_entities(doc):  # from token arrays: Doc.ents makes a Span per entity
            start = starts[ent.start]
            end = starts[ent.end] if ent.end < len(starts) else len(text)  # tokens have no spaces between
            found.append(self.resolver.mention(text[start:end], ent.label, ent.entity_id, start, end))
        return found
