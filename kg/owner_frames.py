"""The frames of ownership (who holds, runs or backs what), registered in
``kg.frames.FRAMES`` like the others when this module is imported (``kg.rules``
imports it): a clause's dropped subject taken from the sentence's topic
(``TOPIC_T_B``), a round's investors (``A_T_TOPIC``), an agent with a
description (``B_BY_A_T``, ``BY_A_T_B``), a firm before the descriptor of
its product (``A_DESC_B``), an owner's suffix (``OWNER_T_B``: 阿里系), the
head of a possessive phrase as object (``A_T_HEAD``)."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kg.arguments import TOPIC_REACH, ArgumentFinder, occurrences
from kg.frames import a_p_b_t, frame
from kg.guards import has_any, names, verb_between
from kg.sentences import Arg

if TYPE_CHECKING:  # kg.rules imports this module
    from kg.rules import Rule, RuleSet
    from kg.sentences import Sentence


def inside_name(f: ArgumentFinder, ts: int) -> bool:
    """The trigger at ``ts`` is part of a name (投资 in 云铂投资, 平台 in 抖音平台)."""
    return any(a.start <= ts < a.end for a in f.args)


@frame("TOPIC_T_B")
def topic_t_b(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    """…A…，T B: a clause that names no subject of its own has the
    sentence's topic (or the platform in focus) for subject (腾讯收购了
    特斯拉的股份，投资了Flipkart); never the nearest name of another clause,
    and nothing when any name or an unknown noun stands before the trigger
    in its clause (其中红杉投资了X, 用户投资了X)."""
    c_start, _ = f.s.clause(ts)
    if (inside_name(f, ts) or c_start == 0 or any(c_start <= a.start and a.end <= ts for a in f.args)
            or f.filled_by_unknown(ts, c_start)):
        return []
    objects = head_objects(f, rule, te, b_types)
    if not objects:
        return []
    opening, words = f.text.lstrip(), f.rules.words
    subjects = sentence_topic(f, a_types, c_start)
    if (not subjects and f.focus is not None and f.focus.type in a_types and opening.startswith(words("anaphor"))
            and not opening.startswith(words("not_anaphor"))):  # 它收购了…，投资了X
        subjects = [replace(f.focus, start=-1, end=-1, how="focus")]
    subjects = [a for a in subjects if a.name not in names(objects)]
    return [(subjects, objects)] if subjects else []


def sentence_topic(f: ArgumentFinder, types: tuple, before: int) -> list[Arg]:
    """The name heading the sentence (within ``TOPIC_REACH`` of its start, no
    verb or preposition before it) with its list, if it ends before
    ``before`` and is of a wanted type; else nothing."""
    first = f.args[0] if f.args else None
    if (first is None or first.end > before or first.start > TOPIC_REACH or first.type not in types
            or first.start in f.s.governed or verb_between(f.s, f.rules, 0, first.start)):
        return []
    return [replace(a, how="sentence") for a in f.chain(first, types, rightwards=True, limit=before)]


@frame("A_T_TOPIC")
def a_t_topic(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    """X完成…融资，(由)A领投，B、C跟投: a verb with no object of its own in
    a later clause of a sentence about a round; the object is the name that
    heads the sentence, the subjects the names right before the verb. A
    round word (``round_words``) must stand before the clause."""
    c_start, c_end = f.s.clause(ts)
    if inside_name(f, ts) or c_start == 0 or any(te <= a.start and a.end <= c_end for a in f.args):
        return []
    last = f.left_of(ts, a_types, rule.max_left, c_start)
    if last is None:
        return []
    return round_pairs(f, f.chain(last, a_types, rightwards=False, limit=c_start), b_types, c_start)


@frame("T_A_TOPIC")
def t_a_topic(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    """X完成…融资，(本轮)投资方包括A、B和C: a later clause that opens with
    the trigger lists the investors after it; the object is the name that
    heads the sentence. A round word (``round_words``) must stand before the
    clause, and nothing but a few characters before the trigger in it."""
    c_start, c_end = f.s.clause(ts)
    if inside_name(f, ts) or c_start == 0 or ts - c_start > 3 or any(c_start <= a.start < ts for a in f.args):
        return []
    first = f.right_of(te, a_types, rule.max_right, c_end)
    if first is None:
        return []
    return round_pairs(f, f.chain(first, a_types, rightwards=True, limit=c_end), b_types, c_start)


def round_pairs(f: ArgumentFinder, subjects: list, b_types: tuple, c_start: int) -> list:
    """The investors of a round named in a later clause (from ``c_start``)
    paired with the name that heads the sentence, when a round word
    (``round_words``) stands before that clause."""
    if not has_any(f.masked[:c_start], f.rules.words("round_words")):
        return []
    objects = [a for a in sentence_topic(f, b_types, c_start) if a.name not in names(subjects)]
    return [(subjects, objects)] if objects else []


def head_after(f: ArgumentFinder, arg: Arg, types: tuple, limit: int) -> Arg:
    """The head of ``arg``'s phrase: the name after it when ``arg`` only
    modifies it (阿里巴巴的关联公司蚂蚁金服, 腾讯旗下的微信): a possessive
    mark, then at most a short descriptor ending in a head noun."""
    nxt = next((a for a in f.args if a.start >= arg.end and a.end <= limit), None)
    if nxt is None or nxt.type not in types:
        return arg
    gap = f.text[arg.end:nxt.start]
    mark = next((m for m in f.rules.words("possessive") if gap.strip().startswith(m)), None)
    if mark is None:
        return arg
    rest_start = arg.end + gap.index(mark) + len(mark)
    rest = f.text[rest_start:nxt.start].strip()
    if len(rest) > 6 or (rest and not nominal(f, rest_start, nxt.start)):
        return arg
    return head_after(f, nxt, types, limit)


def nominal(f: ArgumentFinder, start: int, end: int, first_verb: bool = False, also: tuple = ()) -> bool:
    """Only nouns and adjectives (and a verb inside them, 移动支付) stand in
    [start, end): a descriptor, not a phrase with a verb or a conjunction of
    its own (的股份和, 超过电商)."""
    pos, seen = start, first_verb
    while pos < end:
        token = f.s.token_after.get(pos)
        if token is None or token[1] in ("nr", "nrt") or not (
                token[1].startswith(("n", "a", "b", "eng", "vn") + also) or (seen and token[1] == "v")
                or not f.text[pos:token[0]].strip()):
            return False
        pos, seen = token[0], True
    return True


def described(f: ArgumentFinder, pos: int, types: tuple, limit: int) -> Arg | None:
    """The first name after ``pos`` when only a short descriptor ending in
    a head noun stands before it (由电商巨头阿里巴巴, 由科技公司腾讯)."""
    pos += len(next((w for w in f.rules.words("governed_skip") if f.text.startswith(w, pos)), ""))  # 收购了
    nxt = next((a for a in f.args if a.start >= pos and a.type != "Group"), None)  # 服务商达达: a kind word
    if nxt is None or nxt.end > limit or nxt.type not in types:
        return None
    gap = f.text[pos:nxt.start].strip()
    breaks = f.rules.words("clause_breaks") + f.rules.words("sentence_ends")
    return nxt if 0 < len(gap) <= 8 and gap.endswith(f.rules.words("owner_descriptor_heads")) \
        and not has_any(gap, breaks) else None


@frame("B_BY_A_T")
def b_by_a_t(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    """B 由 [描述的] A T: the agent may carry a description before it (由3300
    亿美元的科技巨头腾讯运营) or stand as the head of a possessive phrase (由
    阿里巴巴的关联公司蚂蚁金服管理: 蚂蚁金服); it ends at most ``max_right``
    characters before the trigger (由腾讯投资、京东运营 gives 京东 nothing)."""
    c_start, _ = f.s.clause(ts)
    for ps, pe in reversed(occurrences(f.masked, rule.preps, c_start, ts)):
        if ts - pe > rule.max_mid:
            continue
        agent = f.right_of(pe, a_types, 1, ts) or described(f, pe, a_types, ts)
        if agent is None:
            continue
        agent = head_after(f, agent, a_types, ts)
        subjects = f.chain(agent, a_types, rightwards=True, limit=ts)
        if len(f.text[subjects[-1].end:ts].strip()) > rule.max_right:
            continue
        objects = f.subject_left(ps, rule, b_types, names(subjects), prefer_free=False, strict=True,
                                 topic_first=False)
        if not objects and ps == c_start and f.text[:c_start].rstrip().endswith(f.rules.words("open_brackets")):
            before = f.left_of(len(f.text[:c_start].rstrip()) - 1, b_types, 1, 0)  # 菜鸟（由阿里巴巴控股）
            objects = [before] if before is not None else []
        if objects:
            return [(subjects, objects)]
    return []


@frame("A_DESC_B")
def a_desc_b(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    """A [descriptor] T B with T a head noun of the thing named after it:
    the firm before the descriptor owns it (华为聚合打车平台Petal出行, 抖音电商
    广告平台“巨量千川”). Between A and T only nouns (no verb, no 的, no
    punctuation: 阿里巴巴超过电商平台拼多多 gives nothing), B right after T
    (quotes and spaces aside)."""
    c_start, c_end = f.s.clause(ts)
    if inside_name(f, ts):
        return []
    quotes = "".join(f.rules.words("quote_marks")) + " "
    obj = next((a for a in f.args if a.start >= te and a.end <= c_end), None)
    if obj is None or obj.type not in b_types or f.text[te:obj.start].strip(quotes):
        return []
    owner = next((a for a in reversed(f.args) if a.end <= ts and a.start >= c_start), None)
    if owner is None or owner.type not in a_types or owner.name == obj.name or ts - owner.end > rule.max_left:
        return []
    # nouns between owner and trigger; a verb only inside them (移动支付应用), never first
    return [([owner], [obj])] if nominal(f, owner.end, ts) else []


@frame("OWNER_T_B")
def owner_t_b(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    """A T B with the owner's name ending right at the trigger, a suffix of
    it (阿里系的饿了么, 腾讯系公司拼多多); nothing when the owner ends a list
    (阿里和腾讯系的京东: which group each belongs to is not said)."""
    owner = next((a for a in f.args if a.end == ts and a.type in a_types), None)
    if owner is None or f.text[:owner.start].rstrip().endswith(f.coordination):
        return []
    objects = [o for o in f.object_right(te, rule, b_types) if o.name != owner.name]
    return [([owner], objects)] if objects else []


def head_objects(f: ArgumentFinder, rule: Rule, te: int, b_types: tuple) -> list[Arg]:
    """The objects after a verb: as ``object_right``, also after a
    descriptor of nouns ending in a head word (收购了大型超市公司Sun Art),
    the head of a possessive phrase (并购Delivery Hero旗下foodpanda, 收购了
    阿里巴巴的子公司饿了么: the firm bought is the one named last); none when
    a preposition governs the name (投资了一家为拼多多提供服务的公司)."""
    objects = f.object_right(te, rule, b_types)
    c_end = f.s.clause(te)[1]
    skip = len(next((w for w in f.rules.words("governed_skip") if f.text.startswith(w, te)), ""))
    if objects and objects[0].start >= te and has_any(f.masked[te:objects[0].start], f.rules.words("object_preps")) \
            and not nominal(f, te + skip, objects[0].start, also=("r", "m", "q")):  # 在 of 在线杂货商 is no preposition
        return []
    if not objects:
        first = described(f, te, b_types, c_end)
        first = first if first is not None and nominal(f, te + skip, first.start, also=("r", "m", "q")) else None
        objects = f.chain(first, b_types, rightwards=True, limit=c_end) if first else []
    if objects:
        head = head_after(f, objects[0], b_types, c_end)
        if head is not objects[0]:
            objects = f.chain(head, b_types, rightwards=True, limit=c_end)
    return objects


@frame("A_T_HEAD")
def a_t_head(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    """A T B as ``A_T_B``, the objects read by ``head_objects``."""
    objects = head_objects(f, rule, te, b_types)
    agent = next((a for a in f.args if a.end == ts and a.type in a_types and a.start in f.s.governed), None)
    if objects and agent is not None and f.text[:agent.start].rstrip().endswith(f.rules.words("nested_agent_preps")):
        subjects = [agent] if agent.name not in names(objects) else []  # 网易对腾讯收购虎牙表示关注: 腾讯 buys
    else:
        subjects = f.subject_left(ts, rule, a_types, names(objects)) if objects else []
    subjects = joint_partners(f, subjects, a_types, ts, names(objects))
    return [(subjects, objects)] if subjects and objects else []


def joint_partners(f: ArgumentFinder, subjects: list[Arg], types: tuple, limit: int, exclude: tuple) -> list[Arg]:
    """The subjects with the partner a word of joint action joins to the
    last of them before the verb (阿里巴巴联合蚂蚁金服收购饿了么, 腾讯联手京东
    投资…): both act."""
    if not subjects or subjects[-1].end < 0:
        return subjects
    partner = next((a for a in f.args if a.start > subjects[-1].end and a.end <= limit), None)
    if (partner is None or partner.type not in types or partner.name in names(subjects) + tuple(exclude)
            or f.text[subjects[-1].end:partner.start].strip() not in f.rules.words("owns_joint_words")):
        return subjects
    return subjects + [partner]


@frame("BY_A_T_B")
def by_a_t_b(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    """由/被 A T B: a relative clause with its agent (由腾讯和淡马锡支持的
    打车应用滴滴, 被腾讯控股的京东); A right after the marker (the ``preps``,
    at most ``max_mid`` characters before the trigger), B right after the
    trigger or after a short descriptor of nouns (中国打车应用)."""
    c_start, c_end = f.s.clause(ts)
    if inside_name(f, ts):
        return []
    for ps, pe in reversed(occurrences(f.masked, rule.preps, c_start, ts)):
        agent = f.right_of(pe, a_types, 1, ts)
        if agent is None:
            continue
        subjects = f.chain(agent, a_types, rightwards=True, limit=ts)
        if ts - subjects[-1].end > rule.max_mid:
            continue
        obj = next((a for a in f.args if a.start >= te and a.end <= c_end), None)
        if obj is None or obj.type not in b_types or obj.start - te > rule.max_right \
                or not nominal(f, te, obj.start, first_verb=True):
            return []
        return [(subjects, f.chain(obj, b_types, rightwards=True, limit=c_end))]
    return []


@frame("CHAIN_P_B_T")
def chain_p_b_t(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    """…A…，P B T as ``A_P_B_T`` for a clause with no subject of its own
    (马云已经取代软银，成为了阿里巴巴的最大股东): the subject is the name that
    opens the clause right before (nothing but a few characters ahead of it
    and no verb), never a name inside that clause (外界发现马云…，成为…
    gives nothing) nor the topic of a clause further back."""
    c_start, _ = f.s.clause(ts)
    if c_start == 0:
        return []
    before = len(f.text[:c_start].rstrip().rstrip("".join(f.rules.words("clause_breaks")))) - 1
    if before < 0:
        return []
    p_start, _ = f.s.clause(before)
    opener = next((a for a in f.args if a.start >= p_start), None)
    if (opener is None or opener.end > before or opener.type not in a_types or opener.start - p_start > 2
            or verb_between(f.s, f.rules, p_start, opener.start)):
        return []
    found = []
    for subjects, objects in a_p_b_t(f, rule, ts, te, a_types, b_types):
        if any(c_start <= a.start and a.end <= objects[0].start for a in f.args if a.type in a_types):
            continue  # the clause names a subject of its own
        if opener.name in names(subjects) and opener.name not in names(objects):
            found.append(([replace(opener, how="sentence")], objects))
    return found


@frame("A_P_B_NOUN_T")
def a_p_b_noun_t(f: ArgumentFinder, rule: Rule, ts: int, te: int, a_types: tuple, b_types: tuple) -> list:
    """A 对 B (的) T with T a noun (阿里巴巴完成对饿了么的全资收购): as
    ``A_P_B_T``, but nothing when a name follows the trigger, which is then
    a verb of B's own (对腾讯收购虎牙表示关注: 腾讯 buys, the subject does not)."""
    c_end = f.s.clause(ts)[1]
    nxt = next((a for a in f.args if a.start >= te), None)
    if nxt is not None and nxt.end <= c_end and not f.text[te:nxt.start].strip(" 了的“”\"「」"):
        return []
    return [(joint_partners(f, subjects, a_types, ts, names(objects)), objects)
            for subjects, objects in a_p_b_t(f, rule, ts, te, a_types, b_types)]


def descriptor_names(sentence: Sentence, rules: RuleSet, args: list[Arg]) -> list[Arg]:
    """``args`` without a cue-made name that only describes the name after
    it (存储芯片公司昕原半导体, 重要关联公司蚂蚁集团): a firm's kind word
    (``descriptor_firm_heads``) ending the span, a known name or a bound
    morpheme of an unknown one right after it."""
    heads = rules.lexicons.get("descriptor_firm_heads", ())

    def descriptor(a: Arg) -> bool:
        if not a.cue or a.end <= 0 or not sentence.text[a.start:a.end].endswith(heads):
            return False
        if any(b.start == a.end for b in sentence.args):
            return True  # 重要关联公司蚂蚁集团
        token = sentence.token_after.get(a.end)  # 存储芯片公司昕原半导体: 昕 is a morpheme no word holds
        return token is not None and token[1] == "g"
    return [a for a in args if not descriptor(a)]
