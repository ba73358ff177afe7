"""Relations: triples from a parsed document, by the rules of ``kg.rules``.

``extract_triples(doc, article, rules)`` is a generator over the sentences of
a spaCy Doc: it finds trigger words, places the subject and object around
each trigger by the rule's frame, expands coordinated lists (淘宝、京东等 gives
one triple per object), and attaches date, amount, rate, scope, action and
status from the quantities and cue lexicons of the sentence. The engine knows
no words of its own; every word it reads comes from the data files."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Iterator

from spacy.tokens import Doc

from kg.model import Article, Evidence, SYMMETRIC_PREDICATES, Triple
from kg.quantities import Quantity
from kg.model import Mention
from kg.resolve import Resolver
from kg.rules import Rule, RuleSet

CLAUSE_BREAKS = "，,：:（）()"
MODIFIER_REACH = 24
PREP_REACH = 4
TOPIC_REACH = 8
TOPIC_LINKS = ("、", "和", "及", "以及", "")  # 与/同/跟 before a verb are mostly prepositions
CREDIT = re.compile(r"(?:科技|财经|网|新闻|日报)?讯")
POSSESSIVE = ("旗下的", "旗下", "的", "背后的")
RELATIVE_AFTER = re.compile(r"(?:出来|出去|掉|过)?的")  # a name this close to the start of a sentence is its topic  # characters between a preposition and its object (向外卖商家)  # how far past max_right a 的-modifier may carry the object
TOPIC_TYPES = ("Platform", "Program", "Company")
QUOTES = ("“", "\"", "「", "『", "《", "‘")
COMMENT_SECTION = ("评论", "网友评论", "精彩评论", "热门评论", "全部评论")


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
    token_before: dict = None  # end offset -> (start offset, tag) of the token ending there
    article_date: str | None = None
    has_trigger: bool = True  # False: only the topic was read, there is nothing to extract
    triggers: tuple = ()  # (start, end, word) of the trigger words

    def __post_init__(self) -> None:
        self.breaks = [i for i, c in enumerate(self.text) if c in CLAUSE_BREAKS]

    def clause(self, pos: int) -> tuple[int, int]:
        """The clause around ``pos``: between the clause breaks (，：（）) around it."""
        i = bisect_left(self.breaks, pos)
        start = self.breaks[i - 1] + 1 if i > 0 else 0
        end = self.breaks[i] if i < len(self.breaks) else len(self.text)
        return start, end


# --- small helpers over a sentence --------------------------------------------

def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(c, 0, pos) for c in CLAUSE_BREAKS) + 1
    ends = [i for i in (text.find(c, pos) for c in CLAUSE_BREAKS) if i != -1]
    return start, min(ends, default=len(text))


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
    chars = list(sentence.text)
    for arg in sentence.args:
        chars[arg.start:arg.end] = "□" * (arg.end - arg.start)
    return "".join(chars)


class Frames:
    """Where the arguments of a rule stand around one trigger."""

    def __init__(self, sentence: Sentence, rules: RuleSet, focus: Arg | None):
        self.s = sentence
        self.text = sentence.text
        self.args = sentence.args
        self.rules = rules
        self.focus = focus
        self.coordination = rules.words("coordination")
        self.masked = masked(sentence)

    # The argument lists -----------------------------------------------------

    def _inside(self, arg: Arg, ts: int, te: int) -> bool:
        return arg.start < te and arg.end > ts

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


# --- attributes -------------------------------------------------------------

def nearest(quantities: list[Quantity], kind: str, pos: int, lo: int, hi: int) -> Quantity | None:
    best = [q for q in quantities if q.kind == kind and lo <= q.start and q.end <= hi and not q.vague]
    return min(best, key=lambda q: (abs(q.start - pos), q.start)) if best else None


def attributes(rule: Rule, predicate: str, sentence: Sentence, rules: RuleSet, ts: int, te: int,
               lo: int, hi: int) -> dict:
    text = sentence.text
    c_start, c_end = sentence.clause(ts)
    attrs: dict = {}
    date = nearest(sentence.quantities, "date", ts, c_start, c_end) or nearest(
        sentence.quantities, "date", ts, 0, len(text))
    if date:
        attrs["date"] = date.value
    if predicate in ("penalizes", "advertises_on"):
        money = nearest(sentence.quantities, "money", ts, 0, len(text))
        if money:
            attrs["amount"] = money.value
    if predicate == "charges_fee":
        rate = nearest(sentence.quantities, "percent", te, c_start, c_end) or nearest(
            sentence.quantities, "percent", te, lo, len(text))
        if rate:
            attrs["rate"] = rate.value
    if predicate in ("blocks_link", "drives_traffic_to", "charges_fee"):
        scopes = [text[a:b] for a, b in occurrences(text, rules.words("scope"), c_start, c_end)]
        if scopes:
            attrs["scope"] = "、".join(dict.fromkeys(scopes))
    if predicate == "penalizes":
        action = penalty_action(text[c_start:c_end], rules) or penalty_action(text, rules) or rule.action
        if "amount" in attrs and has_any(text, rules.words("action_fine")):
            action = "fine"  # the action that goes with the amount
        if action:
            attrs["action"] = action
    status = triple_status(rule, predicate, sentence, rules, lo, ts, te, c_start, c_end, attrs.get("date"))
    if status:
        attrs["status"] = status
    if predicate == "partners_with":
        attrs["what"] = text[max(c_start, lo):c_end].strip()[:40]
    return attrs


ACTION_PRECEDENCE = ("fine", "suspend", "ban", "expel", "refund", "warn", "rectify")
DURATION = re.compile(r"[0-9一二三四五六七八九十两]+\s*(?:天|日|个月|周|小时)")


def penalty_action(text: str, rules: RuleSet) -> str | None:
    """The main action among the cues in the text: a fine before a
    suspension before a ban ... before a rectification (责令停业整顿 is a
    suspension, 被警告并罚款 a fine); a ban for a set time is a suspension."""
    found = [a for a in ACTION_PRECEDENCE if occurrences(text, rules.words(f"action_{a}"))]
    if not found:
        return None
    if found[0] == "ban" and DURATION.search(text):
        return "suspend"
    return found[0]


def triple_status(rule: Rule, predicate: str, sentence: Sentence, rules: RuleSet, lo: int, ts: int, te: int,
                  c_start: int, c_end: int, date: str | None = None) -> str | None:
    if sentence.in_comments:
        return "rumor"
    text = masked(sentence)
    around = text[min(lo, c_start):te]
    if has_any(text[:te], rules.words("status_rumor")):
        return "rumor"
    if has_any(around, rules.words("status_negated")):
        return "negated"
    if has_any(around, rules.words("status_forecast")):
        return "forecast"
    if has_any(around, rules.words("status_announced")) or has_any(text[ts:te], rules.words("status_announced")):
        return "announced"
    if rule.status:
        return rule.status
    if date and sentence.article_date and later(date, sentence.article_date):
        return "announced"  # a rule that takes effect after the article was written
    if predicate == "blocks_link" and has_any(text[c_start:c_end], rules.words("status_effective")):
        return "effective"
    return None


def later(date: str, reference: str) -> bool:
    """``date`` is after ``reference`` at the precision both have."""
    n = min(len(date), len(reference))
    return date[:n] > reference[:n]


# --- the generator ------------------------------------------------------------

def drop_descriptors(mentions: list, text: str) -> list:
    """A Group right before a name is its descriptor, not a party of its own:
    主播“小鹿姐”, 电商平台“乐享优选”, MCN机构谦寻."""
    kept = []
    for m, nxt in zip(mentions, mentions[1:] + [None]):
        if (m.type == "Group" and nxt is not None and nxt.type != "Group"
                and text[m.end:nxt.start].strip("“”\"「」 ") == ""):
            continue
        if CREDIT.match(text, m.end):
            continue  # 新浪科技讯: the source of the article, not a party
        kept.append(m)
    return kept


def governed_starts(text: str, table, first: int, last: int, offset: int, triggers: tuple) -> frozenset:
    """Where the names governed by a preposition or by a trigger word start
    (推出“快手小店”, 通过京东金融): objects, so not the subject of what follows.
    Tokens ``first``..``last`` of ``table`` make the sentence."""
    verb_ends, prep_ends = set(), set()
    for i in range(first, last):
        tag = table.tags[i]
        if tag.startswith("v"):
            verb_ends.add(table.end(i) - offset)
        elif tag == "p":
            prep_ends.add(table.end(i) - offset)
    ends = ({te for _, te, _ in triggers} & verb_ends) | prep_ends  # 推出, 接入; not 旗下
    starts = set()
    for end in ends:
        while end < len(text) and text[end] in QUOTES + ("了",):
            end += 1
        starts.add(end)
    return frozenset(starts)


def sentence_bounds(doc: Doc) -> list[tuple[int, int, int, int]]:
    """(first token, end token, start char, end char) of each sentence, from
    the SENT_START array (no Span objects)."""
    from spacy.attrs import SENT_START

    from kg.nlp import doc_text, token_table

    if len(doc) == 0:
        return []
    table = token_table(doc)
    flags = doc.to_array(SENT_START).tolist()
    firsts = [0] + [i for i in range(1, len(doc)) if flags[i] == 1]
    ends = firsts[1:] + [len(doc)]
    chars = [table.starts[i] for i in firsts] + [len(doc_text(doc))]
    return [(f, e, chars[k], chars[k + 1]) for k, (f, e) in enumerate(zip(firsts, ends))]


def sentences(doc: Doc, rules: RuleSet, resolver: Resolver, mentions: list[Mention]) -> Iterator[Sentence]:
    """Every sentence with what the rules need to know of it; a sentence
    without a trigger word is read for its topic only. ``mentions`` are the
    document's, with document offsets, in order."""
    from kg.nlp import doc_text, token_table

    table = token_table(doc)
    doc_chars = doc_text(doc)
    quantities = doc.user_data.get("quantities", [])
    m_starts = [m.start for m in mentions]
    q_starts = [q.start for q in quantities]
    in_comments = False
    for first, last, start, end_char in sentence_bounds(doc):
        text = doc_chars[start:end_char].rstrip()  # the line break that ends a paragraph is not part of it
        if text.strip() in COMMENT_SECTION:
            in_comments = True
        local_mentions = [replace(m, start=m.start - start, end=m.end - start)
                          for m in mentions[bisect_left(m_starts, start):bisect_left(m_starts, end_char)]
                          if m.end <= end_char]
        args = drop_descriptors(local_mentions, text)
        triggers = tuple(rules.triggers(text))
        if not triggers:  # nothing to extract: only its topic matters
            yield Sentence(text, start, [Arg(m.name, m.type, m.start, m.end) for m in args[:1]], [],
                           in_comments, has_trigger=False)
            continue
        local = [replace(q, start=q.start - start, end=q.end - start)
                 for q in quantities[bisect_left(q_starts, start):bisect_left(q_starts, end_char)]
                 if q.end <= end_char]
        token_before = {table.end(i) - start: (table.starts[i] - start, table.tags[i]) for i in range(first, last)}
        prep_first = False
        if args:
            c_start, _ = clause_bounds(text, args[0].start)
            prep_first = any(table.tags[i] in ("p", "c") for i in range(first, last)
                             if c_start <= table.starts[i] - start < args[0].start)
        yield Sentence(text, start, [Arg(m.name, m.type, m.start, m.end, cue=m.source != "gazetteer",
                                         parent=resolver.parent(m.name)) for m in args],
                       local, in_comments, governed_starts(text, table, first, last, start, triggers),
                       prep_first, token_before, doc.user_data.get("article_date"), True, triggers)


def confidence(rule: Rule, subject: Arg, obj: Arg) -> float:
    score = rule.confidence
    for arg in (subject, obj):
        score -= {"focus": 0.15, "sentence": 0.1, "default": 0.05}.get(arg.how, 0.0)
        score -= 0.05 if arg.cue else 0.0
    return round(max(score, 0.05), 2)


def extract_triples(doc: Doc, article: Article, rules: RuleSet, resolver: Resolver,
                    mentions: list[Mention]) -> Iterator[Triple]:
    """Every triple the rules find in the document, sentence by sentence."""
    focus: Arg | None = None
    for sentence in sentences(doc, rules, resolver, mentions):
        text = sentence.text
        topic = next((a for a in sentence.args if a.type in TOPIC_TYPES), None)
        if topic is not None and topic.start <= TOPIC_REACH:
            focus = topic
        if not sentence.has_trigger:
            continue
        frames = Frames(sentence, rules, focus)
        for ts, te, word in sentence.triggers:
            c_start, c_end = sentence.clause(ts)
            if has_any(text[:c_end], rules.words("hypothetical")):
                continue
            for rule in rules.rules_by_trigger[word]:
                if rule.requires and not has_any(text[c_start:c_end], rule.requires):
                    continue
                for subjects, objects in frames.match(rule, ts, te):
                    if rule.object_not_before:  # 成立了抖音电商部门: the object is the department
                        objects = [o for o in objects if o.end < 0 or not text.startswith(rule.object_not_before, o.end)]
                    if rule.group_names:
                        objects = [o for o in objects if o.type != "Group" or o.name in rule.group_names]
                    lo = min([a.start for a in subjects + objects if a.start >= 0] + [ts])
                    hi_args = [a.end for a in subjects + objects if a.end >= 0]
                    hi = max(hi_args + [te])
                    if rule.forbids and has_any(text[lo:hi], rule.forbids):
                        continue
                    for predicate in (rule.predicate, *rule.also):
                        attrs = attributes(rule, predicate, sentence, rules, ts, te, lo, hi)
                        if rule.respectively and len(subjects) == len(objects) > 1:
                            pairs = list(zip(subjects, objects))  # 淘宝联盟与京东联盟是淘宝与京东…创建的
                        else:
                            pairs = [(s, o) for s in subjects for o in objects]
                        if rule.both_ways:
                            pairs += [(o, s) for s, o in pairs]
                        for subject, obj in pairs:
                            if subject.name == obj.name:
                                continue
                            yield Triple(
                                subject=subject.name, subject_type=subject.type, predicate=predicate,
                                object=obj.name, object_type=obj.type, attrs=attrs,
                                evidence=Evidence(article.id, text, sentence.start, sentence.start + len(text)),
                                confidence=confidence(rule, subject, obj),
                            )
                    if subjects and subjects[0].how == "text":
                        focus = subjects[0] if subjects[0].type in TOPIC_TYPES else focus


def drop_defaults(triples: list[Triple], subjects: set[str], objects: set[str]) -> list[Triple]:
    """A named party always wins over a default one: a triple whose subject
    is a default agent (监管部门) goes when the document names an agent for
    the same event (predicate, object, action); one whose object is a default
    (第三方平台 for 切断外链) goes when the same sentence names the objects."""
    def event(t: Triple) -> tuple:
        return (t.predicate, t.object, t.attrs.get("action"))

    def act(t: Triple) -> tuple:
        return (t.predicate, t.subject, t.evidence.start)

    named_agents = {event(t) for t in triples if t.subject not in subjects}
    named_objects = {act(t) for t in triples if t.object not in objects}
    kept = [t for t in triples if not (t.subject in subjects and event(t) in named_agents)
            and not (t.object in objects and act(t) in named_objects)]
    # an agentless penalty in a document whose penalties come from one named
    # authority is that authority's (央行对支付宝开出罚单 … 蚂蚁集团被罚1.75亿元)
    authorities = Counter(t.subject for t in kept if t.subject_type == "Authority" and t.subject not in subjects)
    if authorities:
        agent = max(authorities.items(), key=lambda kv: (kv[1], -[t.subject for t in kept].index(kv[0])))[0]
        kept = [replace(t, subject=agent) if t.subject in subjects else t for t in kept]
    return kept


def best_per_key(triples: list[Triple]) -> list[Triple]:
    """One triple per (doc, subject, predicate, object), symmetric predicates
    unordered: the most confident, then the one with most attributes, then
    the first."""
    best: dict[tuple, tuple[tuple, Triple]] = {}
    for n, triple in enumerate(triples):
        s, p, o = triple.subject, triple.predicate, triple.object
        key = (triple.evidence.doc, p, *sorted((s, o))) if p in SYMMETRIC_PREDICATES else (triple.evidence.doc, s, p, o)
        rank = (-triple.confidence, -len(triple.attrs), n)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, triple)
    return [t for _, t in sorted(best.values(), key=lambda item: item[0][2])]
