"""Reading a parsed document into the sentences the rules work on: names
(with descriptors and credits dropped), quantities, trigger words, the
words that govern names, the comment section. Only sentences with a trigger
word are read in full."""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterator

import numpy
from spacy.tokens import Doc

from kg.frames import CLAUSE_BREAK, QUOTES, Arg, Sentence
from kg.model import Mention
from kg.quantities import Quantity
from kg.resolve import Resolver
from kg.rules import RuleSet

CREDIT = re.compile(r"(?:科技|财经|网|新闻|日报)?讯")  # 新浪科技讯: the article's source
COMMENT_SECTION = ("评论", "网友评论", "精彩评论", "热门评论", "全部评论")


def drop_descriptors(mentions: list, text: str, end: int) -> list:
    """A Group right before a name is its descriptor, not a party of its own:
    主播“小鹿姐”, 电商平台“乐享优选”, MCN机构谦寻. ``mentions`` are in the
    document's offsets, ``text`` is the document, ``end`` the sentence's end."""
    kept = []
    for m, nxt in zip(mentions, mentions[1:] + [None]):
        if (m.type == "Group" and nxt is not None and nxt.type != "Group"
                and text[m.end:nxt.start].strip("“”\"「」 ") == ""):
            continue
        if CREDIT.match(text, m.end, end):
            continue  # 新浪科技讯: the source of the article, not a party
        kept.append(m)
    return kept


class DocTokens:
    """What the sentences read of a document's tokens, found once per
    document: the token table and where the prepositions and conjunctions
    stand (so that a sentence looks them up instead of scanning its tokens)."""

    def __init__(self, doc: Doc):
        from kg.nlp import token_table

        self.table = token_table(doc)
        tags = self.table.tag_ids  # an array: a scan of the tag strings was 10% of this stage
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
                    triggers: tuple) -> frozenset:
    """Where the names governed by a preposition or by a trigger word start
    (推出“快手小店”, 通过京东金融): objects, so not the subject of what follows.
    Tokens ``first``..``last`` make the sentence."""
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
        while end < len(text) and text[end] in QUOTES + ("了",):
            end += 1
        starts.add(end)
    return frozenset(starts)


def sentence_bounds(doc: Doc) -> list[tuple[int, int, int, int]]:
    """(first token, end token, start char, end char) of each sentence, from
    the SENT_START array (no Span objects)."""
    from spacy.attrs import SENT_START

    from kg.nlp import doc_text, token_table

    if len(doc) == 0:
        return []
    table = token_table(doc)
    firsts = [0] + (numpy.nonzero(doc.to_array(SENT_START)[1:] == 1)[0] + 1).tolist()
    ends = firsts[1:] + [len(doc)]
    chars = [table.starts[i] for i in firsts] + [len(doc_text(doc))]
    return [(f, e, chars[k], chars[k + 1]) for k, (f, e) in enumerate(zip(firsts, ends))]


def sentences(doc: Doc, rules: RuleSet, resolver: Resolver, mentions: list[Mention]) -> Iterator[Sentence]:
    """Every sentence with what the rules need to know of it; a sentence
    without a trigger word is read for its topic only. ``mentions`` are the
    document's, with document offsets, in order. Trigger words are found in
    one pass over the document."""
    from kg.nlp import doc_text, token_table

    tokens = DocTokens(doc)
    table = tokens.table
    doc_chars = doc_text(doc)
    clause_breaks = [m.start() for m in CLAUSE_BREAK.finditer(doc_chars)]
    quantities = doc.user_data.get("quantities", [])
    article_date = doc.user_data.get("article_date")
    triggers = rules.triggers(doc_chars)
    t_starts = [t[0] for t in triggers]
    m_starts = [m.start for m in mentions]
    q_starts = [q.start for q in quantities]
    in_comments = False
    for first, last, start, end_char in sentence_bounds(doc):
        text = doc_chars[start:end_char].rstrip()  # the line break that ends a paragraph is not part of it
        end = start + len(text)
        if text.strip() in COMMENT_SECTION:
            in_comments = True
        args = drop_descriptors([m for m in mentions[bisect_left(m_starts, start):bisect_left(m_starts, end_char)]
                                 if m.end <= end_char], doc_chars, end)
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
                       local, in_comments, governed_starts(text, tokens, first, last, start, local_triggers),
                       prep_first, (table, first, last), article_date, True, local_triggers)
