"""Guards over one sentence that the frames (``kg.frames``) ask: whether a
list goes on past items it does not know, whether a verb of its own stands
between a trigger and a name, and who 双方/两家 stand for. The words read
are the lexicons of the rule set (``data/lexicons.jsonl``)."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kg.sentences import Arg, Sentence
from kg.wordmatch import any_in

if TYPE_CHECKING:
    from kg.rules import RuleSet

LIST_ITEM_REACH = 12  # the longest item of a list we may pass over unknown (某某科技有限公司)


def names(args: list[Arg]) -> tuple[str, ...]:
    return tuple(a.name for a in args)


# whether any of the words stands in the text: asked many times a sentence, so of a compiled list
has_any = any_in


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


def inside_name(s: Sentence, start: int, end: int) -> bool:
    """A trigger word that overlaps a name is part of the name, no trigger
    (公司CEO in 星河公司CEO, where 星河公司 is the name)."""
    return "□" in s.masked[start:end]


def modified(s: Sentence, pos: int, c_start: int) -> bool:
    """A word that modifies what follows stands right before ``pos`` in its
    clause: a noun, a verb, an adjective, a number or measure word, a
    pronoun or 的 (一家外卖公司CEO, 这家公司CEO, 被收购的公司CEO); not a clause start or
    a preposition (根据公司总裁, 经过公司创始人). A trigger that starts
    inside a word (外卖公司) is modified too."""
    if pos <= c_start or not s.text[c_start:pos].strip():
        return False
    token = s.token_before.get(pos)
    if token is None:
        return True
    return token[1].startswith(("n", "a", "m", "q", "r", "b", "j", "u", "v", "eng"))


LEFT_REACH = 6  # characters after a role's arguments where a verb of leaving it may stand (已于近日离职)


def left_after(s: Sentence, rules: RuleSet, hi: int) -> bool:
    """Right after the arguments of a role, a verb says it was left
    (京东零售CEO辛利军已离职, 黄峥已卸任董事长); a name between is another
    party's (许冉宣布刘强东卸任: no)."""
    after = s.masked[hi:hi + LEFT_REACH]
    after = after.split("□")[0]
    return has_any(after, rules.words("former_after"))


def possessed_role(s: Sentence, rules: RuleSet, ts: int, args: list[Arg]) -> bool:
    """The trigger begins a role noun (lexicon ``possessed_roles``: 竞争对手,
    合作伙伴) that says whose role it is, not who holds it, when every name
    stands before it: names of one list (joined by coordination) right before
    的 are its possessors, not parties to each other (成为阿里巴巴和京东的竞争对手,
    Practo和优步的竞争对手Ola); a role noun before 的 modifies another noun
    (滴滴是优步竞争对手的投资者); not a relation named after the role
    (lexicon ``possessed_roles_not_before``: 合作伙伴关系), nor names given as
    examples of the role (``role_apposition``: 亚马逊等竞争对手)."""
    roles = rules.lexicons.get("possessed_roles", ())
    named = sorted((a for a in args if a.start >= 0), key=lambda a: a.start)
    if not roles or not named or named[-1].end > ts or not s.text.startswith(roles, ts):
        return False
    coordination = rules.words("coordination")
    chain = named[:1]
    for arg in sorted(s.args, key=lambda a: a.start):  # the list the first name begins, up to the trigger
        if chain[-1].end <= arg.start and arg.end <= ts and s.text[chain[-1].end:arg.start].strip() in coordination:
            chain.append(arg)
    last = max(named[-1].end, chain[-1].end)
    role = max((w for w in roles if s.text.startswith(w, ts)), key=len)
    if s.text.startswith(rules.lexicons.get("possessed_roles_not_before", ()), ts + len(role)):
        return False  # 阿里巴巴与银泰的合作伙伴关系: the relation between the names
    if s.text[last:ts].lstrip().startswith(rules.lexicons.get("role_apposition", ())):
        return False  # 来自亚马逊等竞争对手的用户: the names are rivals themselves (of the subject)
    after = ts + len(role)
    if s.text.startswith(rules.words("possessive"), after):
        return True  # 竞争对手的投资者: the role modifies the noun after it
    if any(after <= a.start and not s.text[after:a.start].strip() for a in s.args):
        return True  # 优步竞争对手SideCar的投资者: the role is the name's after it (apposition)
    in_chain = {(a.start, a.end) for a in chain}
    joined = len(chain) > 1 and all((a.start, a.end) in in_chain for a in named)
    return joined and s.text[last:ts].lstrip().startswith(rules.words("possessive"))
