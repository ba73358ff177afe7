"""Finding the arguments of a rule in a sentence (``kg.sentences.Sentence``):
the names left and right of a trigger, coordinated lists, the sentence's
topic and what stands between two places. The frames (``kg.frames``) place
subject and object with these searches. The words read are the lexicons of
the rule set (``data/lexicons.jsonl``)."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kg.guards import has_any, list_gap
from kg.sentences import Arg, Sentence
from kg.wordmatch import occurrences  # noqa: F401  (the frames and attributes import it from here)

if TYPE_CHECKING:  # kg.rules reads kg.frames, which reads this module
    from kg.rules import Rule, RuleSet

MODIFIER_REACH = 24  # how far past max_right a 的-modifier may carry the object
PREP_REACH = 4  # characters between a preposition and its object (向外卖商家)
TOPIC_REACH = 8  # a name this close to the start of a sentence is its topic
TOPIC_TYPES = ("Platform", "Program", "Company")


class ArgumentFinder:
    """Where the arguments of a rule may stand around one trigger: the
    searches left and right of it, lists, the topic, what stands between."""

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
            gap = self.past_tail(gap)  # 百度打车、腾讯出行: 打车 ends the item, the 、 joins
            # side by side with nothing between is a list only for names of one
            # type (淘宝天猫); 主播王纯善 or 亚马逊中国海外购 is one thing named twice
            if nxt.type not in types or not ((gap == "" and nxt.type == last.type) or gap.strip() in self.coordination
                                             or (nxt.type == last.type and list_gap(gap, self.rules))):
                break
            chain.append(nxt)
        return chain if rightwards else list(reversed(chain))

    def reachable(self, gap: str, max_gap: int) -> bool:
        """An argument stands close enough: within ``max_gap`` characters, or
        after a modifier ending in 的 (多次发布摆拍视频的博主“X”, 旗下的跨境电商平台X)."""
        if len(gap) <= max_gap:
            return True
        words = self.rules.words
        if len(gap) > max_gap + MODIFIER_REACH or has_any(gap, words("clause_breaks")):
            return False
        cut = max((gap.rfind(m) + len(m) for m in words("modifier_marks") if m in gap), default=-1)
        if cut == -1:
            return False
        head = gap[cut:].strip("".join(words("quote_marks")) + " ")
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
        end, token = pos, self.s.token_before.get(pos)
        while token is not None and token[0] >= c_start and (
                token[1] in ("d", "c", "p") or not self.text[token[0]:end].strip()):  # adverbs, spaces
            end, token = token[0], self.s.token_before.get(token[0])
        if token is None or token[0] < c_start or any(a.start <= token[0] < a.end for a in self.args):
            return False
        pronoun = token[1] == "r" and not self.text[token[0]:pos].startswith(self.rules.words("anaphor"))
        # 他们与李佳琦签署: someone we cannot name; Ofo和Mobike合并: a Latin name we do not know
        return token[1].startswith(("n", "vn", "eng")) or pronoun

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
            if len(self.args) > 1 and self.text[first.end:self.args[1].start] in self.rules.words("possessive"):
                first = self.args[1]  # 腾讯旗下的微信支付: the head of the phrase is the topic
            members = [first]
            links = self.rules.words("topic_links")  # and side by side: 淘宝天猫
            for nxt in self.args[self.args.index(first) + 1:]:
                link = self.text[members[-1].end:nxt.start].strip()
                if (link != "" and link not in links) or (link == "" and nxt.type != members[-1].type):
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
            if topic_first and topic and topic[0].end <= c_start and topic[0].type == "Person" \
                    and topic[0].start <= TOPIC_REACH and "Person" not in types:
                return []  # 程某曾在阿里巴巴工作，后来创办了滴滴: the person is the one who acts
            arg = self.left_of(c_start, types, 10 ** 6, 0, exclude)
            if arg is not None and has_any(self.masked[arg.end:pos], self.rules.words("other_referent")):
                return []  # 抖音显示，该用户…已被禁言: the party is the one the pronoun stands for
            if arg is not None and arg.type == "Group" and rule.predicate != "penalizes":
                return []  # …的地图供应商之一，与百度合作: a generic noun of another clause is no party
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
        modifier = next((w for w in self.rules.words("relative_verbs") if arg and self.text.startswith(w, arg.end)), None)
        if modifier:  # 收购了腾讯控股的X: 腾讯 modifies the head, which is the object (if we know it)
            arg = self.right_of(arg.end + len(modifier), types, 2, limit)
        return self.chain(arg, types, rightwards=True, limit=limit) if arg else []

    def any_between(self, start: int, end: int) -> bool:
        """A name stands between ``start`` and ``end``; the groups right after
        a list's 等 (滴滴、高德等网约车平台、聚合平台) name its kind, no party."""
        pos = start
        for a in (a for a in self.args if start <= a.start and a.end <= end):
            if a.type == "Group" and (self.list_kind(self.past_tail(self.masked[pos:a.start])) if pos == start
                                      else self.masked[pos:a.start].strip() in self.coordination):
                pos = a.end
                continue
            return True
        return False

    def past_tail(self, gap: str) -> str:
        """``gap`` without the service word that ends the name before it
        (携程用车、: 携程 is known, 用车 still belongs to its item)."""
        tail = next((t for t in self.rules.words("name_tails") if gap.startswith(t)), "")
        return gap[len(tail):]

    def list_kind(self, gap: str) -> bool:
        """``gap`` is a list's 等 and its count (等, 等9家): what follows names the kind."""
        words = self.rules.words
        mark = next((m for m in words("list_kind_marks") if gap.startswith(m)), None)
        if mark is None:
            return False
        rest = gap[len(mark):].lstrip("".join(words("duration_numerals")))
        return rest == "" or rest in words("list_kind_counters")

    def agentless(self, start: int, end: int) -> bool:
        """Nothing stands for an agent between the passive marker and the
        verb but adverbs or a generic authority (被依法罚款, 被相关部门处罚);
        被小二警告 names an agent we do not know, so no default is put in."""
        gap = self.masked[start:end]
        for word in self.rules.words("agent_generic"):
            gap = gap.replace(word, "")
        return gap.strip() == ""
