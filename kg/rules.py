"""Relation rules and lexicons, loaded from ``data/lexicons.jsonl`` and
``data/relations.jsonl`` and validated (file, line and reason on error): a
record by its schema (``data/schemas/lexicons.json``, ``relations.json``),
then what a schema cannot say (predicates, frames, lexicons named).

A lexicon is a named word list: ``{"name": "block", "words": [...]}``. A
rule names its predicate, its trigger words (a lexicon as ``"@block"`` or a
list), the frame in which the arguments stand around the trigger, the
entity types each argument may have, and a few limits:

    {"id": "blocks.active", "predicate": "blocks_link", "triggers": "@block",
     "frame": "A_T_B", "subject_types": ["Platform", "Program"],
     "object_types": ["Platform", "Program", "Group"], "confidence": 0.8}

Frames (A is the subject side, B the object side, T the trigger; ``swap``
turns them round):

- ``A_T_B``: A … T … B            抖音 切断了 淘宝 的外链
- ``A_P_B_T``: A … P B … T        抖音 对 淘宝 关闭外链 (P from ``preps``)
- ``B_PASS_A_T``: B 被 [A] … T    三只羊 被 罚没 (A missing: ``default_subject``;
  the markers are ``preps`` when given, else the ``passive`` lexicon)
- ``P_B_T_A``: P B … T A          在 抖音 带货的 MCN机构
- ``T_A_B``: T A … B              背靠 阿里 的 饿了么
- ``LIST_T``: A、B(、C) … T       淘宝、京东、拼多多 三分天下 (every pair)
- ``A_B_T``: A B … T              天猫 抖音 二选一 (two names side by side)
- ``T_LIST``: T A、B(、C)          对手 阿里巴巴和腾讯 (every pair; no name before T)
- ``B_T``: B … T                  抖音外卖 将于3月1日 上线 (A: the name B starts with)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Iterable

import ahocorasick

from kg.datafiles import DataFileError, check_record, data_path, read_jsonl
import kg.owner_frames  # noqa: F401  (registers the ownership frames in kg.frames.FRAMES)
from kg.frames import FRAMES as FRAME_FUNCTIONS
from kg.model import ACTIONS, STATUSES
from kg.schema import SCHEMA, Schema, load_schema
from kg.userdata import layers, snapshot

FRAMES = tuple(FRAME_FUNCTIONS)  # the frames registered in kg.frames
# Lexicons the engine itself reads (status and action cues, function words).
REQUIRED_LEXICONS = (
    "passive", "coordination", "anaphor", "hypothetical", "scope", "head_nouns", "duration_numerals", "duration_units",
    "sentence_ends", "sentence_closers", "clause_breaks", "quote_marks", "governed_skip", "source_credit",
    "comment_section", "possessive", "topic_links", "relative_after", "modifier_marks", "list_commas",
    "irrealis", "owned_heads", "presupposed", "not_anaphor", "other_referent",
    "former_marks", "former_verbs", "former_after", "recipient_preps", "role_predicates", "pair_anaphor",
    "base_amounts", "relative_verbs", "copulas", "money_not_fine", "definition_marks", "not_definition",
    *(f"status_{s}" for s in STATUSES), *(f"action_{a}" for a in ACTIONS),
)


@dataclass(frozen=True)
class Rule:
    id: str
    predicate: str
    frame: str
    triggers: tuple[str, ...]
    subject_types: tuple[str, ...]
    object_types: tuple[str, ...]
    preps: tuple[str, ...] = ()
    swap: bool = False
    subject_scope: str = "clause"  # where a missing subject may come from
    object_scope: str = "clause"  # "sentence": the object may stand past a comma
    max_left: int = 24  # characters between the subject and the trigger (or prep)
    max_right: int = 12  # characters between the trigger and the object
    max_mid: int = 24  # A_P_B_T: characters between the object and the trigger
    default_subject: tuple[str, str] | None = None  # (name, type) for agentless passives
    default_object: tuple[str, str] | None = None  # (name, type) when the trigger names its object (切断外链)
    respectively: bool = False  # two lists of one length pair up in order (A与B是C与D创建的)
    action: str | None = None  # penalizes: the default action
    status: str | None = None  # a status the rule implies
    requires: tuple[str, ...] = ()  # words one of which must stand in the clause
    forbids: tuple[str, ...] = ()  # words none of which may stand between the arguments and the trigger
    confidence: float = 0.7
    also: tuple[str, ...] = ()  # further predicates the same match gives (launches -> owns)
    both_ways: bool = False  # the relation holds in both directions (互相屏蔽)
    group_names: tuple[str, ...] = ()  # if set, the only Group entities the object may be
    object_not_before: tuple[str, ...] = ()  # an object right before one of these words is a modifier
    nearest_only: bool = False  # A_T_B: the name right before the trigger alone, not the list it ends
    bare_trigger: bool = False  # A_T_B: no modifier right before the trigger (公司CEO, not 一家外卖公司CEO)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    lexicons: dict = field(default_factory=dict)  # name -> tuple of words
    trigger_automaton: ahocorasick.Automaton | None = None  # every trigger word, for one pass over a text
    rules_by_trigger: dict = field(default_factory=dict)  # word -> tuple of rules
    schema: Schema = SCHEMA  # the vocabulary the rules were checked against

    def words(self, name: str) -> tuple[str, ...]:
        return self.lexicons[name]

    @cached_property
    def referring_types(self) -> dict[str, tuple[str, ...]]:
        """Word that refers back -> the entity types it may stand for, from
        the lexicons ``refers_<type>`` (``kg.anaphora``); made once."""
        types: dict[str, tuple[str, ...]] = {}
        for kind in self.schema.entity_types:
            for word in self.lexicons.get(f"refers_{kind.lower()}", ()):
                types[word] = types.get(word, ()) + (kind,)
        return types

    @cached_property
    def referring_words(self) -> tuple[str, ...]:
        """The words of ``referring_types`` as one tuple, made once (the
        word lists are compiled by identity: ``kg.wordmatch``)."""
        return tuple(self.referring_types)

    def triggers(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, word) of every trigger word in text, overlapping
        ones included (旗下 and 旗下的 both), in text order (the longest
        first at one place)."""
        if self.trigger_automaton is None:
            return []
        found = [(end + 1 - length, end + 1, word) for end, (length, word) in self.trigger_automaton.iter(text)]
        found.reverse()  # the automaton reports by end; reversed, of two words at one place the longer comes first
        found.sort(key=itemgetter(0))  # a stable sort by start keeps that: no tuples compared
        return found


def _words(value, lexicons: dict, key: str) -> tuple[str, ...]:
    """A word list or ``"@lexicon"``; in a list, ``"@name"`` of a known
    lexicon stands for its words (an unknown one is a word itself)."""
    if isinstance(value, str):  # the schema allows no string but "@name"
        if value[1:] not in lexicons:
            raise ValueError(f"{key!r} names an unknown lexicon {value!r}")
        return lexicons[value[1:]]
    words: list[str] = []
    for item in value:
        words.extend(lexicons[item[1:]] if item.startswith("@") and item[1:] in lexicons else [item])
    return tuple(words)


def _vocabulary(schema: Schema) -> dict:
    return {"entity_types": tuple(schema.entity_types), "actions": tuple(schema.actions),
            "statuses": tuple(schema.statuses)}


def _rule(record: dict, lexicons: dict, schema: Schema = SCHEMA) -> Rule:
    check_record(record, "relations", _vocabulary(schema))  # its properties are Rule's fields and "why"
    if record.get("predicate") not in schema.predicates:
        raise ValueError(f"unknown predicate {record.get('predicate')!r}")
    if record.get("frame") not in FRAMES:
        raise ValueError(f"'frame' must be one of {FRAMES}")
    if any(p not in schema.predicates for p in record.get("also", [])):
        raise ValueError("'also' must list predicates")
    default = record.get("default_subject")
    default_object = record.get("default_object")
    if record["frame"] in ("A_P_B_T", "P_B_T_A") and not record.get("preps"):
        raise ValueError(f"frame {record['frame']} needs 'preps'")
    limits = {k: record[k] for k in ("max_left", "max_right", "max_mid") if k in record}
    return Rule(
        id=record["id"], predicate=record["predicate"], frame=record["frame"],
        triggers=_words(record["triggers"], lexicons, "triggers"),
        subject_types=tuple(record["subject_types"]), object_types=tuple(record["object_types"]),
        preps=_words(record.get("preps", []), lexicons, "preps"),
        swap=record.get("swap", False),
        subject_scope=record.get("subject_scope", "clause"), object_scope=record.get("object_scope", "clause"),
        default_subject=tuple(default) if default else None,
        default_object=tuple(default_object) if default_object else None,
        respectively=record.get("respectively", False),
        action=record.get("action"), status=record.get("status"),
        requires=_words(record.get("requires", []), lexicons, "requires"),
        forbids=_words(record.get("forbids", []), lexicons, "forbids"),
        confidence=float(record.get("confidence", 0.7)), also=tuple(record.get("also", [])),
        both_ways=record.get("both_ways", False),
        group_names=_words(record.get("group_names", []), lexicons, "group_names"),
        object_not_before=_words(record.get("object_not_before", []), lexicons, "object_not_before"),
        nearest_only=record.get("nearest_only", False), bare_trigger=record.get("bare_trigger", False), **limits,
    )


def _read_lexicons(path: Path) -> dict[str, tuple[str, ...]]:
    lexicons: dict[str, tuple[str, ...]] = {}
    for n, record in read_jsonl(path):
        check_record(record, "lexicons", where=(path, n))
        name, words = record["name"], record["words"]
        if name in lexicons:
            raise DataFileError(path, n, f"duplicate lexicon {name!r}")
        lexicons[name] = tuple(words)
    return lexicons


def load_lexicons(path: Path, overlays: Iterable[Path] = ()) -> dict[str, tuple[str, ...]]:
    """The lexicons of ``path``, each file of ``overlays`` read on top (a
    lexicon of the same name replaces the earlier list: ``kg.userdata``)."""
    lexicons = _read_lexicons(path)
    for user in overlays:
        lexicons.update(_read_lexicons(user))
    missing = [name for name in REQUIRED_LEXICONS if name not in lexicons]
    if missing:
        raise DataFileError(path, None, f"missing lexicons the engine needs: {', '.join(missing)}")
    return lexicons


def _read_rules(path: Path, lexicons: dict, schema: Schema) -> list[Rule]:
    rules: list[Rule] = []
    for n, record in read_jsonl(path):
        try:
            rule = _rule(record, lexicons, schema)
        except ValueError as e:
            raise DataFileError(path, n, str(e)) from e
        if any(r.id == rule.id for r in rules):
            raise DataFileError(path, n, f"duplicate rule id {rule.id!r}")
        rules.append(rule)
    return rules


def load_rules(rules_path: str | None = None, lexicons_path: str | None = None,
               data_dirs: Iterable[str] = ()) -> RuleSet:
    """The rules and lexicons (default: the shipped files) with those of
    each data folder read on top (``kg.userdata``: the same id or name
    replaces, a new one is added), checked against the schema of the same
    folders."""
    data_dirs = tuple(str(d) for d in data_dirs)
    # the folders' contents are part of the key: a file edited between two builds is read again
    return _load_rules(rules_path, lexicons_path, data_dirs, snapshot(data_dirs))


@lru_cache(maxsize=None)
def _load_rules(rules_path: str | None, lexicons_path: str | None, data_dirs: tuple[str, ...],
                contents: tuple) -> RuleSet:
    schema = load_schema(data_dirs)
    lexicons = load_lexicons(Path(lexicons_path) if lexicons_path else data_path("lexicons.jsonl"),
                             layers("lexicons.jsonl", data_dirs))
    rules = _read_rules(Path(rules_path) if rules_path else data_path("relations.jsonl"), lexicons, schema)
    for user in layers("relations.jsonl", data_dirs):
        for rule in _read_rules(user, lexicons, schema):
            known = [n for n, r in enumerate(rules) if r.id == rule.id]
            if known:
                rules[known[0]] = rule
            else:
                rules.append(rule)
    by_trigger: dict[str, list[Rule]] = {}
    for rule in rules:
        for word in rule.triggers:
            by_trigger.setdefault(word, []).append(rule)
    automaton = ahocorasick.Automaton() if by_trigger else None
    for word in sorted(by_trigger):
        automaton.add_word(word, (len(word), word))
    if automaton is not None:
        automaton.make_automaton()
    return RuleSet(tuple(rules), lexicons, automaton, {w: tuple(rs) for w, rs in by_trigger.items()}, schema)
