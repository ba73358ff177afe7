"""Page chrome in scraped text: lines that are not the article (widgets,
forms, breadcrumbs, report lists, promotions), removed by the line patterns
of ``data/noise.jsonl``. Patterns are written for normalized (Simplified)
text and matched against whole lines.

A rule's ``action`` is ``drop`` (this line goes) or ``end`` (this line and
every line after it are chrome: a copyright notice, a sign-up form)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from kg.datafiles import compile_regex, data_path, load_jsonl


@dataclass(frozen=True)
class NoiseRule:
    pattern: re.Pattern[str]
    action: str
    why: str


@lru_cache(maxsize=None)
def load_noise_rules(path: str | None = None) -> tuple[NoiseRule, ...]:
    records = load_jsonl(path or data_path("noise.jsonl"), lambda r: compile_regex(r["pattern"]), schema="noise")
    return tuple(NoiseRule(re.compile(r["pattern"]), r.get("action", "drop"), r["why"]) for r in records)


MAX_END_CUT_SHARE = 0.25  # an end-of-page rule may cut at most this share of an article's characters


class Stripped(NamedTuple):
    text: str
    note: str | None = None  # an end-of-page rule not applied, and why


def strip_chrome(text: str, rules: tuple[NoiseRule, ...] | None = None) -> Stripped:
    r"""Drop chrome lines and repeated lines (a title printed twice). An
    ``end`` rule that would cut more than ``MAX_END_CUT_SHARE`` of the text
    is not applied (its line alone is dropped) and the note says so: a
    notice early in a long file is more likely quoted than the page's end.

    Examples
    --------
    >>> strip_chrome("抖音切断外链。\n【版权声明】欢迎转载\n相关阅读").text
    '抖音切断外链。'
    >>> early = strip_chrome("【版权声明】欢迎转载\n抖音切断外链。" + "快手跟进。" * 10)
    >>> early.text.startswith("抖音切断外链。"), early.note.startswith("end-of-page rule")
    (True, True)
    """
    rules = load_noise_rules() if rules is None else rules
    kept: list[str] = []
    note = None
    lines = text.split("\n")
    at = 0  # characters before the current line
    for line in lines:
        verdict = next((r for r in rules if r.pattern.search(line)), None)
        if verdict is not None and verdict.action == "end":
            cut = len(text) - at
            if cut <= len(text) * MAX_END_CUT_SHARE:
                break
            note = note or (f"end-of-page rule ({verdict.why}) not applied at {line[:20]!r}: "
                            f"it would cut {cut / len(text):.0%} of the article")
        at += len(line) + 1
        if verdict is not None or (kept and kept[-1] == line):
            continue
        kept.append(line)
    return Stripped("\n".join(kept), note)


def remove_chrome(text: str, rules: tuple[NoiseRule, ...] | None = None) -> str:
    """``strip_chrome(text, rules).text``."""
    return strip_chrome(text, rules).text
