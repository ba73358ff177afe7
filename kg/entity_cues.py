"""Entities the gazetteer lacks, found where the text marks them
(``data/entity_cues.jsonl``). A cue is one of:

- ``regex``: a pattern over the text whose group ``name`` is the entity
  (a quoted name after 主播/达人/博主, a quoted program after 上线/推出);
- ``suffix``: a token ending in one of ``suffixes`` (公司, 集团, 科技...)
  joined with the nominal tokens before it (浙江天猫网络有限公司);
- ``tag``: a token whose jieba POS tag is in ``tags`` (``nr``, ``nt``) with
  one of ``roles`` within ``window`` tokens (CEO, 负责人, 主播...);
- ``joined``: the tokens on both sides of a joiner (``suffixes``: the
  middle dot of 道格·费金), each side two characters or more;
- ``titled``: the tokens right before a title of a firm (``roles``:
  创始人, CEO, 董事长...) that a person's name follows (百联咨询创始人庄某):
  the firm whose title it is, a proper name or a trade word among them;
- ``list``: an item of an enumeration (A、B、C和D) one of whose items is a
  known name of a type in ``item_types``: the other items are names of that
  type, each one to ``max_tokens`` tokens with no break tag, verb or
  ``generic`` word in it.

``long_list``: from this many items on, a list whose items mostly are
names takes its other short items too (妥妥E行, 900游), up to the list's end.

``generic`` lists whole spans that are never names (人工智能, 金融科技),
``generic_tails`` what a name never ends in (网约车), ``not_before`` what
never follows a name's suffix (科技园, 科技股); ``place_starts``: a legal
name begins at its place (nothing but a place before it, a place in
brackets inside it);
``whole_tags`` the tags a token longer than its suffix needs to be a name
alone (遥望科技/nt, not 黑科技/n); ``no_verbs`` keeps verbs out of a name.

New spans never overlap gazetteer entities, which always win."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache
from operator import le
from typing import Callable

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from kg.datafiles import compile_regex, data_path, load_jsonl
from kg.doc_entities import (ENTITY_ATTRS, EntitySpan, filter_entity_spans, read_entities, read_entities_to_update,
                             set_entities)
from kg.model import ENTITY_TYPES
from kg.name_spans import (BREAK_TAGS, NAME_PART_TAGS, elliptic_places, joined_spans, list_spans, span_text,
                           titled_spans, tokens_ending_in)
from kg.resolve import legal_short_names, load_legal_name_parts
from kg.scan import Scan, opening_class, required_text
from kg.tokens import TokenTable, doc_text, token_range, token_table

@dataclass(frozen=True)
class EntityCue:
    kind: str
    label: str
    why: str
    pattern: re.Pattern[str] | None = None
    words: tuple[str, ...] = ()  # suffixes or roles
    tags: tuple[str, ...] = ()
    window: int = 3
    max_tokens: int = 4
    stop: tuple[str, ...] = ()  # first words that mean the span is no name (该, 这家)
    breaks: tuple[str, ...] = ()  # words a name never extends over (诉, 起诉, 收购)
    break_types: tuple[str, ...] = ("Person",)  # entities a name never extends over
    min_chars: int = 2
    generic: frozenset[str] = frozenset()  # whole spans that are never names
    whole_tags: tuple[str, ...] = ()  # tags a token longer than its suffix needs (empty: any)
    no_verbs: bool = False
    separators: tuple[str, ...] = ()  # list items: what stands between two items
    item_types: tuple[str, ...] = ()  # list items: the types of a known item that make the others names
    whole_only: tuple[str, ...] = ()  # suffixes that count only as a token of their own (局, not 格局)
    name_tags: tuple[str, ...] = ()  # tags the tokens before a suffix need (empty: any but the break tags)
    joins_before: tuple[str, ...] = ()  # first characters of a suffix token that joins the place before (市公安局)
    place_starts: bool = False  # a place begins the name: nothing but another place stands before it (有深圳市X有限公司)
    generic_tails: tuple[str, ...] = ()  # what a span may not end in: a common noun (调查网/nz + 约车 ends in 网约车)
    not_before: tuple[str, ...] = ()  # what may not follow the suffix: it would make a longer word (科技园, 科技股)
    long_list: int = 0  # list items: from this many items on, a list whose items mostly fit takes its other items too

    @cached_property
    def scan(self) -> Scan | None:
        """The pattern tried only where a match can begin, when it opens with
        a lookbehind (``kg.scan.opening_class``): the same matches, found faster."""
        first = opening_class(self.pattern) if self.pattern is not None else None
        return Scan(self.pattern, re.compile(f"[{first}]")) if first else None

    @cached_property
    def needs(self) -> str:
        """What every match of the pattern holds (``kg.scan.required_text``): without it, no match."""
        return required_text(self.pattern) if self.pattern is not None else ""

    @cached_property
    def word_tails(self) -> tuple[str, ...]:
        """The words no other word ends: a token ending in 有限公司 ends in 公司."""
        return tuple(w for w in self.words if not any(w != other and w.endswith(other) for other in self.words))


def _cue(record: dict) -> EntityCue:
    kind = record["kind"]
    common = dict(kind=kind, label=record["label"], why=record["why"], stop=tuple(record.get("stop", ())),
                  breaks=tuple(record.get("breaks", ())), min_chars=record.get("min_chars", 2),
                  break_types=tuple(record.get("break_types", ())) or ("Person",),
                  generic=frozenset(record.get("generic", ())), whole_tags=tuple(record.get("whole_tags", ())),
                  no_verbs=record.get("no_verbs", False), whole_only=tuple(record.get("whole_only", ())),
                  name_tags=tuple(record.get("name_tags", ())), joins_before=tuple(record.get("joins_before", ())),
                  place_starts=record.get("place_starts", False), long_list=record.get("long_list", 0),
                  not_before=tuple(record.get("not_before", ())), generic_tails=tuple(record.get("generic_tails", ())))
    if kind == "regex":
        pattern = compile_regex(record["pattern"])
        if "name" not in pattern.groupindex:
            raise ValueError("'pattern' needs a group (?P<name>...)")
        return EntityCue(pattern=pattern, **common)
    if kind == "joined":
        return EntityCue(words=tuple(record["suffixes"]), max_tokens=record.get("max_tokens", 3), **common)
    if kind == "list":
        return EntityCue(separators=tuple(record["separators"]), item_types=tuple(record["item_types"]),
                         words=tuple(record.get("suffixes", ())), max_tokens=record.get("max_tokens", 3), **common)
    if kind == "titled":
        return EntityCue(words=tuple(record["roles"]), max_tokens=record.get("max_tokens", 3), **common)
    if kind == "suffix":
        return EntityCue(words=tuple(record["suffixes"]), max_tokens=record.get("max_tokens", 4), **common)
    return EntityCue(tags=tuple(record["tags"]), words=tuple(record.get("roles", ())),
                     window=record.get("window", 3), **common)


@lru_cache(maxsize=None)
def load_entity_cues(path: str | None = None) -> tuple[EntityCue, ...]:
    cues: list[EntityCue] = []
    load_jsonl(path or data_path("entity_cues.jsonl"), lambda r: cues.append(_cue(r)),
               schema="entity_cues", vocabulary={"entity_types": ENTITY_TYPES})
    return tuple(cues)


def _regex_spans(doc: Doc, cue: EntityCue, label_at, table: TokenTable) -> list[EntitySpan]:
    text = doc_text(doc)
    if cue.needs and cue.needs not in text:
        return []
    matches = (cue.scan or cue.pattern).finditer(text)
    return [EntitySpan(*token_range(table.starts, match.start("name"), match.end("name")), cue.label)
            for match in matches]


def _suffix_spans(doc: Doc, cue: EntityCue, label_at, table) -> list[EntitySpan]:
    spans = []
    words, tags = table.words, table.tags
    parts = load_legal_name_parts()
    trades, places = set(parts.trades), set(parts.places)

    def is_place(k: int) -> bool:  # 深圳市, 浙江: a place that may begin a firm's legal name
        return words[k] in places or (tags[k] == "ns" and words[k].endswith(parts.levels) and len(words[k]) > 2)

    for i in tokens_ending_in(table, cue.word_tails):
        word = words[i]
        start = i
        if word not in cue.words and cue.whole_tags and tags[i] not in cue.whole_tags:
            continue  # 黑科技, 人工智能: a common word, not a name
        if word not in cue.words and word.endswith(cue.whole_only) \
                and not word.endswith(tuple(w for w in cue.words if w not in cue.whole_only)):
            continue  # 格局, 骗局: 局 names an office only as a word of its own
        # A token longer than its suffix is a name already (蚂蚁集团): keep it as it is.
        joins = word not in cue.words and word.startswith(cue.joins_before) if cue.joins_before else False
        bracketed = 0  # tokens of a place in brackets, not counted in max_tokens
        while (word in cue.words or joins) and start > 0 and i - start - bracketed < cue.max_tokens:
            before, tag = words[start - 1], tags[start - 1]
            # 投资 in 云铂投资咨询有限公司 or in 宿迁涵邦投资公司 (after a name no entity holds) is no verb
            in_trade = before in trades and ((start < i and words[start] in trades) or (
                start >= 2 and tags[start - 2] in NAME_PART_TAGS and label_at(start - 2) is None))
            if cue.place_starts and before in ")）" and start >= 3 and words[start - 3] in "(（" \
                    and (is_place(start - 2) or tags[start - 2] == "ns"):
                start, bracketed = start - 3, bracketed + 3  # 利哥（临沂）商贸有限公司: the bracketed place is in the name
                continue
            # 上海枫米/q实业有限公司: a piece the segmenter took for a measure word, right after the place
            after_place = cue.place_starts and tag in ("q", "zg") and start >= 2 and is_place(start - 2) \
                and all("\u4e00" <= c <= "\u9fff" for c in before)
            if (tag in BREAK_TAGS and not after_place or (before in cue.breaks and not in_trade) or not before.strip()
                    or (cue.name_tags and tag not in cue.name_tags)
                    or label_at(start - 1) in cue.break_types):  # 李佳琦所在公司 is no firm's name
                break
            # a verb inside a name (童趣优选) only with a name word before it (not 统筹公司)
            if tag.startswith("v") and not in_trade and (
                    (cue.no_verbs and tag != "vn") or start < 2 or not tags[start - 2].startswith(("n", "eng", "vn", "j"))
                    or label_at(start - 2) is not None):  # 董宇辉成立X公司: the verb after a name is a verb
                break
            start -= 1
            joins = joins and tags[start] != "ns"  # 武汉 + 市公安局: the place ends the name
            if cue.place_starts and is_place(start) and start > 0 and not is_place(start - 1):
                break  # 深圳市湘桂发科技有限公司: the place begins the legal name
        if start == i and word in cue.words:
            continue  # a bare 公司 with no name before it
        if start < i and all(w in cue.words or (cue.place_starts and (w in trades or w in parts.forms)) for w in words[start:i]):
            continue  # 资本资本, 商贸有限公司: suffix, trade and form words with no name among them
        if cue.not_before and table.text.startswith(cue.not_before, table.ends[i]):
            continue  # 清华科技园, 科技股: the suffix begins a longer word
        spans.append(EntitySpan(start, i + 1, cue.label))
    return spans


def _tag_spans(doc: Doc, cue: EntityCue, label_at, table) -> list[EntitySpan]:
    spans = []
    words = table.words
    tagged = numpy.zeros(len(words), dtype=bool)
    for tag in cue.tags:  # a comparison per tag: numpy.isin costs more for a tag or two
        tagged |= table.tag_ids == doc.vocab.strings[tag]
    trades = set(load_legal_name_parts().trades)
    for i in numpy.flatnonzero(tagged).tolist():
        if i + 1 < len(words) and words[i + 1] in trades and table.tags[i + 1].startswith("n"):
            continue  # 鹿鸣文化旗下主播: a name before a trade noun names a firm, not a person
        if i + 2 < len(words) and words[i + 1] in cue.words and table.tags[i + 2] in cue.tags:
            continue  # 维亚康姆/nr 董事长 萨姆纳/nr: the name before the title is the firm's, the one after it the person's
        near = [w for j, w in enumerate(words[max(0, i - cue.window): i + cue.window + 1], max(0, i - cue.window))
                if j != i]
        if not cue.words or any(w.endswith(cue.words) or w in cue.words for w in near):
            spans.append(EntitySpan(i, i + 1, cue.label))
    return spans


FINDERS = {"regex": _regex_spans, "suffix": _suffix_spans, "tag": _tag_spans, "list": list_spans,
           "joined": joined_spans, "titled": lambda doc, cue, label_at, table: titled_spans(
               cue, label_at, table, load_legal_name_parts())}


def _label_at(known: list[EntitySpan]):
    """The label of the entity over a token (None if none), by binary search
    in the entities, which are sorted and apart (as a Doc's are)."""
    starts = [e.start for e in known]
    _require_sorted_apart(starts, [e.end for e in known], "entities")

    def label_at(i: int) -> str | None:
        k = bisect_right(starts, i) - 1
        return known[k].label if k >= 0 and i < known[k].end else None

    return label_at


def _require_sorted_apart(starts: list[int], ends: list[int], what: str) -> None:
    if not all(map(le, ends, starts[1:])):
        raise ValueError(f"{what} must be sorted and must not overlap")


def cue_spans(doc: Doc, cues: tuple[EntityCue, ...], known: list[EntitySpan] | None = None) -> list[EntitySpan]:
    """Spans the cues find; ``known`` are the entities already set."""
    known = read_entities(doc) if known is None else known
    label_at = _label_at(known)
    table = token_table(doc)
    found = []
    for cue in cues:
        for span in FINDERS[cue.kind](doc, cue, label_at, table):
            text = span_text(table, span).strip()
            if (len(text) >= cue.min_chars and not text.startswith(cue.stop) and "\n" not in text
                    and text not in cue.generic and not (cue.generic_tails and text.endswith(cue.generic_tails))):
                found.append(span)
    return found


def other_mentions(doc: Doc, ents: list[EntitySpan], found: list[EntitySpan]) -> list[EntitySpan]:
    """A name a cue introduced once (主播“甜心小鹿”, 下称“鹿鸣文化”) is a
    name wherever else the document uses it, quoted or not. ``ents`` are
    sorted and do not overlap (what ``merge_cue_spans`` gives)."""
    text, table = doc_text(doc), token_table(doc)
    taken_starts = [table.starts[e.start] for e in ents]
    taken_ends = [table.ends[e.end - 1] for e in ents]
    _require_sorted_apart(taken_starts, taken_ends, "entities")
    ent_starts = {e.start for e in ents}  # a found span equal to an entity starts where it does
    names = {span_text(table, s): s.label for s in found if s.start in ent_starts}
    parts = load_legal_name_parts()
    for name, label in list(names.items()):  # 杭州云铂投资咨询有限公司 is 云铂投资 further on
        if label == "Company":
            for short in legal_short_names(name, parts):
                names.setdefault(short, label)
    more = []
    for name, label in sorted(names.items()):
        i = text.find(name)
        while i != -1:
            end = i + len(name)
            k = bisect_right(taken_ends, i)  # the first entity ending after i is the only one that may overlap
            if k == len(taken_ends) or taken_starts[k] >= end:
                span = EntitySpan(*token_range(table.starts, i, end), label)
                if span_text(table, span) == name:  # only where segmentation agrees
                    more.append(span)
            i = text.find(name, end)
    return filter_entity_spans(more)


def merge_cue_spans(known: list[EntitySpan], found: list[EntitySpan], table) -> list[EntitySpan]:
    """Gazetteer entities win, except over a cue span that strictly contains
    them: a quoted “小红书商城” or a legal name 浙江天猫网络有限公司 is a longer
    name than the 小红书 or 天猫 inside it. Both lists are sorted and apart,
    so the entities a cue span overlaps are a run found by binary search."""
    kept = list(known)
    starts = [table.starts[e.start] for e in kept]
    ends = [table.ends[e.end - 1] for e in kept]
    _require_sorted_apart(starts, ends, "entities")
    _require_sorted_apart([s.start for s in found], [s.end for s in found], "cue spans")
    for span in found:
        start, end = table.starts[span.start], table.ends[span.end - 1]
        first, last = bisect_right(ends, start), bisect_left(starts, end)  # kept[first:last] overlap it
        if all(start <= starts[k] and ends[k] <= end and end - start > ends[k] - starts[k]
               for k in range(first, last)):
            kept[first:last], starts[first:last], ends[first:last] = [span], [start], [end]
    return kept


class EntityCueFinder:
    """Entities found by the cues it was given (``initialize``), added to the
    Doc's (``doc.ents``) where they do not lose to a gazetteer name."""

    def __init__(self, name: str = "kg_entity_cues"):
        self.name = name
        self.cues: tuple[EntityCue, ...] | None = None

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None,
                   cues: tuple[EntityCue, ...]) -> None:
        """Take the cues to apply.

        Parameters
        ----------
        get_examples : callable, optional
            Unused (spaCy's signature).
        nlp : spacy.language.Language, optional
            Unused.
        cues : tuple of EntityCue
            The cues applied, exactly these (``load_entity_cues`` reads them).
        """
        self.cues = tuple(cues)

    def __call__(self, doc: Doc) -> Doc:
        if self.cues is None:
            raise ValueError(f"{self.name} has no cues: call its initialize(cues=...)")
        known, settled = read_entities_to_update(doc)
        found = filter_entity_spans(cue_spans(doc, self.cues, known))
        if found:
            table = token_table(doc)
            ents = merge_cue_spans(known, found, table)
            ents = merge_cue_spans(ents, other_mentions(doc, ents, found), table)
            ents = elliptic_places(ents, table, load_legal_name_parts().levels)
            if not (settled and ents == known):  # often the gazetteer's names won: nothing to set
                set_entities(doc, ents)
        return doc


@Language.factory("kg_entity_cues", requires=["doc.ents"], assigns=ENTITY_ATTRS)
def make_entity_cues(nlp: Language, name: str) -> EntityCueFinder:
    return EntityCueFinder(name)
