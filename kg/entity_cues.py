"""Entities the gazetteer lacks, found where the text marks them
(``data/entity_cues.jsonl``). A cue is one of:

- ``regex``: a pattern over the text whose group ``name`` is the entity
  (a quoted name after 主播/达人/博主, a quoted program after 上线/推出);
- ``suffix``: a token ending in one of ``suffixes`` (公司, 集团, 科技...)
  joined with the nominal tokens before it (浙江天猫网络有限公司);
- ``tag``: a token whose jieba POS tag is in ``tags`` (``nr``, ``nt``) with
  one of ``roles`` within ``window`` tokens (CEO, 负责人, 主播...).

New spans never overlap gazetteer entities, which always win."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.datafiles import compile_regex, data_path, load_jsonl, require
from kg.model import ENTITY_TYPES

KINDS = ("regex", "suffix", "tag")
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


def _strings(record: dict, key: str) -> tuple[str, ...]:
    values = record.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise ValueError(f"{key!r} must be a list of non-empty strings")
    return tuple(values)


def _cue(record: dict) -> EntityCue:
    kind = record.get("kind")
    if kind not in KINDS:
        raise ValueError(f"'kind' must be one of {KINDS}")
    if record.get("label") not in ENTITY_TYPES:
        raise ValueError(f"unknown label {record.get('label')!r}")
    why = require(record, "why")
    common = dict(kind=kind, label=record["label"], why=why, stop=_strings(record, "stop"),
                  breaks=_strings(record, "breaks"), min_chars=int(record.get("min_chars", 2)),
                  break_types=_strings(record, "break_types") or ("Person",))
    if kind == "regex":
        pattern = compile_regex(require(record, "pattern"))
        if "name" not in pattern.groupindex:
            raise ValueError("'pattern' needs a group (?P<name>...)")
        return EntityCue(pattern=pattern, **common)
    if kind == "suffix":
        return EntityCue(words=_strings(record, "suffixes") or _missing("suffixes"),
                         max_tokens=int(record.get("max_tokens", 4)), **common)
    return EntityCue(tags=_strings(record, "tags") or _missing("tags"), words=_strings(record, "roles"),
                     window=int(record.get("window", 3)), **common)


def _missing(key: str):
    raise ValueError(f"{key!r} must not be empty")


@lru_cache(maxsize=None)
def load_entity_cues(path: str | None = None) -> tuple[EntityCue, ...]:
    cues: list[EntityCue] = []
    load_jsonl(path or data_path("entity_cues.jsonl"), lambda r: cues.append(_cue(r)))
    return tuple(cues)


def _regex_spans(doc: Doc, cue: EntityCue, labels: dict, words: list, tags: list) -> list[Span]:
    spans = []
    from kg.nlp import char_span

    from kg.nlp import doc_text

    for match in cue.pattern.finditer(doc_text(doc)):
        spans.append(char_span(doc, match.start("name"), match.end("name"), cue.label))
    return spans


def _suffix_spans(doc: Doc, cue: EntityCue, labels: dict, words: list, tags: list) -> list[Span]:
    spans = []
    for i, word in enumerate(words):
        if not word.endswith(cue.words):
            continue
        start = i
        # A token longer than its suffix is a name already (蚂蚁集团): keep it as it is.
        while word in cue.words and start > 0 and i - start < cue.max_tokens:
            before, tag = words[start - 1], tags[start - 1]
            if (tag in BREAK_TAGS or before in cue.breaks or not before.strip()
                    or labels.get(start - 1) in cue.break_types):  # 李佳琦所在公司 is no firm's name
                break
            # a verb inside a name (童趣优选) only with a name word before it (not 统筹公司)
            if tag.startswith("v") and (start < 2 or not tags[start - 2].startswith(("n", "eng"))):
                break
            start -= 1
        if start == i and word in cue.words:
            continue  # a bare 公司 with no name before it
        spans.append(Span(doc, start, i + 1, label=cue.label))
    return spans


def _tag_spans(doc: Doc, cue: EntityCue, labels: dict, words: list, tags: list) -> list[Span]:
    spans = []
    for i, tag in enumerate(tags):
        if tag not in cue.tags:
            continue
        near = [w for j, w in enumerate(words[max(0, i - cue.window): i + cue.window + 1], max(0, i - cue.window))
                if j != i]
        if not cue.words or any(w.endswith(cue.words) or w in cue.words for w in near):
            spans.append(Span(doc, i, i + 1, label=cue.label))
    return spans


FINDERS = {"regex": _regex_spans, "suffix": _suffix_spans, "tag": _tag_spans}


def cue_spans(doc: Doc, cues: tuple[EntityCue, ...], known: list[Span] | None = None) -> list[Span]:
    """Spans the cues find; ``known`` are the entities already set."""
    from kg.nlp import token_table

    known = list(doc.ents) if known is None else known
    labels = {i: e.label_ for e in known for i in range(e.start, e.end)}
    table = token_table(doc)
    found = []
    for cue in cues:
        for span in FINDERS[cue.kind](doc, cue, labels, table.words, table.tags):
            text = span.text.strip()
            if len(text) >= cue.min_chars and not text.startswith(cue.stop) and "\n" not in text:
                found.append(span)
    return found


def other_mentions(doc: Doc, ents: list[Span], found: list[Span]) -> list[Span]:
    """A name a cue introduced once (主播“甜心小鹿”, 下称“鹿鸣文化”) is a
    name wherever else the document uses it, quoted or not."""
    from kg.nlp import char_span

    from kg.nlp import doc_text

    text = doc_text(doc)
    taken = [(e.start_char, e.end_char) for e in ents]
    names = {s.text: s.label_ for s in found if s in ents or any(e.start == s.start for e in ents)}
    more = []
    for name, label in sorted(names.items()):
        i = text.find(name)
        while i != -1:
            end = i + len(name)
            if not any(s < end and i < e for s, e in taken):
                span = char_span(doc, i, end, label)
                if span.text == name:  # only where segmentation agrees
                    more.append(span)
            i = text.find(name, end)
    return filter_spans(more)


def merge_cue_spans(known: list[Span], found: list[Span]) -> list[Span]:
    """Gazetteer entities win, except over a cue span that strictly contains
    them: a quoted “小红书商城” or a legal name 浙江天猫网络有限公司 is a longer
    name than the 小红书 or 天猫 inside it."""
    kept = list(known)
    for span in found:
        overlapping = [e for e in kept if e.start_char < span.end_char and span.start_char < e.end_char]
        contains_all = all(span.start_char <= e.start_char and e.end_char <= span.end_char for e in overlapping)
        longer = all(len(span.text) > len(e.text) for e in overlapping)
        if contains_all and longer:
            kept = [e for e in kept if e not in overlapping] + [span]
    return sorted(kept, key=lambda e: e.start)


@Language.factory("kg_entity_cues", default_config={"path": None})
def make_entity_cues(nlp: Language, name: str, path: str | None):
    cues = load_entity_cues(path)

    def entity_cues(doc: Doc) -> Doc:
        known = list(doc.ents)  # once: reading Doc.ents walks every token
        found = filter_spans(cue_spans(doc, cues, known))
        if found:
            ents = merge_cue_spans(known, found)
            doc.ents = merge_cue_spans(ents, other_mentions(doc, ents, found))
        return doc

    return entity_cues
