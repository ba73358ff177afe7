"""Reading a parsed document into the sentences the rules work on: names
(with descriptors and credits dropped), quantities, trigger words, the
words that govern names, the comment section. Only sentences with a trigger
word are read in full."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from typing import Iterator

from spacy.tokens import Doc

from kg.frames import QUOTES, Arg, Sentence, clause_bounds
from kg.model import Mention
from kg.resolve import Resolver
from kg.rules import RuleSet

CREDIT = re.compile(r"(?:科技|财经|网|新闻|日报)?讯")  # 新浪科技讯: the article's source
COMMENT_SECTION = ("评论", "网友评论", "精彩评论", "热门评论", "全部评论")


def drop_descriptors(mentions: list, text: str) -> list:
    """A Group right before a name is its descriptor, not a party of its own:
    主播“小鹿姐”, 电商平台“乐享优选”, MCN机构谦寻."""
    kept = []
    for m, nxt in zip(mentions, mentions[1:] + [None]):
        if (m.type == "Group" and nxt is not None and nxt.type != "Group"
                and text[m.end:nxt.start].strip("“”\"「」 ") == ""):
            continue
        if CREDIT.match(text, m.end):
            continue  # 新浪科技讯: the source of the article, not a party
        kept.append(m)
    return kept


def governed_starts(text: str, table, first: int, last: int, offset: int, triggers: tuple) -> frozenset:
    """Where the names governed by a preposition or by a trigger word start
    (推出“快手小店”, 通过京东金融): objects, so not the subject of what follows.
    Tokens ``first``..``last`` of ``table`` make the sentence."""
    verb_ends, prep_ends = set(), set()
    for i in range(first, last):
        tag = table.tags[i]
        if tag.startswith("v"):
            verb_ends.add(table.end(i) - offset)
        elif tag == "p":
            prep_ends.add(table.end(i) - offset)
    ends = ({te for _, te, _ in triggers} & verb_ends) | prep_ends  # 推出, 接入; not 旗下
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
    flags = doc.to_array(SENT_START).tolist()
    firsts = [0] + [i for i in range(1, len(doc)) if flags[i] == 1]
    ends = firsts[1:] + [len(doc)]
    chars = [table.starts[i] for i in firsts] + [len(doc_text(doc))]
    return [(f, e, chars[k], chars[k + 1]) for k, (f, e) in enumerate(zip(firsts, ends))]


def sentences(doc: Doc, rules: RuleSet, resolver: Resolver, mentions: list[Mention]) -> Iterator[Sentence]:
    """Every sentence with what the rules need to know of it; a sentence
    without a trigger word is read for its topic only. ``mentions`` are the
    document's, with document offsets, in order."""
    from kg.nlp import doc_text, token_table

    table = token_table(doc)
    doc_chars = doc_text(doc)
    quantities = doc.user_data.get("quantities", [])
    m_starts = [m.start for m in mentions]
    q_starts = [q.start for q in quantities]
    in_comments = False
    for first, last, start, end_char in sentence_bounds(doc):
        text = doc_chars[start:end_char].rstrip()  # the line break that ends a paragraph is not part of it
        if text.strip() in COMMENT_SECTION:
            in_comments = True
        local_mentions = [replace(m, start=m.start - start, end=m.end - start)
                          for m in mentions[bisect_left(m_starts, start):bisect_left(m_starts, end_char)]
                          if m.end <= end_char]
        args = drop_descriptors(local_mentions, text)
        triggers = tuple(rules.triggers(text))
        if not triggers:  # nothing to extract: only its topic matters
            yield Sentence(text, start, [Arg(m.name, m.type, m.start, m.end) for m in args[:1]], [],
                           in_comments, has_trigger=False)
            continue
        local = [replace(q, start=q.start - start, end=q.end - start)
                 for q in quantities[bisect_left(q_starts, start):bisect_left(q_starts, end_char)]
                 if q.end <= end_char]
        token_before = {table.end(i) - start: (table.starts[i] - start, table.tags[i]) for i in range(first, last)}
        prep_first = False
        if args:
            c_start, _ = clause_bounds(text, args[0].start)
            prep_first = any(table.tags[i] in ("p", "c") for i in range(first, last)
                             if c_start <= table.starts[i] - start < args[0].start)
        yield Sentence(text, start, [Arg(m.name, m.type, m.start, m.end, cue=m.source != "gazetteer",
                                         parent=resolver.parent(m.name)) for m in args],
                       local, in_comments, governed_starts(text, table, first, last, start, triggers),
                       prep_first, token_before, doc.user_data.get("article_date"), True, triggers)
