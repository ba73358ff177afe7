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
- ``list``: an item of an enumeration (A、B、C和D) one of whose items is a
  known name of a type in ``item_types``: the other items are names of that
  type, each one to ``max_tokens`` tokens with no break tag, verb or
  ``generic`` word in it.

``generic`` lists whole spans that are never names (人工智能, 金融科技);
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
from kg.resolve import legal_short_names, load_legal_name_parts
from kg.tokens import TokenTable, doc_text, token_range, token_table

# Tags that never stand inside a firm's name: prepositions, conjunctions,
# particles, pronouns, adverbs, numbers, punctuation...
BREAK_TAGS = ("p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "d", "m", "mq", "q", "x", "w", "y", "e",
              "o", "f", "zg", "t")


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
    joins_before: tuple[str, ...] = ()  # first characters of a suffix token that joins the place before (市公安局)

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
                  no_verbs=record.get("no_verbs", False), joins_before=tuple(record.get("joins_before", ())))
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
    return [EntitySpan(*token_range(table.starts, match.start("name"), match.end("name")), cue.label)
            for match in cue.pattern.finditer(doc_text(doc))]


def _tokens_ending_in(table, suffixes: tuple[str, ...]) -> list[int]:
    """The tokens that end in one of ``suffixes``, in order: each suffix is
    found in the joined text (a C-speed scan) and kept where it ends a token
    and lies inside it, instead of an ``endswith`` call per token."""
    text, starts, words = table.text, table.starts, table.words
    found = set()
    for suffix in suffixes:
        at = text.find(suffix)
        while at != -1:
            end = at + len(suffix)
            i = bisect_right(starts, end - 1) - 1  # the token holding the suffix's last character
            if i >= 0 and starts[i] <= at and starts[i] + len(words[i]) == end:
                found.add(i)
            at = text.find(suffix, at + 1)
    return sorted(found)


def _suffix_spans(doc: Doc, cue: EntityCue, label_at, table) -> list[EntitySpan]:
    spans = []
    words, tags = table.words, table.tags
    trades = set(load_legal_name_parts().trades)
    for i in _tokens_ending_in(table, cue.word_tails):
        word = words[i]
        start = i
        if word not in cue.words and cue.whole_tags and tags[i] not in cue.whole_tags:
            continue  # 黑科技, 人工智能: a common word, not a name
        # A token longer than its suffix is a name already (蚂蚁集团): keep it as it is.
        joins = word not in cue.words and word.startswith(cue.joins_before) if cue.joins_before else False
        while (word in cue.words or joins) and start > 0 and i - start < cue.max_tokens:
            before, tag = words[start - 1], tags[start - 1]
            in_trade = start < i and words[start] in trades  # 投资 in 云铂投资咨询有限公司 is no verb
            if (tag in BREAK_TAGS or (before in cue.breaks and not in_trade) or not before.strip()
                    or label_at(start - 1) in cue.break_types):  # 李佳琦所在公司 is no firm's name
                break
            # a verb inside a name (童趣优选) only with a name word before it (not 统筹公司)
            if tag.startswith("v") and (cue.no_verbs or start < 2 or not tags[start - 2].startswith(("n", "eng", "vn"))):
                break
            start -= 1
            joins = joins and tags[start] != "ns"  # 武汉 + 市公安局: the place ends the name
        if start == i and word in cue.words:
            continue  # a bare 公司 with no name before it
        spans.append(EntitySpan(start, i + 1, cue.label))
    return spans


def _tag_spans(doc: Doc, cue: EntityCue, label_at, table) -> list[EntitySpan]:
    spans = []
    words = table.words
    tagged = numpy.zeros(len(words), dtype=bool)
    for tag in cue.tags:  # a comparison per tag: numpy.isin costs more for a tag or two
        tagged |= table.tag_ids == doc.vocab.strings[tag]
    for i in numpy.flatnonzero(tagged).tolist():
        near = [w for j, w in enumerate(words[max(0, i - cue.window): i + cue.window + 1], max(0, i - cue.window))
                if j != i]
        if not cue.words or any(w.endswith(cue.words) or w in cue.words for w in near):
            spans.append(EntitySpan(i, i + 1, cue.label))
    return spans


def _list_spans(doc: Doc, cue: EntityCue, label_at, table) -> list[EntitySpan]:
    """The items of each enumeration (A、B、C和D) that holds a known name of
    the types ``item_types``: each other item is a name of that type when it
    is short and holds no break tag, verb or entity. Items are what stands
    between two separators; the first and last reach to the nearest token
    that cannot be in a name (包括A、B: not 包括)."""
    words, tags = table.words, table.tags
    seps = set(cue.separators)
    spans: list[EntitySpan] = []
    commas = _tokens_ending_in(table, ("、",))
    n, k = len(words), 0
    while k < len(commas):
        group = [commas[k]]  # the 、 of one enumeration: items of a few tokens between them
        while k + 1 < len(commas) and all(tags[j] not in ("x", "w") for j in range(group[-1] + 1, commas[k + 1])) \
                and commas[k + 1] - group[-1] <= cue.max_tokens + 2:
            k += 1
            group.append(commas[k])
        k += 1
        first = group[0]
        while first > 0 and group[0] - first < cue.max_tokens and _walkable(tags[first - 1], words[first - 1], cue.words):
            first -= 1
        if first > 0 and not _bounds_item(tags[first - 1], words[first - 1], seps):
            first = group[0]  # the first item reaches further than a name may: not a candidate
        bounds = [first] + [c + 1 for c in group]  # item starts
        ends = list(group)
        if first >= 2 and words[first - 1] in seps:  # 高德打车及携华出行、星徽出行: the item before 及
            before = first - 1
            while before > 0 and first - 1 - before < cue.max_tokens and _walkable(tags[before - 1], words[before - 1], cue.words):
                before -= 1
            if before < first - 1:
                bounds, ends = [before] + bounds, [first - 1] + ends
        j = group[-1] + 1
        while True:  # the last items, after the last 、 and after 和/及/与
            end = j
            while end < n and end - j < cue.max_tokens and _walkable(tags[end], words[end], cue.words) and words[end] not in seps:
                end += 1
            ends.append(end if end == n or _bounds_item(tags[end], words[end], seps) else j)
            if end < n and words[end] in seps and words[end] != "、":
                bounds.append(end + 1)
                j = end + 1
                continue
            break
        items = [(a, b) for a, b in zip(bounds, ends) if b > a]
        label = next((label_at(a) for a, b in items if label_at(a) in cue.item_types and label_at(b - 1) == label_at(a)),
                     None)
        if label is None:
            continue
        for a, b in items:
            text = "".join(words[a:b])
            if (all(label_at(t) is None for t in range(a, b)) and text not in cue.generic
                    and (b - a <= cue.max_tokens and all(_nominal(tags[t], words[t], cue.words) for t in range(a, b))
                         or label == "Person" and PERSON_ITEM.match(text))):
                spans.append(EntitySpan(a, b, label))
    return spans


ITEM_BOUNDS = ("u", "uj", "ul", "uz", "x", "w", "c", "p", "v", "vn", "d", "r", "m", "f", "y", "t")


def _bounds_item(tag: str, word: str, seps) -> bool:
    """Whether a token may stand right beside a list item: a particle,
    punctuation, a conjunction, a verb..., not a piece of a longer word."""
    return tag in ITEM_BOUNDS or word in seps


def _walkable(tag: str, word: str, tails: tuple[str, ...]) -> bool:
    """A token an item may reach over: a nominal one, or a one-character
    piece of a name the segmenter split off (张/q 彧/zg)."""
    return _nominal(tag, word, tails) or (tag in ("q", "zg", "j") and len(word) == 1 and "\u4e00" <= word <= "\u9fff")


PERSON_ITEM = re.compile(r"^[\u4e00-\u9fff]{2,3}$")  # an item of a list of people: a Chinese name (张彧)


def _nominal(tag: str, word: str, tails: tuple[str, ...] = ()) -> bool:
    """Whether a token may stand inside a name: no break tag, no verb (but
    the ``tails`` a name may end in: 出行, 用车), no space."""
    return (tag not in BREAK_TAGS and not tag.startswith("v") or word in tails) and bool(word.strip())


def _joined_spans(doc: Doc, cue: EntityCue, label_at, table) -> list[EntitySpan]:
    """A name in parts joined by a joiner (道格·费金, 埃隆·马斯克): each part
    the tokens beside it, taken until the part has two characters (道 + 格),
    none of them a break tag or a verb and none in an entity."""
    words, tags = table.words, table.tags
    n, spans, end_at = len(words), [], -1
    for i in _tokens_ending_in(table, cue.words):
        if words[i] not in cue.words or i <= end_at:
            continue
        start, chars = i, 0
        while start > 0 and chars < 2 and i - start < cue.max_tokens and _name_part(tags[start - 1], words[start - 1]) \
                and label_at(start - 1) is None:
            start -= 1
            chars += len(words[start])
        end = i
        while True:  # the parts after it, each joined by the joiner (A·B·C)
            part = 0
            first = end + 1
            while end + 1 < n and part < 2 and end + 1 - first < cue.max_tokens \
                    and _name_part(tags[end + 1], words[end + 1]) and label_at(end + 1) is None:
                end += 1
                part += len(words[end])
            if part < 2 or chars < 2 or end + 1 >= n or words[end + 1] not in cue.words:
                break
            end += 1
        if chars >= 2 and part >= 2:
            spans.append(EntitySpan(start, end + 1, cue.label))
            end_at = end
    return spans


def _name_part(tag: str, word: str) -> bool:
    return tag not in ("x", "w", "p", "c", "u", "uj", "ul", "uz", "d", "m", "r") and not tag.startswith("v") \
        and "\u4e00" <= word[0] <= "\u9fff"


FINDERS = {"regex": _regex_spans, "suffix": _suffix_spans, "tag": _tag_spans, "list": _list_spans,
           "joined": _joined_spans}


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


def span_text(table, span: EntitySpan) -> str:
    return table.text[table.starts[span.start]:table.ends[span.end - 1]]


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
                    and text not in cue.generic):
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


ELLIPTIC_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,4}?[省市区县州]")


def elliptic_places(ents: list[EntitySpan], table, within: int = 80) -> list[EntitySpan]:
    """An office named by 市/省/区 alone after one that names the place
    (武汉市交通运输局、市市场监管局) is that place's office: its span id
    becomes ``=`` and the whole name (=武汉市市场监管局), which the
    resolver reads as the name. The place is taken from the nearest
    authority before it, within ``within`` characters."""
    out, place, place_end = [], None, -within
    for e in ents:
        if e.label == "Authority":
            text = span_text(table, e)
            start = table.starts[e.start]
            if (not e.entity_id and text[0] in "省市区县" and len(text) > 3 and place
                    and start - place_end <= within and place[-1] == text[0]):
                e = e._replace(entity_id="=" + place[:-1] + text)  # the place goes on to the next office
            else:
                m = ELLIPTIC_PLACE.match(text)
                place = m.group(0) if m else None
            place_end = table.ends[e.end - 1]
        out.append(e)
    return out


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
            ents = elliptic_places(ents, table)
            if not (settled and ents == known):  # often the gazetteer's names won: nothing to set
                set_entities(doc, ents)
        return doc


@Language.factory("kg_entity_cues", requires=["doc.ents"], assigns=ENTITY_ATTRS)
def make_entity_cues(nlp: Language, name: str) -> EntityCueFinder:
    return EntityCueFinder(name)
