"""The sentence as the rules see it (``Sentence``: its names, quantities,
trigger words, clauses), and reading a parsed document into such sentences:
names (with descriptors and credits dropped), quantities, trigger words, the
words that govern names, the comment section. Only sentences with a trigger
word are read in full. The words read here are the rule set's lexicons."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Iterator

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc

from kg.model import Mention
from kg.quantities import Quantity
from kg.tokens import doc_text, token_table
from kg.wordmatch import compiled, first_end

if TYPE_CHECKING:
    from kg.resolve import Resolver
    from kg.rules import RuleSet


@lru_cache(maxsize=None)
def clause_break_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern for any of the clause breaks ``words`` (the longest first)."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@dataclass(frozen=True)
class Arg:
    """An entity mention in a sentence (offsets local to the sentence)."""

    name: str
    type: str
    start: int
    end: int
    how: str = "text"  # "text", "focus" (carried topic) or "default" (agentless)
    cue: bool = False  # found by a cue, not the gazetteer
    parent: tuple[str, str] | None = None  # (name, type) of the platform or firm its name starts with


@dataclass
class Sentence:
    """A sentence as the rules see it: its text (with document offset), its
    names, quantities and trigger words, offsets local to it."""

    text: str
    start: int  # offset in the document
    args: list[Arg]
    quantities: list[Quantity]  # offsets local to the sentence
    in_comments: bool = False
    governed: frozenset = frozenset()  # starts of names right after a verb or preposition
    prep_before_first: bool = False  # a preposition or conjunction precedes the first name in its clause
    tokens: tuple = ()  # (token table, first token, end token) of the sentence
    article_date: str | None = None
    has_trigger: bool = True  # False: only the topic was read, there is nothing to extract
    triggers: tuple = ()  # (start, end, word) of the trigger words
    breaks: list[int] = field(default_factory=list)  # where its clause breaks stand (given with a trigger only)

    # Made when first read: a sentence without a trigger word is only read for its topic.
    @cached_property
    def masked(self) -> str:
        return masked(self)  # once: the frames and the status cues both read it

    def first_end(self, words: tuple[str, ...]) -> int:
        """Where the first of ``words`` to end in the sentence ends (past the
        end if none is there): ``has_any(text[:end], words)`` is
        ``first_end(words) <= end``, found once for every trigger."""
        ends = self.__dict__.setdefault("_first_ends", {})
        key = id(compiled(words))  # a compiled list lives as long as the process: its id is its own
        if key not in ends:
            end = first_end(self.text, words)
            ends[key] = len(self.text) + 1 if end is None else end
        return ends[key]

    @cached_property
    def token_before(self) -> dict:
        """End offset -> (start offset, tag) of the token ending there; made
        only for the few sentences whose frames ask."""
        table, first, last = self.tokens
        offset = self.start
        return {table.end(i) - offset: (table.starts[i] - offset, table.tags[i]) for i in range(first, last)}

    @cached_property
    def token_after(self) -> dict:
        """Start offset -> (end offset, tag) of the token starting there; made
        only for the few sentences whose frames ask."""
        table, first, last = self.tokens
        offset = self.start
        return {table.starts[i] - offset: (table.end(i) - offset, table.tags[i]) for i in range(first, last)}

    def clause(self, pos: int) -> tuple[int, int]:
        """The clause around ``pos``: between the clause breaks (，：（）) around it."""
        i = bisect_left(self.breaks, pos)
        start = self.breaks[i - 1] + 1 if i > 0 else 0
        end = self.breaks[i] if i < len(self.breaks) else len(self.text)
        return start, end


def masked(sentence: "Sentence") -> str:
    """The sentence with its entity names blanked out, for cue words that
    must not be read inside a name (平台 in 第三方平台)."""
    text = sentence.text
    for arg in sentence.args:
        text = text[:arg.start] + "□" * (arg.end - arg.start) + text[arg.end:]
    return text


def drop_descriptors(mentions: list, text: str, end: int, rules: RuleSet) -> list:
    """A Group right before a name is its descriptor, not a party of its own:
    主播“小鹿姐”, 电商平台“乐享优选”, MCN机构谦寻; a name followed by a
    source credit (新浪科技讯) is no party either.

    Parameters
    ----------
    mentions : list of Mention
        A sentence's, in the document's offsets.
    text : str
        The document.
    end : int
        The sentence's end.
    rules : RuleSet
        Its lexicons ``quote_marks`` and ``source_credit`` are read.

    Returns
    -------
    list of Mention
    """
    quotes = "".join(rules.words("quote_marks")) + " "
    credits = rules.words("source_credit")
    kept = []
    for m, nxt in zip(mentions, mentions[1:] + [None]):
        if (m.type == "Group" and nxt is not None and nxt.type != "Group"
                and text[m.end:nxt.start].strip(quotes) == ""):
            continue
        if text.startswith(credits, m.end, end):
            continue  # 新浪科技讯: the source of the article, not a party
        kept.append(m)
    return kept


class DocTokens:
    """What the sentences read of a document's tokens, found once per
    document: the token table and where the prepositions and conjunctions
    stand (so that a sentence looks them up instead of scanning its tokens)."""

    def __init__(self, doc: Doc):
        self.table = token_table(doc)
        tags = self.table.tag_ids
        p, c = doc.vocab.strings["p"], doc.vocab.strings["c"]
        self.preps = numpy.flatnonzero(tags == p).tolist()
        self.preps_conjs = numpy.flatnonzero((tags == p) | (tags == c)).tolist()

    def ending_at(self, pos: int, first: int, last: int) -> int | None:
        """The token of ``first``..``last`` that ends at character ``pos``."""
        starts = self.table.starts
        j = bisect_left(starts, pos, first, last)
        if j < last and starts[j] == pos:
            return j - 1 if j > first else None
        if j == last and last > first and self.table.end(last - 1) == pos:
            return last - 1
        return None


def governed_starts(text: str, tokens: DocTokens, first: int, last: int, offset: int,
                    triggers: tuple, skip: tuple[str, ...]) -> frozenset:
    """Where the names governed by a preposition or by a trigger word start
    (推出“快手小店”, 通过京东金融): objects, so not the subject of what follows.
    Tokens ``first``..``last`` make the sentence; the characters in ``skip``
    (opening quotes, 了) may stand between the governing word and the name."""
    table = tokens.table
    ends = set()
    for _, te, _ in triggers:  # a trigger that is a verb token: 推出, 接入; not 旗下
        i = tokens.ending_at(te + offset, first, last)
        if i is not None and table.tags[i].startswith("v"):
            ends.add(te)
    preps = tokens.preps
    for k in range(bisect_left(preps, first), bisect_left(preps, last)):
        ends.add(table.end(preps[k]) - offset)
    starts = set()
    for end in ends:
        while end < len(text) and text[end] in skip:
            end += 1
        starts.add(end)
    return frozenset(starts)


def sentence_bounds(doc: Doc) -> list[tuple[int, int, int, int]]:
    """(first token, end token, start char, end char) of each sentence, from
    the SENT_START array (no Span objects)."""
    if len(doc) == 0:
        return []
    table = token_table(doc)
    firsts = [0] + (numpy.nonzero(doc.to_array(SENT_START)[1:] == 1)[0] + 1).tolist()
    ends = firsts[1:] + [len(doc)]
    chars = [table.starts[i] for i in firsts] + [len(doc_text(doc))]
    return [(f, e, chars[k], chars[k + 1]) for k, (f, e) in enumerate(zip(firsts, ends))]


def sentences(doc: Doc, rules: RuleSet, resolver: Resolver, mentions: list[Mention]) -> Iterator[Sentence]:
    """Every sentence with what the rules need to know of it; a sentence
    without a trigger word is read for its topic only. Trigger words are
    found in one pass over the document.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        A document from ``kg.nlp.parse`` (sentences, ``doc._.quantities``, ``doc._.article_date``).
    rules : RuleSet
        The rules (trigger words) and the lexicons read here.
    resolver : Resolver
        Gives the parent platform or firm of a name.
    mentions : list of Mention
        The document's, with document offsets, in order.

    Yields
    ------
    Sentence
    """
    tokens = DocTokens(doc)
    table = tokens.table
    doc_chars = doc_text(doc)
    clause_breaks = [m.start() for m in clause_break_pattern(rules.words("clause_breaks")).finditer(doc_chars)]
    quantities = doc._.quantities or []
    article_date = doc._.article_date
    comment_section = rules.words("comment_section")
    skip = rules.words("governed_skip")
    triggers = rules.triggers(doc_chars)
    t_starts = [t[0] for t in triggers]
    m_starts = [m.start for m in mentions]
    # a bracket inside a name (与辉同行（北京）科技有限公司) breaks no clause
    clause_breaks = [b for b in clause_breaks
                     if (k := bisect_right(m_starts, b) - 1) < 0 or b >= mentions[k].end]
    q_starts = [q.start for q in quantities]
    in_comments = False
    for first, last, start, end_char in sentence_bounds(doc):
        text = doc_chars[start:end_char].rstrip()  # the line break that ends a paragraph is not part of it
        end = start + len(text)
        if text.strip() in comment_section:
            in_comments = True
        args = drop_descriptors([m for m in mentions[bisect_left(m_starts, start):bisect_left(m_starts, end_char)]
                                 if m.end <= end_char], doc_chars, end, rules)
        local_triggers = tuple((ts - start, te - start, word) for ts, te, word in
                               triggers[bisect_left(t_starts, start):bisect_left(t_starts, end)] if te <= end)
        if not local_triggers:  # nothing to extract: only its topic matters
            yield Sentence(text, start, [Arg(m.name, m.type, m.start - start, m.end - start) for m in args[:1]], [],
                           in_comments, has_trigger=False)
            continue
        local = [Quantity(q.kind, q.start - start, q.end - start, q.text, q.value, q.vague)
                 for q in quantities[bisect_left(q_starts, start):bisect_left(q_starts, end_char)]
                 if q.end <= end_char]
        prep_first = False
        if args:
            b = bisect_left(clause_breaks, args[0].start) - 1  # the clause of the first name starts after
            c_start = clause_breaks[b] + 1 - start if b >= 0 and clause_breaks[b] >= start else 0
            pcs = tokens.preps_conjs
            prep_first = any(c_start <= table.starts[pcs[k]] - start < args[0].start - start
                             for k in range(bisect_left(pcs, first), bisect_left(pcs, last)))
        yield Sentence(text, start, [Arg(m.name, m.type, m.start - start, m.end - start, cue=m.source != "gazetteer",
                                         parent=resolver.parent(m.name)) for m in args],
                       local, in_comments, governed_starts(text, tokens, first, last, start, local_triggers, skip),
                       prep_first, (table, first, last), article_date, True, local_triggers,
                       [b - start for b in clause_breaks[bisect_left(clause_breaks, start):
                                                         bisect_left(clause_breaks, end)]])
