"""Where the arguments of a rule stand: the sentence as the rules see it
(``Sentence``: its names, quantities, trigger words, clauses) and the frames
that place subject and object around a trigger (``Frames``). See
``kg.rules`` for the frames and the rule fields."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import combinations

from kg.quantities import Quantity
from kg.rules import Rule, RuleSet

CLAUSE_BREAKS = "，,：:（）()"
CLAUSE_BREAK = re.compile(f"[{re.escape(CLAUSE_BREAKS)}]")
MODIFIER_REACH = 24  # how far past max_right a 的-modifier may carry the object
PREP_REACH = 4  # characters between a preposition and its object (向外卖商家)
TOPIC_REACH = 8  # a name this close to the start of a sentence is its topic
TOPIC_LINKS = ("、", "和", "及", "以及", "")  # 与/同/跟 before a verb are mostly prepositions
POSSESSIVE = ("旗下的", "旗下", "的", "背后的")
RELATIVE_AFTER = re.compile(r"(?:出来|出去|掉|过)?的")  # 被驱逐出来的X: a relative clause
TOPIC_TYPES = ("Platform", "Program", "Company")
QUOTES = ("“", "\"", "「", "『", "《", "‘")


@dataclass(frozen=True)
class Arg:
    """An entity mention in a sentence (offsets local to the sentence)."""

    name: str
    type: str
    start: int
    end: int
    how: str = "text"  # "text", "focus" (carried topic) or "default" (agentless)
    cue: bool = False  # found by a cue, not the gazetteer
    parent: tuple[str, str] | None = None  # (name, type) of the platform or firm its name starts with


@dataclass
class Sentence:
    text: str
    start: int  # offset in the document
    args: list[Arg]
    quantities: list[Quantity]  # offsets local to the sentence
    in_comments: bool = False
    governed: frozenset = frozenset()  # starts of names right after a verb or preposition
    prep_before_first: bool = False  # a preposition or conjunction precedes the first name in its clause
    tokens: tuple = ()  # (token table, first token, end token) of the sentence
    article_date: str | None = None
    has_trigger: bool = True  # False: only the topic was read, there is nothing to extract
    triggers: tuple = ()  # (start, end, word) of the trigger words

    # Made when first read: a sentence without a trigger word is only read for its topic.
    @cached_property
    def breaks(self) -> list[int]:
        return [m.start() for m in CLAUSE_BREAK.finditer(self.text)]

    @cached_property
    def masked(self) -> str:
        return masked(self)  # once: the frames and the status cues both read it

    def first_end(self, words: tuple[str, ...]) -> int:
        """Where the first of ``words`` to end in the sentence ends (past the
        end if none is there): ``has_any(text[:end], words)`` is
        ``first_end(words) <= end``, found once for every trigger."""
        ends = self.__dict__.setdefault("_first_ends", {})
        if words not in ends:
            found = [i + len(w) for w in words if (i := self.text.find(w)) != -1]
            ends[words] = min(found, default=len(self.text) + 1)
        return ends[words]

    @cached_property
    def token_before(self) -> dict:
        """End offset -> (start offset, tag) of the token ending there; made
        only for the few sentences whose frames ask."""
        table, first, last = self.tokens
        offset = self.start
        return {table.end(i) - offset: (table.starts[i] - offset, table.tags[i]) for i in range(first, last)}

    def clause(self, pos: int) -> tuple[int, int]:
        """The clause around ``pos``: between the clause breaks (，：（）) around it."""
        i = bisect_left(self.breaks, pos)
        start = self.breaks[i - 1] + 1 if i > 0 else 0
        end = self.breaks[i] if i < len(self.breaks) else len(self.text)
        return start, end


# --- small helpers over a sentence --------------------------------------------

def occurrences(text: str, words: tuple[str, ...], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every word in text[start:end], the longest at each
    place, none inside another."""
    end = len(text) if end is None else end
    found: dict[int, int] = {}
    for word in words:
        i = text.find(word, start, end)
        while i != -1:
            if i + len(word) <= end and found.get(i, -1) < i + len(word):
                found[i] = i + len(word)
            i = text.find(word, i + 1, end)
    spans, reach = [], -1
    for s, e in sorted(found.items()):
        if e > reach:  # a word inside a longer one (购物车 in 直播间购物车) is not another
            spans.append((s, e))
            reach = e
    return spans


def names(args: list[Arg]) -> tuple[str, ...]:
    return tuple(a.name for a in args)


def has_any(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def masked(sentence: "Sentence") -> str:
    """The sentence with its entity names blanked out, for cue words that
    must not be read inside a name (平台 in 第三方平台)."""
    text = sentence.text
    for arg in sentence.args:
        text = text[:arg.start] + "□" * (arg.end - arg.start) + text[arg.end:]
    return text


class Frames:
    """Where the arguments of a rule stand around one trigger."""

    def __init__(self, sentence: Sentence, rules: RuleSet, focus: Arg | None):
        self.s = sentence
        self.text = sentence.text
        self.args = sentence.args
        self.rules = rules
        self.focus = focus
        self.coordination = rules.words("coordination")
        self.masked = sentence.masked

    # The argument lists -----------------------------------------------------

    def chain(self, first: Arg, types: tuple[str, ...], rightwards: bool, limit: int | None = None) -> list[Arg]:
        """``first`` and the names coordinated with it (、 和 与 及 ...)."""
        chain = [first]
        ordered = self.args if rightwards else list(reversed(self.args))
        for nxt in ordered[ordered.index(first) + 1:]:
            last = chain[-1]
            if rightwards:
                if nxt.start < last.end:
                    continue
                if limit is not None and nxt.end > limit:
                    break
                gap = self.text[last.end:nxt.start]
            else:
                if nxt.end > last.start:
                    continue
                if limit is not None and nxt.start < limit:
                    break
                gap = self.text[nxt.end:last.start]
            # side by side with nothing between is a list only for names of one
            # type (淘宝天猫); 主播王纯善 or 亚马逊中国海外购 is one thing named twice
            if nxt.type not in types or not ((gap == "" and nxt.type == last.type) or gap.strip() in self.coordination):
                break
            chain.append(nxt)
        return chain if rightwards else list(reversed(chain))

    def reachable(self, gap: str, max_gap: int) -> bool:
        """An argument stands close enough: within ``max_gap`` characters, or
        after a modifier ending in 的 (多次发布摆拍视频的博主“X”, 旗下的跨境电商平台X)."""
        if len(gap) <= max_gap:
            return True
        if len(gap) > max_gap + MODIFIER_REACH or any(c in gap for c in CLAUSE_BREAKS) or "的" not in gap:
            return False
        head = gap[gap.rindex("的") + 1:].strip("“”\"「」 ")
        # …的餐饮商家, …的博主“X”, 旗下的即时零售平台X; not 发布的商品链接即可跳转至X
        return len(head) <= 4 or (len(head) <= 10 and head.endswith(self.rules.words("head_nouns")))

    def right_of(self, pos: int, types: tuple[str, ...], max_gap: int, limit: int) -> Arg | None:
        """The first name after ``pos`` if it is close and of a wanted type;
        a generic Group that is not wanted is passed over (当家主播，董宇辉).
        Of two names side by side the last is the head (小程序商家 is 商家)."""
        following = [a for a in self.args if a.start >= pos]
        for i, arg in enumerate(following):
            if arg.end > limit or not self.reachable(self.text[pos:arg.start], max_gap):
                return None
            if arg.type not in types:
                if arg.type == "Group":
                    continue
                return None
            while (i + 1 < len(following) and following[i + 1].start == arg.end
                   and following[i + 1].type != arg.type and following[i + 1].type in types
                   and following[i + 1].end <= limit):
                i, arg = i + 1, following[i + 1]
            return arg
        return None

    def filled_by_unknown(self, pos: int, c_start: int) -> bool:
        """A noun that is no entity stands before ``pos`` in the clause (only
        adverbs between): 电商运营和巨量引擎…合作, 相关卡片将被下架."""
        token = self.s.token_before.get(pos)
        while token is not None and token[0] >= c_start and (token[1] in ("d", "c") or token[1] == "p"):
            token = self.s.token_before.get(token[0])
        if token is None or token[0] < c_start or any(a.start <= token[0] < a.end for a in self.args):
            return False
        pronoun = token[1] == "r" and not self.text[token[0]:pos].startswith(self.rules.words("anaphor"))
        return token[1].startswith(("n", "vn")) or pronoun  # 他们与李佳琦签署: someone we cannot name

    def left_of(self, pos: int, types: tuple[str, ...], max_gap: int, limit: int,
                exclude: tuple[str, ...] = (), prefer_free: bool = True) -> Arg | None:
        """The nearest wanted name before ``pos``; a name governed by a verb
        or preposition (推出“快手小店”, 通过京东金融) is taken only when
        there is no other."""
        found = [arg for arg in reversed(self.args)
                 if arg.end <= pos and arg.start >= limit and pos - arg.end <= max_gap and arg.type in types
                 and arg.name not in exclude]
        free = [arg for arg in found if arg.start not in self.s.governed] if prefer_free else found
        return (free or found or [None])[0]

    def topic(self) -> list[Arg]:
        """The sentence's topic: its first name with its list (抖音、快手…),
        if that name heads its clause (no preposition or verb governs it);
        else the platform carried over from earlier sentences."""
        if self.args and self.args[0].start not in self.s.governed and not self.s.prep_before_first:
            first = self.args[0]
            if len(self.args) > 1 and self.text[first.end:self.args[1].start] in POSSESSIVE:
                first = self.args[1]  # 腾讯旗下的微信支付: the head of the phrase is the topic
            members = [first]
            for nxt in self.args[self.args.index(first) + 1:]:
                link = self.text[members[-1].end:nxt.start].strip()
                if link not in TOPIC_LINKS or (link == "" and nxt.type != members[-1].type):
                    break
                members.append(nxt)
            return [replace(a, how="sentence") for a in members]
        if self.focus is not None:
            return [replace(self.focus, start=-1, end=-1, how="focus")]
        return []

    def subject_left(self, pos: int, rule: Rule, types: tuple[str, ...], exclude: tuple[str, ...] = (),
                     prefer_free: bool = True, strict: bool = False, topic_first: bool = True) -> list[Arg]:
        """The subject before ``pos``: in the clause, else (by the rule's
        scope) earlier in the sentence, else the platform in focus. Names in
        ``exclude`` (the other side's) are passed over."""
        c_start, _ = self.s.clause(pos)
        arg = self.left_of(pos, types, rule.max_left, c_start, exclude, prefer_free)
        if arg is not None:  # with the names listed before and after it (唯品会与苏宁易购…面临)
            before = self.chain(arg, types, rightwards=False, limit=c_start)
            after = self.chain(arg, types, rightwards=True, limit=pos)[1:]
            return before + [a for a in after if a.name not in exclude]
        if strict and self.filled_by_unknown(pos, c_start):
            return []  # 电商运营和巨量引擎…合作: the subject is a thing we do not name
        anaphor = has_any(self.masked[c_start:pos], self.rules.words("anaphor"))
        if rule.subject_scope in ("sentence", "focus") or anaphor:
            # a dropped subject is the sentence's topic, else the nearest name before
            topic = self.topic()
            if topic_first and topic and topic[0].end <= c_start and topic[0].type in types \
                    and topic[0].name not in exclude:
                return topic
            arg = self.left_of(c_start, types, 10 ** 6, 0, exclude)
            if arg is not None:  # a passive's patient: the nearest name before (X因…，被罚)
                return [replace(a, how="sentence") for a in self.chain(arg, types, rightwards=False)]
            if not topic_first and topic and topic[0].type in types and topic[0].name not in exclude:
                return topic
            if self.focus is not None and self.focus.type in types and (rule.subject_scope == "focus" or anaphor):
                return [replace(self.focus, start=-1, end=-1, how="focus")]
        return []

    def object_right(self, pos: int, rule: Rule, types: tuple[str, ...], end: int | None = None) -> list[Arg]:
        _, c_end = self.s.clause(pos)
        limit = len(self.text) if rule.object_scope == "sentence" else c_end
        limit = min(limit, end) if end is not None else limit
        arg = self.right_of(pos, types, rule.max_right, limit)
        return self.chain(arg, types, rightwards=True, limit=limit) if arg else []

    # The frames ---------------------------------------------------------------

    def match(self, rule: Rule, ts: int, te: int) -> list[tuple[list[Arg], list[Arg]]]:
        a_types, b_types = (rule.object_types, rule.subject_types) if rule.swap else (
            rule.subject_types, rule.object_types)
        found = getattr(self, "frame_" + rule.frame.lower())(rule, ts, te, a_types, b_types)
        if rule.swap:
            found = [(b, a) for a, b in found]
        return found

    def frame_a_t_b(self, rule, ts, te, a_types, b_types):
        objects = self.object_right(te, rule, b_types)
        if not objects and rule.default_object:  # 切断外链: the third parties
            name, kind = rule.default_object
            objects = [Arg(name, kind, -1, -1, how="default")]
        subjects = self.subject_left(ts, rule, a_types, names(objects)) if objects else []
        return [(subjects, objects)] if subjects and objects else []

    def frame_a_p_b_t(self, rule, ts, te, a_types, b_types):
        c_start, _ = self.s.clause(ts)
        if rule.object_scope == "sentence":  # 对源于第三方电商平台的商品链接,平台将…收取
            c_start = 0
        for ps, pe in reversed(occurrences(self.masked, rule.preps, c_start, ts)):
            first = self.right_of(pe, b_types, PREP_REACH, ts)
            if first is None:
                continue
            objects = self.chain(first, b_types, rightwards=True, limit=ts)
            sued = [(s, e) for s, e in occurrences(self.masked, self.rules.words("lawsuit"), objects[-1].end, ts)
                    if s == objects[-1].end]
            if sued:  # 对京东诉天猫一案: the defendant is the party
                defendant = self.right_of(sued[0][1], b_types, 1, ts)
                objects = self.chain(defendant, b_types, rightwards=True, limit=ts) if defendant else objects
            elif ts - objects[-1].end > rule.max_mid or self.any_between(objects[-1].end, ts):
                continue
            subjects = self.subject_left(ps, rule, a_types, names(objects), strict=True)
            if subjects:
                return [(subjects, objects)]
        return []

    def any_between(self, start: int, end: int) -> bool:
        return any(start <= a.start and a.end <= end for a in self.args)

    def frame_b_pass_a_t(self, rule, ts, te, a_types, b_types):
        c_start, _ = self.s.clause(ts)
        if not rule.preps and RELATIVE_AFTER.match(self.text, te):
            return []  # 被驱逐出来的鲁班商家: a description, not a reported act
        markers = occurrences(self.masked, rule.preps or self.rules.words("passive"), c_start, te)
        for ps, pe in reversed(markers):
            if ts - pe > rule.max_mid:
                continue
            agent = self.right_of(pe, a_types, 1, ts)
            if agent is not None:
                subjects = self.chain(agent, a_types, rightwards=True, limit=ts)
            elif (self.focus is not None and self.focus.type in a_types
                  and self.masked[pe:ts].startswith(self.rules.words("anaphor"))):
                subjects = [replace(self.focus, start=-1, end=-1, how="focus")]
            elif rule.default_subject and self.agentless(pe, ts):
                name, kind = rule.default_subject
                subjects = [Arg(name, kind, -1, -1, how="default")]
            else:
                continue
            objects = self.subject_left(ps, rule, b_types, names(subjects), prefer_free=False, strict=True,
                                        topic_first=False)
            if objects:
                return [(subjects, objects)]
        return []

    def agentless(self, start: int, end: int) -> bool:
        """Nothing stands for an agent between the passive marker and the
        verb but adverbs or a generic authority (被依法罚款, 被相关部门处罚);
        被小二警告 names an agent we do not know, so no default is put in."""
        gap = self.masked[start:end]
        for word in self.rules.words("agent_generic"):
            gap = gap.replace(word, "")
        return gap.strip() == ""

    def frame_p_b_t_a(self, rule, ts, te, a_types, b_types):
        c_start, c_end = self.s.clause(ts)
        for ps, pe in reversed(occurrences(self.masked, rule.preps, c_start, ts)):
            first = self.right_of(pe, b_types, 1, ts)
            if first is None:
                continue
            objects = self.chain(first, b_types, rightwards=True, limit=ts)
            if ts - objects[-1].end > rule.max_mid:
                continue
            subject = self.right_of(te, a_types, rule.max_right, c_end)
            if subject is not None:
                return [(self.chain(subject, a_types, rightwards=True, limit=c_end), objects)]
        return []

    def frame_b_t(self, rule, ts, te, a_types, b_types):
        """B … T with no agent: the program launches itself (抖音外卖将于3月1日上线);
        the owner is the platform or firm whose name it carries."""
        c_start, _ = self.s.clause(ts)
        thing = self.left_of(ts, b_types, rule.max_left, c_start)
        if thing is None or thing.parent is None or thing.parent[1] not in a_types:
            return []
        name, kind = thing.parent
        return [([Arg(name, kind, -1, -1, how="default")], [thing])]

    def frame_t_a_b(self, rule, ts, te, a_types, b_types):
        first = self.right_of(te, a_types, 1, self.s.clause(te)[1])
        if first is None:
            return []
        subjects = self.chain(first, a_types, rightwards=True)
        objects = self.object_right(subjects[-1].end, rule, b_types)
        return [(subjects, objects)] if objects else []

    def frame_list_t(self, rule, ts, te, a_types, b_types):
        c_start, _ = self.s.clause(ts)
        last = self.left_of(ts, a_types, rule.max_left, c_start)
        if last is None:
            return []
        members = self.chain(last, a_types, rightwards=False, limit=c_start)
        if self.text[:members[0].start].endswith(self.rules.words("with_preps")):
            return []  # 跟阿里、京东一战: the list is one side, not rivals among themselves
        links = [self.text[a.end:b.start].strip() for a, b in zip(members, members[1:])]
        pairs_listed = len(members) >= 4 and len(members) % 2 == 0 and all(
            (link == "、") == (i % 2 == 1) for i, link in enumerate(links))
        if pairs_listed:  # 当当和京东、京东和苏宁、京东和天猫之间: each couple is a pair
            return [([a], [b]) for a, b in zip(members[::2], members[1::2])]
        if "、" in links and any(link in self.rules.words("with_preps") for link in links):
            cut = next(i for i, link in enumerate(links) if link in self.rules.words("with_preps")) + 1
            return [([a], [b]) for a in members[:cut] for b in members[cut:]]  # 抖音与淘宝、京东
        return [([a], [b]) for a, b in combinations(members, 2)]

    def frame_a_b_t(self, rule, ts, te, a_types, b_types):
        c_start, _ = self.s.clause(ts)
        second = self.left_of(ts, b_types, rule.max_left, c_start)
        if second is None:
            return []
        first = self.left_of(second.start, a_types, 1, c_start)
        return [([first], [second])] if first is not None else []
