"""Guards over one sentence that the frames (``kg.frames``) ask: whether a
list goes on past items it does not know, whether a verb of its own stands
between a trigger and a name, and who 双方/两家 stand for. The words read
are the lexicons of the rule set (``data/lexicons.jsonl``)."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kg.sentences import Arg, Sentence

if TYPE_CHECKING:
    from kg.rules import RuleSet

LIST_ITEM_REACH = 12  # the longest item of a list we may pass over unknown (某某科技有限公司)


def names(args: list[Arg]) -> tuple[str, ...]:
    return tuple(a.name for a in args)


def has_any(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def list_gap(gap: str, rules: RuleSet) -> bool:
    """Between two names of a list stand only items we do not know, each
    after a list comma (淘宝、某某优选、京东; 淘宝、某某优选和京东): the list
    goes on past them. An item is short and holds no clause break.

    Examples
    --------
    >>> from kg.rules import load_rules
    >>> rules = load_rules()
    >>> list_gap("、某某优选、", rules), list_gap("、某某优选和", rules), list_gap("称，", rules)
    (True, True, False)
    """
    commas, coordination = rules.words("list_commas"), rules.words("coordination")
    gap = gap.strip()
    tail = next((w for w in sorted(coordination, key=len, reverse=True) if gap.endswith(w)), None)
    if tail is None or not gap.startswith(commas):
        return False
    inner = gap[1:len(gap) - len(tail)]
    if not inner or has_any(inner, rules.words("clause_breaks") + rules.words("sentence_ends")):
        return False
    for comma in commas:
        inner = inner.replace(comma, "\x00")
    return all(0 < len(item.strip()) <= LIST_ITEM_REACH for item in inner.split("\x00"))


def verb_between(s: Sentence, rules: RuleSet, start: int, end: int) -> bool:
    """A verb of its own (not a copula, not inside a name) stands in
    [start, end) of the sentence (联手投资美团; not 对手依然是抖音)."""
    pos = start
    while pos < end:
        token = s.token_after.get(pos)
        if token is None:
            return False
        if (token[1].startswith("v") and s.text[pos:token[0]] not in rules.words("copulas")
                and not any(a.start <= pos < a.end for a in s.args)):
            return True
        pos = token[0]
    return False


def pair_before(s: Sentence, rules: RuleSet, c_start: int, ts: int, types: tuple[str, ...]) -> list:
    """双方/两家 before the trigger in its clause: the two parties are the
    last two names of the sentence before the clause (美团的份额远超饿了么，
    两家竞争激烈), if it names exactly two."""
    if not has_any(s.masked[c_start:ts], rules.words("pair_anaphor")):
        return []
    named: list[Arg] = []
    for arg in reversed(s.args):
        if arg.end <= c_start and arg.type in types and arg.name not in names(named):
            named.insert(0, replace(arg, how="sentence"))
    return [([named[-2]], [named[-1]])] if len(named) == 2 else []
