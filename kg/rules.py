"""Relation rules and lexicons, loaded from ``data/lexicons.jsonl`` and
``data/relations.jsonl`` and validated (file, line and reason on error).

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
- ``B_T``: B … T                  抖音外卖 将于3月1日 上线 (A: the name B starts with)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick

from kg.datafiles import DataFileError, data_path, read_jsonl
from kg.frames import FRAMES as FRAME_FUNCTIONS
from kg.model import ACTIONS, ENTITY_TYPES, PREDICATES, STATUSES

FRAMES = tuple(FRAME_FUNCTIONS)  # the frames registered in kg.frames
SCOPES = ("clause", "sentence", "focus")
# Lexicons the engine itself reads (status and action cues, function words).
REQUIRED_LEXICONS = (
    "passive", "coordination", "anaphor", "hypothetical", "scope", "head_nouns",
    "sentence_ends", "sentence_closers", "clause_breaks", "quote_marks", "governed_skip", "source_credit",
    "comment_section", "possessive", "topic_links", "relative_after", "modifier_marks", "list_commas",
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


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    lexicons: dict = field(default_factory=dict)  # name -> tuple of words
    trigger_automaton: ahocorasick.Automaton | None = None  # every trigger word, for one pass over a text
    rules_by_trigger: dict = field(default_factory=dict)  # word -> tuple of rules

    def words(self, name: str) -> tuple[str, ...]:
        return self.lexicons[name]

    def triggers(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, word) of every trigger word in text, overlapping
        ones included (旗下 and 旗下的 both), in text order (the longest
        first at one place)."""
        if self.trigger_automaton is None:
            return []
        found = sorted((end + 1 - len(word), -len(word), word) for end, word in self.trigger_automaton.iter(text))
        return [(start, start - negative_length, word) for start, negative_length, word in found]


def _words(value, lexicons: dict, key: str) -> tuple[str, ...]:
    if isinstance(value, str) and value.startswith("@"):
        if value[1:] not in lexicons:
            raise ValueError(f"{key!r} names an unknown lexicon {value!r}")
        return lexicons[value[1:]]
    if isinstance(value, list):
        words: list[str] = []
        for item in value:
            if not isinstance(item, str) or not item:
                raise ValueError(f"{key!r} must hold non-empty strings")
            words.extend(lexicons[item[1:]] if item.startswith("@") and item[1:] in lexicons else [item])
        return tuple(words)
    raise ValueError(f"{key!r} must be a list of words or '@lexicon'")


def _types(value, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or any(t not in ENTITY_TYPES for t in value):
        raise ValueError(f"{key!r} must be a non-empty list of entity types ({', '.join(ENTITY_TYPES)})")
    return tuple(value)


_RULE_KEYS = {"id", "predicate", "frame", "triggers", "subject_types", "object_types", "preps", "swap",
              "subject_scope", "object_scope", "max_left", "max_right", "max_mid", "default_subject",
              "action", "status", "requires", "forbids", "confidence", "also", "why",
              "both_ways", "group_names", "default_object", "respectively", "object_not_before"}


def _rule(record: dict, lexicons: dict) -> Rule:
    unknown = set(record) - _RULE_KEYS
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    if not isinstance(record.get("id"), str) or not record["id"]:
        raise ValueError("'id' must be a non-empty string")
    if record.get("predicate") not in PREDICATES:
        raise ValueError(f"unknown predicate {record.get('predicate')!r}")
    if record.get("frame") not in FRAMES:
        raise ValueError(f"'frame' must be one of {FRAMES}")
    for key in ("subject_scope", "object_scope"):
        if record.get(key, "clause") not in SCOPES:
            raise ValueError(f"{key!r} must be one of {SCOPES}")
    if record.get("action") not in (None, *ACTIONS):
        raise ValueError(f"'action' must be one of {ACTIONS}")
    if record.get("status") not in (None, *STATUSES):
        raise ValueError(f"'status' must be one of {STATUSES}")
    if any(p not in PREDICATES for p in record.get("also", [])):
        raise ValueError("'also' must list predicates")
    for key in ("default_subject", "default_object"):
        value = record.get(key)
        if value is not None and (not isinstance(value, list) or len(value) != 2 or value[1] not in ENTITY_TYPES):
            raise ValueError(f"{key!r} must be [name, type]")
    default = record.get("default_subject")
    default_object = record.get("default_object")
    if record["frame"] in ("A_P_B_T", "P_B_T_A") and not record.get("preps"):
        raise ValueError(f"frame {record['frame']} needs 'preps'")
    confidence = record.get("confidence", 0.7)
    if not isinstance(confidence, (int, float)) or not 0 < confidence <= 1:
        raise ValueError("'confidence' must be in (0, 1]")
    limits = {k: record[k] for k in ("max_left", "max_right", "max_mid") if k in record}
    if any(not isinstance(v, int) or v < 0 for v in limits.values()):
        raise ValueError("limits must be non-negative integers")
    return Rule(
        id=record["id"], predicate=record["predicate"], frame=record["frame"],
        triggers=_words(record.get("triggers"), lexicons, "triggers"),
        subject_types=_types(record.get("subject_types"), "subject_types"),
        object_types=_types(record.get("object_types"), "object_types"),
        preps=_words(record.get("preps", []), lexicons, "preps"),
        swap=bool(record.get("swap", False)),
        subject_scope=record.get("subject_scope", "clause"), object_scope=record.get("object_scope", "clause"),
        default_subject=tuple(default) if default else None,
        default_object=tuple(default_object) if default_object else None,
        respectively=bool(record.get("respectively", False)),
        action=record.get("action"), status=record.get("status"),
        requires=_words(record.get("requires", []), lexicons, "requires"),
        forbids=_words(record.get("forbids", []), lexicons, "forbids"),
        confidence=float(confidence), also=tuple(record.get("also", [])),
        both_ways=bool(record.get("both_ways", False)),
        group_names=_words(record.get("group_names", []), lexicons, "group_names"),
        object_not_before=_words(record.get("object_not_before", []), lexicons, "object_not_before"), **limits,
    )


def load_lexicons(path: Path) -> dict[str, tuple[str, ...]]:
    lexicons: dict[str, tuple[str, ...]] = {}
    for n, record in read_jsonl(path):
        name, words = record.get("name"), record.get("words")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]+", name):
            raise DataFileError(path, n, "'name' must be lower-case ASCII letters, digits and _")
        if name in lexicons:
            raise DataFileError(path, n, f"duplicate lexicon {name!r}")
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
            raise DataFileError(path, n, "'words' must be a non-empty list of non-empty strings")
        lexicons[name] = tuple(words)
    missing = [name for name in REQUIRED_LEXICONS if name not in lexicons]
    if missing:
        raise DataFileError(path, None, f"missing lexicons the engine needs: {', '.join(missing)}")
    return lexicons


@lru_cache(maxsize=None)
def load_rules(rules_path: str | None = None, lexicons_path: str | None = None) -> RuleSet:
    lexicons = load_lexicons(Path(lexicons_path) if lexicons_path else data_path("lexicons.jsonl"))
    path = Path(rules_path) if rules_path else data_path("relations.jsonl")
    rules: list[Rule] = []
    for n, record in read_jsonl(path):
        try:
            rule = _rule(record, lexicons)
        except ValueError as e:
            raise DataFileError(path, n, str(e)) from e
        if any(r.id == rule.id for r in rules):
            raise DataFileError(path, n, f"duplicate rule id {rule.id!r}")
        rules.append(rule)
    by_trigger: dict[str, list[Rule]] = {}
    for rule in rules:
        for word in rule.triggers:
            by_trigger.setdefault(word, []).append(rule)
    automaton = ahocorasick.Automaton() if by_trigger else None
    for word in sorted(by_trigger):
        automaton.add_word(word, word)
    if automaton is not None:
        automaton.make_automaton()
    return RuleSet(tuple(rules), lexicons, automaton, {w: tuple(rs) for w, rs in by_trigger.items()})
