"""Entity resolution: one node per real thing.

- A gazetteer match resolves to its entity's canonical name (aliases, short
  and long names, both scripts: 字节/字节跳动, 淘寶/淘宝).
- A name the gazetteer lacks is cleaned (quotes, @, spaces); a firm's legal
  name that wraps a known name (浙江天猫网络有限公司, 支付宝(中国)网络技术有限公司)
  resolves to that entity when what is left is place, trade and legal-form
  words (``data/legal_name_parts.jsonl``).
- Across the corpus, unknown names that differ only by a legal-form suffix
  (三只羊公司, 三只羊网络科技有限公司) become one node.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable

from spacy.tokens import Span

from kg.datafiles import data_path, load_jsonl
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.model import Entity, Mention, Triple

_STRIP = re.compile(r"^[“”\"'「」『』《》@#\s]+|[“”\"'「」『』《》\s_]+$")


@dataclass(frozen=True)
class LegalNameParts:
    places: tuple[str, ...]
    trades: tuple[str, ...]
    forms: tuple[str, ...]
    levels: tuple[str, ...] = ()  # administrative levels ending a place's name (市, 省...)


@lru_cache(maxsize=None)
def load_legal_name_parts(path: str | None = None) -> LegalNameParts:
    parts: dict[str, tuple[str, ...]] = {}

    for record in load_jsonl(path or data_path("legal_name_parts.jsonl"), schema="legal_name_parts"):
        parts[record["kind"]] = parts.get(record["kind"], ()) + tuple(record["words"])
    longest = lambda words: tuple(sorted(set(words), key=lambda w: (-len(w), w)))  # noqa: E731
    return LegalNameParts(longest(parts.get("place", ())), longest(parts.get("trade", ())),
                          longest(parts.get("form", ())), longest(parts.get("level", ())))


_BRACKETED = re.compile(r"(?<=.)[（(][\u4e00-\u9fff]{2,4}[）)](?=.)")  # 与辉同行（北京）科技有限公司: a place in brackets


def strip_legal_form(name: str, parts: LegalNameParts) -> str:
    """三只羊网络科技有限公司 -> 三只羊; 浙江天猫网络有限公司 -> 天猫;
    与辉同行（北京）科技有限公司 -> 与辉同行."""
    name = _BRACKETED.sub("", name) if name.endswith(parts.forms) else name
    changed = True
    while changed:
        changed = False
        for word in parts.forms + parts.trades:
            if name.endswith(word) and len(name) > len(word) + 1:
                name, changed = name[: -len(word)].rstrip("()（）"), True
                break
        for word in parts.places:
            if name.startswith(word) and len(name) > len(word) + 1:
                name, changed = name[len(word):], True
                break
    return name


def legal_short_names(name: str, parts: LegalNameParts, min_chars: int = 3) -> list[str]:
    """The shorter names a legal name goes by further on in an article: the
    name with its legal form, then its trade words, dropped one by one, with
    and without the place before it (杭州云铂投资咨询有限公司 -> 杭州云铂投资咨询,
    杭州云铂投资, 云铂投资咨询, 云铂投资...). Only names ending in a legal
    form have short names; none is shorter than ``min_chars``."""
    if not name.endswith(parts.forms):
        return []
    name = _BRACKETED.sub("", name)
    shorts: list[str] = []
    core = name
    by_length = parts.forms + tuple(reversed(parts.trades))  # the whole legal form, then one trade word at a time
    while True:
        word = next((w for w in by_length if core.endswith(w) and len(core) > len(w) + 1), None)
        if word is None:
            break
        core = core[: -len(word)].rstrip("()（）")
        place = next((p for p in parts.places if core.startswith(p) and len(core) > len(p) + 1), None)
        for short in (core, core[len(place):] if place else None):
            if short and len(short) >= min_chars and short not in shorts:
                shorts.append(short)
    return shorts


def resolve_surface(surface: str, label: str, gazetteer: Gazetteer, parts: LegalNameParts) -> tuple[str, str, str | None]:
    """(canonical name, type, gazetteer id) of a surface form."""
    clean = _STRIP.sub("", surface) or surface
    entity = gazetteer.lookup(clean)
    if entity is None and label == "Company":
        core = strip_legal_form(clean, parts)
        entity = gazetteer.lookup(core) if core != clean else None
    if entity is not None:
        return entity.name, entity.type, entity.id
    return clean, label, None


def mention_of(ent: Span, offset: int = 0, gazetteer: Gazetteer | None = None, text: str | None = None) -> Mention:
    """The mention of a doc entity; offsets relative to ``offset``. ``text``
    is the document's text, when the caller has it (Span.text is slow)."""
    gazetteer = gazetteer or load_gazetteer()
    start, end = ent.start_char, ent.end_char
    surface = text[start:end] if text is not None else ent.text
    entity = gazetteer.by_id.get(ent.ent_id_) if ent.ent_id_ else None
    # a cue span made over tokens the gazetteer had tagged may inherit their id:
    # trust the id only when the span's text is one of that entity's names
    if entity is not None and gazetteer.lookup(surface) is entity:
        return Mention(surface, start - offset, end - offset, entity.name, entity.type)
    named = ent.ent_id_[1:] if ent.ent_id_.startswith("=") else surface  # an elliptic name made whole
    name, kind, entity_id = resolve_surface(named, ent.label_, gazetteer, load_legal_name_parts())
    return Mention(surface, start - offset, end - offset, name, kind, source="gazetteer" if entity_id else "cue")


class Resolver:
    """Names to entities for one extractor, remembered: a corpus names the
    same few hundred things again and again."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or load_gazetteer()
        self.parts = load_legal_name_parts()
        self._names: dict[tuple, tuple[str, str, str]] = {}
        self._parents: dict[str, tuple[str, str] | None] = {}

    def mention(self, surface: str, label: str, entity_id: str, start: int, end: int) -> Mention:
        key = (surface, label, entity_id)
        found = self._names.get(key)
        if found is None:
            if entity_id.startswith("="):  # a name the text left elliptic (市市场监管局 -> 武汉市市场监管局)
                surface_name, entity_id = entity_id[1:], ""
            else:
                surface_name = surface
            entity = self.gazetteer.by_id.get(entity_id) if entity_id else None
            # a cue span made over tokens the gazetteer had tagged may inherit their
            # id: trust the id only when the span's text is one of that entity's names
            if entity is not None and self.gazetteer.lookup(surface) is entity:
                found = (entity.name, entity.type, "gazetteer")
            else:
                name, kind, known = resolve_surface(surface_name, label, self.gazetteer, self.parts)
                found = (name, kind, "gazetteer" if known else "cue")
            self._names[key] = found
        return Mention(surface, start, end, *found)

    def owned_elsewhere(self, subject: str, obj: str) -> bool:
        """Whether the gazetteer knows ``obj`` to be owned by a firm that is
        neither ``subject`` nor the owner of ``subject`` (东方甄选 does not
        launch 视频号, which 腾讯 owns; 淘宝 may launch 闲鱼: both are
        阿里巴巴's)."""
        owned = self.gazetteer.lookup(obj)
        if owned is None or owned.owner is None:
            return False
        owner = self.gazetteer.by_id[owned.owner]
        doer = self.gazetteer.lookup(subject)
        return subject != owner.name and (doer is None or doer.owner != owned.owner)

    def named_after_other(self, subject: str, obj: str) -> bool:
        """Whether ``obj`` carries the name of a platform or firm (快手小店 ->
        快手) that is not ``subject``, nor its owner, nor owned by it or by
        its owner: a thing of that other platform (东方甄选开通了快手小店 is a
        shop opened on 快手, no launch of 东方甄选's)."""
        parent = self.parent(obj)
        if parent is None or parent[0] == subject or self.parent(subject) == parent:
            return False  # 淘宝直播上线了淘宝X: both carry the name of one platform
        doer, other = self.gazetteer.lookup(subject), self.gazetteer.lookup(parent[0])
        if doer is None or other is None:
            return other is not None  # a firm the gazetteer does not know owns none of its platforms
        return not (doer.id == other.owner or (doer.owner is not None and doer.owner in (other.id, other.owner)))

    def parent(self, name: str) -> tuple[str, str] | None:
        if name not in self._parents:
            self._parents[name] = name_parent(name, self.gazetteer)
        return self._parents[name]


def name_parent(name: str, gazetteer: Gazetteer | None = None) -> tuple[str, str] | None:
    """The platform or firm a name starts with (抖音外卖 -> 抖音, 京东到家 ->
    京东), when the name is longer than it; None otherwise."""
    gazetteer = gazetteer or load_gazetteer()
    for end in range(len(name) - 1, 1, -1):
        entity = gazetteer.lookup(name[:end])
        if entity is not None and entity.type in ("Platform", "Company") and entity.name != name:
            return entity.name, entity.type
    return None


class MentionIndex:
    """What the corpus says of each name, gathered article by article so
    the mentions themselves need not be kept: surface forms, types, documents."""

    def __init__(self) -> None:
        self.surfaces: dict[str, Counter] = defaultdict(Counter)
        self.types: dict[str, Counter] = defaultdict(Counter)
        self.docs: dict[str, set] = defaultdict(set)

    def add(self, doc: str, mentions: Iterable[Mention]) -> None:
        for m in mentions:
            self.surfaces[m.name][m.text] += 1
            self.types[m.name][m.type] += 1
            self.docs[m.name].add(doc)


def resolve_corpus(triples: list[Triple], index: MentionIndex | Iterable[tuple[str, Mention]],
                   gazetteer: Gazetteer | None = None) -> tuple[list[Triple], list[Entity]]:
    """Merge names across the corpus and list every node with its surface
    forms. ``index`` is a MentionIndex, or (document id, mention) pairs.
    Returns the triples renamed and the entities (sorted by name)."""
    gazetteer = gazetteer or load_gazetteer()
    parts = load_legal_name_parts()
    if not isinstance(index, MentionIndex):
        pairs, index = index, MentionIndex()
        for doc, m in pairs:
            index.add(doc, [m])
    surfaces = index.surfaces
    types: dict[str, Counter] = defaultdict(Counter, {k: Counter(v) for k, v in index.types.items()})
    docs = index.docs
    for t in triples:
        types[t.subject][t.subject_type] += 1
        types[t.object][t.object_type] += 1
    # unknown names that differ by a legal form only: the shortest is the name
    rename: dict[str, str] = {}
    by_core: dict[str, list[str]] = defaultdict(list)
    for name in sorted(types):
        # firms only: 深圳市公安局 and 武汉市公安局 differ by more than a legal form
        if gazetteer.lookup(name) is None and types[name].most_common(1)[0][0] == "Company":
            by_core[strip_legal_form(name, parts)].append(name)
    unknown_firms = {n for names in by_core.values() for n in names}
    core_of = {n: core for core, names in by_core.items() for n in names}
    for name in sorted(unknown_firms):  # 浙江锦程数字科技股份有限公司 and the 锦程数字 it goes by further on
        short = next((s for s in legal_short_names(name, parts) if s in unknown_firms and core_of[s] != core_of[name]), None)
        if short is not None:
            by_core[core_of[short]] += by_core.pop(core_of[name], [])
            for n in by_core[core_of[short]]:
                core_of[n] = core_of[short]
    for core, names in by_core.items():
        if len(names) > 1:  # the most used form names the node (ties: the longer)
            target = min(names, key=lambda n: (-sum(surfaces[n].values()), -len(n), n))
            for name in names:
                if name != target:
                    rename[name] = target
    renamed = [replace(t, subject=rename.get(t.subject, t.subject), object=rename.get(t.object, t.object))
               for t in triples]
    merged_surfaces: dict[str, Counter] = defaultdict(Counter)
    merged_types: dict[str, Counter] = defaultdict(Counter)
    merged_docs: dict[str, set] = defaultdict(set)
    for name in types:
        target = rename.get(name, name)
        merged_surfaces[target].update(surfaces.get(name, Counter()))
        merged_types[target].update(types[name])
        merged_docs[target] |= docs.get(name, set())
    used = {t.subject for t in renamed} | {t.object for t in renamed}
    entities = []
    for name in sorted(used):
        known = gazetteer.lookup(name)
        # one type per node: the gazetteer's, else the most frequent (ties: by name)
        kind = known.type if known else sorted(merged_types[name].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        aliases = sorted(s for s in merged_surfaces.get(name, ()) if s != name)
        entities.append(Entity(name=name, type=kind, aliases=tuple(aliases),
                               en=known.en if known else None, id=known.id if known else None,
                               mentions=sum(merged_surfaces.get(name, Counter()).values()),
                               docs=tuple(sorted(merged_docs.get(name, ())))))
    kinds = {e.name: e.type for e in entities}
    renamed = [replace(t, subject_type=kinds[t.subject], object_type=kinds[t.object]) for t in renamed]
    return renamed, entities
