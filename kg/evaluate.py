"""Scoring a build against gold triples a person annotated (``kg eval``).

The matching rules are those of the annotation guide the gold follows: a
predicted triple is its key (document, subject, predicate, object), the
document being the file name of its evidence. It matches a gold line of the
same document and predicate when the predicted subject and object are among
the gold line's acceptable names (the first is the canonical name, then
surface forms, other scripts, aliases); symmetric predicates match in either
direction. A key predicted twice counts once, and each gold line is earned
once: a second name for one entity (淘寶 beside 淘宝) that would earn an
already earned line is a false positive. Documents the gold does not cover
are not scored. On matched triples the attributes ``date``, ``rate`` and
``amount`` are compared as well.

Gold lines are JSON objects: ``doc``, ``subject`` (a name or a list of
names), ``predicate``, ``object``, and optionally ``attrs``.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

COMPARED_ATTRIBUTES = ("date", "rate", "amount")
AMOUNT_TOLERANCE = 0.005  # a relative difference this small is the same amount (rounded figures)


def norm(name) -> str:
    """A name as compared: NFKC (full-width to half-width), trimmed, lower case.

    >>> norm(" ＴｉｋＴｏｋ ")
    'tiktok'
    """
    return unicodedata.normalize("NFKC", str(name)).strip().lower()


def _names(value) -> tuple[str, ...]:
    return tuple(norm(v) for v in ([value] if isinstance(value, str) else value))


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


@dataclass
class Score:
    micro: Counts = field(default_factory=Counts)
    predicates: dict = field(default_factory=lambda: defaultdict(Counts))
    docs: dict = field(default_factory=lambda: defaultdict(Counts))
    attributes: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # name -> [right, asked]
    false_positives: list = field(default_factory=list)  # (doc, subject, predicate, object)
    missed: list = field(default_factory=list)  # (doc, subject, predicate, object) of the gold

    def as_dict(self) -> dict:
        return {
            "micro": self.micro.as_dict(),
            "predicates": {p: c.as_dict() for p, c in sorted(self.predicates.items())},
            "docs": {d: c.as_dict() for d, c in sorted(self.docs.items())},
            "attributes": {n: {"right": r, "asked": a} for n, (r, a) in sorted(self.attributes.items())},
            "false_positives": ["\t".join(k) for k in self.false_positives],
            "missed": ["\t".join(k) for k in self.missed],
        }


def same_attribute(name: str, got, want) -> bool:
    """Whether a predicted attribute value is the gold one.

    >>> same_attribute("amount", {"value": 68949000, "unit": "CNY"}, {"value": 68949100, "unit": "CNY"})
    True
    >>> same_attribute("rate", "20%", "20")
    True
    >>> same_attribute("date", "2020-10", "2020-10-09")
    False
    """
    if got is None:
        return False
    if name == "amount":
        try:
            got_value, want_value = float(got["value"]), float(want["value"])
        except (TypeError, KeyError, ValueError):
            return False
        return got.get("unit") == want.get("unit") and abs(got_value - want_value) <= AMOUNT_TOLERANCE * abs(want_value)
    if name == "date":
        return str(got) == str(want)
    return norm(got).rstrip("%") == norm(want).rstrip("%")


def score(gold: Iterable[dict], predicted: Iterable[dict], symmetric: Iterable[str]) -> Score:
    """Score predicted triples (records of ``triples.jsonl``) against gold lines.

    Parameters
    ----------
    gold : gold lines (``doc``, ``subject``, ``predicate``, ``object``, ``attrs``)
    predicted : triple records with ``evidence.doc``
    symmetric : the predicates that match in either direction

    Examples
    --------
    >>> gold = [{"doc": "a.txt", "subject": ["抖音", "Douyin"], "predicate": "blocks_link",
    ...          "object": ["淘宝", "淘寶"], "attrs": {"date": "2020-10-09"}},
    ...         {"doc": "a.txt", "subject": "快手", "predicate": "competes_with", "object": "抖音"}]
    >>> pred = [{"subject": "抖音", "predicate": "blocks_link", "object": "淘寶",
    ...          "attrs": {"date": "2020-10"}, "evidence": {"doc": "corpus/a.txt"}},
    ...         {"subject": "抖音", "predicate": "competes_with", "object": "快手", "attrs": {},
    ...          "evidence": {"doc": "a.txt"}},
    ...         {"subject": "抖音", "predicate": "owns", "object": "抖音小店", "attrs": {},
    ...          "evidence": {"doc": "a.txt"}}]
    >>> result = score(gold, pred, symmetric={"competes_with"})
    >>> result.micro.as_dict()
    {'tp': 2, 'fp': 1, 'fn': 0, 'precision': 0.667, 'recall': 1.0, 'f1': 0.8}
    >>> dict(result.attributes)
    {'date': [0, 1]}
    """
    symmetric = set(symmetric)
    lines, seen = [], set()
    for g in gold:  # one gold line per (doc, subject, predicate, object)
        doc, subjects, objects = Path(str(g["doc"])).name, _names(g["subject"]), _names(g["object"])
        key = (doc, subjects[0], g["predicate"], objects[0])
        if key not in seen:
            seen.add(key)
            lines.append((key, set(subjects), set(objects), g.get("attrs") or {}))
    docs = {key[0] for key, *_ in lines}
    keys: dict[tuple, dict] = {}
    for t in predicted:
        doc = Path(str((t.get("evidence") or {}).get("doc", ""))).name
        key = (doc, norm(t.get("subject", "")), t.get("predicate"), norm(t.get("object", "")))
        if doc in docs:
            keys.setdefault(key, t)

    result = Score()
    earned: dict[int, tuple] = {}
    for key, triple in keys.items():
        doc, s, p, o = key
        hit = next((i for i, (gkey, gs, go, _) in enumerate(lines) if i not in earned and gkey[0] == doc
                    and gkey[2] == p and ((s in gs and o in go) or (p in symmetric and s in go and o in gs))), None)
        if hit is None:
            result.false_positives.append(key)
            result.predicates[p].fp += 1
            result.docs[doc].fp += 1
            continue
        earned[hit] = key
        want = lines[hit][3]
        for name in COMPARED_ATTRIBUTES:
            if want.get(name) is not None:
                result.attributes[name][1] += 1
                result.attributes[name][0] += same_attribute(name, (triple.get("attrs") or {}).get(name), want[name])
    for i, (gkey, *_rest) in enumerate(lines):
        counts = (result.predicates[gkey[2]], result.docs[gkey[0]])
        for c in counts:
            if i in earned:
                c.tp += 1
            else:
                c.fn += 1
        if i not in earned:
            result.missed.append(gkey)
    result.micro = Counts(tp=len(earned), fp=len(result.false_positives), fn=len(lines) - len(earned))
    result.false_positives.sort()
    result.missed.sort()
    return result


def report(result: Score, verbose: bool = False) -> list[str]:
    """The lines ``kg eval`` prints."""
    def row(name: str, c: Counts) -> str:
        return (f"{name:<34} P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}"
                f"  (tp {c.tp}, fp {c.fp}, fn {c.fn})")

    lines = [row("micro", result.micro), "", "by predicate"]
    lines += [row("  " + p, c) for p, c in sorted(result.predicates.items())]
    lines += ["", "by document"]
    lines += [row("  " + d[:32], c) for d, c in sorted(result.docs.items())]
    if result.attributes:
        lines += ["", "attributes of matched triples"]
        lines += [f"  {n:<10} {r}/{a}" for n, (r, a) in sorted(result.attributes.items())]
    if verbose:
        lines += ["", "false positives (doc, subject, predicate, object)"]
        lines += ["  " + "\t".join(k) for k in result.false_positives]
        lines += ["", "missed gold triples (doc, subject, predicate, object)"]
        lines += ["  " + "\t".join(k) for k in result.missed]
    return lines
