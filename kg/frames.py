"""The frames: where subject and object stand around a trigger, each a
function registered under its name (``FRAMES``: the names a rule may
give), placing the arguments with the searches of
``kg.arguments.ArgumentFinder``. See ``kg.rules`` for the frames and the
rule fields."""
from __future__ import annotations

from dataclasses import replace
from itertools import combinations
from typing import TYPE_CHECKING, Callable

from kg.arguments import PREP_REACH, ArgumentFinder, occurrences
from kg.guards import inside_name, modified, names, pair_before, verb_between
from kg.sentences import Arg

if TYPE_CHECKING:  # kg.rules reads FRAMES from here
    from kg.rules import Rule

TITLE_REACH = 8  # A_T_TITLES_B: the longest title words between the trigger and the name (视频号业务负责人)

# frame name -> function(frames, rule, trigger start, trigger end, A types, B types) -> [(subjects, objects)]
FRAMES: dict[str, Callable[..., list]] = {}


def frame(name: str):
    """Register the decorated function as the frame ``name`` (what a rule's
    ``frame`` may name).

    Parameters
    ----------
    name : str
        The frame's name, e.g. ``"A_T_B"``.

    Returns
    -------
    callable
        A decorator for ``function(frames, rule, ts, te, a_types, b_types)``
        returning ``[(subjects, objects), ...]``.
    """
    def register(function: Callable[..., list]) -> Callable[..., list]:
        FRAMES[name] = function
        return function

    return register


def match(finder: ArgumentFinder, rule: Rule, ts: int, te: int) -> list[tuple[list[Arg], list[Arg]]]:
    """The (subjects, objects) pairs the rule's frame finds around the
    trigger at [ts, te), by the function registered under the frame's name."""
    a_types, b_types = (rule.object_types, rule.subject_types) if rule.swap else (
        rule.subject_types, rule.object_types)
    found = FRAMES[rule.frame](finder, rule, ts, te, a_types, b_types)
    if rule.swap:
        found = [(b, a) for a, b in found]
    return found


# --- the frames ---------------------------------------------------------------

@frame("A_T_B")
def a_t_b(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    if rule.bare_trigger and (inside_name(f.s, ts, te) or modified(f.s, ts, f.s.clause(ts)[0])):
        return []  # 一家外卖公司CEO, 星河公司CEO: 公司 is another firm, not the one in focus
    objects = f.object_right(te, rule, b_types)
    if objects and objects[0].start >= 0 and rule.predicate in f.rules.schema.symmetric \
            and verb_between(f.s, f.rules, te, objects[0].start):
        return []  # 联手投资美团: 美团 is what the partners invest in, not a partner
    if not objects and rule.default_object:  # 切断外链: the third parties
        name, kind = rule.default_object
        objects = [Arg(name, kind, -1, -1, how="default")]
    subjects = f.subject_left(ts, rule, a_types, names(objects)) if objects else []
    if rule.nearest_only:  # 腾讯和京东创始人刘强东: the title is 京东's alone
        subjects = subjects[-1:]
    return [(subjects, objects)] if subjects and objects else []


@frame("A_P_B_T")
def a_p_b_t(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    c_start, _ = f.s.clause(ts)
    if rule.predicate in f.rules.words("role_predicates") and any(
            a.type == "Person" and te <= a.start and not f.text[te:a.start].strip() for a in f.args):
        return []  # 高某是摩托罗拉创始人保罗的儿子: the title is the name's right after it
    if rule.object_scope == "sentence":  # 对源于第三方电商平台的商品链接,平台将…收取
        c_start = 0
    for ps, pe in reversed(occurrences(f.masked, rule.preps, c_start, ts)):
        first = f.right_of(pe, b_types, PREP_REACH, ts)
        if first is None:
            continue
        joined = f.left_of(ps, b_types, 1, c_start, prefer_free=False)
        if f.masked[ps:pe] in f.coordination and joined is not None and joined.start in f.s.governed:
            continue  # 将与腾讯和百度合作: 和 joins two parties that 与 governs, it is no preposition
        objects = f.chain(first, b_types, rightwards=True, limit=ts)
        sued = [(s, e) for s, e in occurrences(f.masked, f.rules.words("lawsuit"), objects[-1].end, ts)
                if s == objects[-1].end]
        if sued:  # 对京东诉天猫一案: the defendant is the party
            defendant = f.right_of(sued[0][1], b_types, 1, ts)
            objects = f.chain(defendant, b_types, rightwards=True, limit=ts) if defendant else objects
        elif ts - objects[-1].end > rule.max_mid or f.any_between(objects[-1].end, ts):
            continue
        subjects = f.subject_left(ps, rule, a_types, names(objects), strict=True)
        if subjects and f.masked[ps:pe] in f.coordination and examples(f, subjects[0].start, objects[-1].end, ts):
            return []  # 与社交巨头，如A和B竞争: the list gives examples of what 与 governs, no parties of their own
        if (subjects and rule.predicate in f.rules.schema.symmetric and len(subjects) > 1
                and subjects[-1].end == ps and f.masked[ps:pe] in f.coordination):  # 阿里巴巴、腾讯和京东联手: every pair
            members = subjects + [o for o in objects if o.name not in names(subjects)]
            return [([a], [b]) for a, b in combinations(members, 2)]
        if subjects:
            return [(subjects, objects)]
    return []


@frame("B_PASS_A_T")
def b_pass_a_t(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    c_start, _ = f.s.clause(ts)
    if not rule.preps and f.text.startswith(f.rules.words("relative_after"), te):
        return []  # 被驱逐出来的鲁班商家: a description, not a reported act
    markers = occurrences(f.masked, rule.preps or f.rules.words("passive"), c_start, te)
    for ps, pe in reversed(markers):
        if ts - pe > rule.max_mid:
            continue
        agent = f.right_of(pe, a_types, 1, ts)
        if agent is not None:
            subjects = f.chain(agent, a_types, rightwards=True, limit=ts)
        elif (f.focus is not None and f.focus.type in a_types
              and f.masked[pe:ts].startswith(f.rules.words("anaphor"))):
            subjects = [replace(f.focus, start=-1, end=-1, how="focus")]
        elif rule.default_subject and f.agentless(pe, ts):
            name, kind = rule.default_subject
            subjects = [Arg(name, kind, -1, -1, how="default")]
        else:
            continue
        objects = f.subject_left(ps, rule, b_types, names(subjects), prefer_free=False, strict=True,
                                    topic_first=False)
        if objects and objects[-1].end >= 0 and f.text.startswith(f.rules.words("owned_heads"), objects[-1].end):
            return []  # 抖音及微博账号被禁言: the platforms name where the account is, not who is punished
        if objects:
            return [(subjects, objects)]
    return []


@frame("P_B_T_A")
def p_b_t_a(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    c_start, c_end = f.s.clause(ts)
    for ps, pe in reversed(occurrences(f.masked, rule.preps, c_start, ts)):
        first = f.right_of(pe, b_types, 1, ts)
        if first is None:
            continue
        objects = f.chain(first, b_types, rightwards=True, limit=ts)
        if ts - objects[-1].end > rule.max_mid:
            continue
        subject = f.right_of(te, a_types, rule.max_right, c_end)
        if subject is not None:
            return [(f.chain(subject, a_types, rightwards=True, limit=c_end), objects)]
    return []


@frame("T_A_B")
def t_a_b(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    first = f.right_of(te, a_types, 1, f.s.clause(te)[1])
    if first is None:
        return []
    subjects = f.chain(first, a_types, rightwards=True)
    objects = f.object_right(subjects[-1].end, rule, b_types)
    return [(subjects, objects)] if objects else []


@frame("LIST_T")
def list_t(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    c_start, _ = f.s.clause(ts)
    last = f.left_of(ts, a_types, rule.max_left, c_start)
    if last is None:
        return pair_before(f.s, f.rules, c_start, ts, a_types)
    members = f.chain(last, a_types, rightwards=False, limit=c_start)
    if f.text[:members[0].start].rstrip().endswith(f.rules.words("with_preps")):
        return []  # 跟阿里、京东一战: the list is one side, not rivals among themselves
    if examples(f, members[0].start, members[-1].end, ts):
        return []  # 与社交巨头，如A和B竞争
    links = [f.text[a.end:b.start].strip() for a, b in zip(members, members[1:])]
    commas = f.rules.words("list_commas")
    pairs_listed = len(members) >= 4 and len(members) % 2 == 0 and all(
        (link in commas) == (i % 2 == 1) for i, link in enumerate(links))
    if pairs_listed:  # 当当和京东、京东和苏宁、京东和天猫之间: each couple is a pair
        return [([a], [b]) for a, b in zip(members[::2], members[1::2])]
    if any(link in commas for link in links) and any(link in f.rules.words("with_preps") for link in links):
        cut = next(i for i, link in enumerate(links) if link in f.rules.words("with_preps")) + 1
        return [([a], [b]) for a in members[:cut] for b in members[cut:]]  # 抖音与淘宝、京东
    return [([a], [b]) for a, b in combinations(members, 2)]


@frame("A_B_T")
def a_b_t(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    c_start, _ = f.s.clause(ts)
    second = f.left_of(ts, b_types, rule.max_left, c_start)
    if second is None:
        return []
    seconds = [second]  # 抖音及微博账号: a list joined by a conjunction (not 天猫抖音, a pair)
    while True:
        before = f.left_of(seconds[0].start, b_types, 2, c_start)
        if before is None or f.text[before.end:seconds[0].start].strip() not in f.coordination:
            break
        seconds.insert(0, before)
    first = f.left_of(seconds[0].start, a_types, 1, c_start)
    return [([first], seconds)] if first is not None else []


@frame("B_T")
def b_t(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    """B … T with no agent: the program launches itself (抖音外卖将于3月1日上线);
    the owner is the platform or firm whose name it carries."""
    c_start, c_end = f.s.clause(ts)
    thing = f.left_of(ts, b_types, rule.max_left, c_start)
    if thing is None or thing.parent is None or thing.parent[1] not in a_types:
        return []
    if f.text[:thing.start].rstrip().endswith(f.rules.words("recipient_preps")):
        return []  # 向淘宝联盟开放: something opens to the program, it does not launch
    after = f.s.token_after.get(te)
    while after is not None and after[0] <= c_end and after[1] in ("ul", "uz", "ug", "y"):  # 了, 着, 过
        after = f.s.token_after.get(after[0])
    if after is not None and after[0] <= c_end and after[1].startswith(("n", "v", "a", "eng")):
        return []  # 美团打车上线聚合模式: the program launches something, it is not launched
    name, kind = thing.parent
    return [([Arg(name, kind, -1, -1, how="default")], [thing])]


@frame("T_LIST")
def t_list(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    """T A、B(、C): a list right after the trigger, every pair (对手阿里巴巴和腾讯);
    not when a name stands before the trigger in its clause (淘宝的竞争对手京东和拼多多:
    the rivals are the first name's)."""
    c_start, c_end = f.s.clause(ts)
    if f.left_of(ts, a_types, rule.max_left, c_start) is not None:
        return []
    first = f.right_of(te, a_types, rule.max_right, c_end)
    members = f.chain(first, a_types, rightwards=True, limit=c_end) if first else []
    return [([a], [b]) for a, b in combinations(members, 2)]


@frame("A_T_TITLES_B")
def a_t_titles_b(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    """A T、[C] T2 B: titles stacked before a name, each after its own
    organisation; the first is B's too (中国人民银行党委书记、银保监会主席郭某:
    郭某 is 中国人民银行's). Between the trigger and B stand only names and
    title words (``rule.requires``: what the rest must end with)."""
    _, c_end = f.s.clause(ts)
    b = next((a for a in f.args if a.start >= te and a.end <= c_end and a.type in b_types), None)
    if b is None or b.start - te > rule.max_right:
        return []
    rest = f.masked[te:b.start].replace("□", "").strip()
    if len(rest) > TITLE_REACH or not rest.endswith(rule.requires) or any(a.type in b_types for a in f.args if te <= a.start < b.start):
        return []
    subjects = f.subject_left(ts, rule, a_types, (b.name,))[-1:]
    return [(subjects, [b])] if subjects else []


@frame("A_T_TOPIC")
def a_t_topic(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    """A T, B the topic of the sentence before A's clause: a title with no
    organisation is the topic's (面壁智能是一家AI公司，刘某担任联合创始人)
    when it is the only organisation before; not a topic carried over from
    other sentences."""
    c_start, _ = f.s.clause(ts)
    subject = f.left_of(ts, a_types, rule.max_left, c_start)
    if subject is None or f.text.startswith(f.rules.words("possessive"), te):
        return []  # 担任CEO的张某: a description of someone else
    topic = [t for t in f.topic() if t.how == "sentence" and t.type in b_types and 0 <= t.end <= c_start]
    if not topic or any(a.type in b_types and a.name != topic[0].name for a in f.args if 0 <= a.start < c_start):
        return []  # 腾讯入股了蔚来，李某担任CEO: which firm's, the text does not say for sure
    return [([subject], topic[:1])]


def examples(f: ArgumentFinder, start: int, end: int, ts: int) -> bool:
    """A list set off by a clause break and an example word (lexicon
    ``example_marks``: ，如 / ，例如) and joined to the trigger as a verb (no 的 between): the names are
    examples of a noun said before (当你与社交媒体巨头，如A和B竞争时), not
    parties acting together; 如A和B的竞争 still names their rivalry."""
    marks, before = f.rules.lexicons.get("example_marks", ()), f.text[:start].rstrip()
    mark = next((m for m in sorted(marks, key=len, reverse=True) if before.endswith(m)), None)
    if mark is None or not before[:-len(mark)].rstrip().endswith(f.rules.words("clause_breaks")):
        return False  # 头部平台如抖音和快手竞争激烈: a list that is the subject itself
    return not f.text[end:ts].strip().startswith(f.rules.words("possessive")) and "的" not in f.text[end:ts]
