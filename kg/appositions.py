"""Parentheses that only rename the name before them: 北京三快科技有限公司
（以下简称美团）, 阿里巴巴（09988.HK）, 圆通速递有限公司、上海韵达货运有限公司
（以下简称圆通、韵达）. Read as part of that name, so that the bracket breaks
no clause and the names inside are no parties of their own: 市场监管总局对
北京三快科技有限公司（以下简称美团）作出行政处罚 reads as 对美团…作出处罚.

A parenthesis right after a name is such a renaming when, once the names in
it, the words that introduce a short name (the lexicon ``alias_marks``:
以下简称, 下称, 简称), quote marks and list commas are taken out, nothing is
left but a code or a Latin name (letters, digits, ``.``, ``:``, ``-``,
spaces); after a word that introduces short names, anything but a clause
break (韵达速递, where only 韵达 is known). The one name before it takes the name inside when that one is
known and it is not (the gazetteer's 美团 for a legal name found by its
suffix); so does a list, one for one, when the names inside are as many. Only what the rules read changes: the
mentions a build writes stay as they are. So is a platform named with the
firm that runs it (美团外卖平台运营主体北京三快科技有限公司)."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.model import Mention
    from kg.rules import RuleSet

PAREN_REACH = 40  # the longest renaming parenthesis
_OPEN, _CLOSE = "（(", "）)"
_CODE = re.compile(r"[A-Za-z0-9.:：\-\s]*")
_BREAKS = re.compile(r"[，,。；;！？]")


def _closing(text: str, start: int) -> int:
    """Where the parenthesis opened at ``start`` closes (-1: not near)."""
    for i in range(start + 1, min(len(text), start + PAREN_REACH)):
        if text[i] in _CLOSE:
            return i
        if text[i] in _OPEN:
            return -1
    return -1


def _rename(text: str, merged: list[Mention], inside: list[Mention], rules: RuleSet) -> None:
    """The names before a parenthesis take the known names inside it, one
    for one and in order, when they are as many and form a list (圆通速递有限公司、
    上海韵达货运有限公司（以下简称圆通、韵达）); only a name found by a cue
    takes a gazetteer's."""
    k = len(inside)
    if not k or len(merged) < k:
        return
    outer = merged[-k:]
    links = rules.words("list_commas") + rules.words("coordination")
    if any(text[a.end:b.start].strip() not in links for a, b in zip(outer, outer[1:])):
        return
    for n, (old, new) in enumerate(zip(outer, inside)):
        if new.source == "gazetteer" and old.source != "gazetteer":
            merged[len(merged) - k + n] = replace(old, name=new.name, type=new.type, source=new.source)


def merge_operators(text: str, mentions: list[Mention], rules: RuleSet) -> list[Mention]:
    """A platform and the firm that runs it, side by side (美团外卖平台运营主体
    北京三快科技有限公司, the lexicon ``operator_links``), are one party: the
    known name of the two stands for both."""
    links = rules.lexicons.get("operator_links", ())
    if not links or len(mentions) < 2:
        return mentions
    merged: list[Mention] = []
    for m in mentions:
        last = merged[-1] if merged else None
        if last is not None and text[last.end:m.start].strip().removeprefix("的") in links:  # 拼多多的运营方…
            named = last if last.source == "gazetteer" or m.source != "gazetteer" else m
            merged[-1] = replace(named, start=last.start, end=m.end)
            continue
        merged.append(m)
    return merged


def merge_renamings(text: str, mentions: list[Mention], rules: RuleSet) -> list[Mention]:
    """``mentions`` (in order, offsets in ``text``) with every renaming
    parenthesis taken into the name before it and the names inside dropped."""
    marks = tuple(sorted(rules.lexicons.get("alias_marks", ()), key=len, reverse=True))
    if not marks or not any(c in text for c in _OPEN):
        return mentions
    fillers = rules.words("quote_marks") + rules.words("list_commas")
    merged: list[Mention] = []
    i = 0
    while i < len(mentions):
        m = mentions[i]
        open_at = m.end
        if open_at < len(text) and text[open_at] in _OPEN and (close := _closing(text, open_at)) != -1:
            inside = []
            for n in mentions[i + 1:]:
                if n.start >= close:
                    break
                inside.append(n)
            if any(n.end > close for n in inside):
                merged.append(m)
                i += 1
                continue
            rest, pos = [], open_at + 1
            for n in inside:
                rest.append(text[pos:n.start])
                pos = n.end
            rest.append(text[pos:close])
            left = "".join(rest)
            named = text.startswith(marks, open_at + 1) and not _BREAKS.search(left)  # （以下简称…）: short names
            for word in marks + fillers:
                left = left.replace(word, "")
            if (named or _CODE.fullmatch(left)) and (inside or left.strip()):
                merged.append(replace(m, end=close + 1))
                _rename(text, merged, inside, rules)
                i += 1 + len(inside)
                continue
        merged.append(m)
        i += 1
    return merged


def merge_appositions(text: str, mentions: list[Mention], rules: RuleSet) -> list[Mention]:
    """``mentions`` with renaming parentheses and operators merged (see the module)."""
    return merge_operators(text, merge_renamings(text, mentions, rules), rules)
