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


def remove_chrome(text: str, rules: tuple[NoiseRule, ...] | None = None) -> str:
    """Drop chrome lines and repeated lines (a title printed twice)."""
    rules = load_noise_rules() if rules is None else rules
    kept: list[str] = []
    for line in text.split("\n"):
        verdict = next((r.action for r in rules if r.pattern.search(line)), None)
        if verdict == "end":
            break
        if verdict == "drop" or (kept and kept[-1] == line):
            continue
        kept.append(line)
    return "\n".join(kept)
