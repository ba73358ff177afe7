"""Relations: triples from a parsed document, by the rules of ``kg.rules``.

``extract_triples(doc, article, rules)`` is a generator over the sentences of
a spaCy Doc: it finds trigger words, places the subject and object around
each trigger by the rule's frame, expands coordinated lists (淘宝、京东等 gives
one triple per object), and attaches the attributes the schema gives the
predicate (date, amount, rate, scope, action, what: ``FINDERS``) and the
statuses it allows, from the quantities and cue lexicons of the sentence. The engine knows
no words of its own; every word it reads comes from the data files."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import Iterator, NamedTuple

from spacy.tokens import Doc

from kg.anaphora import agent_named_before, anaphor_args
from kg.appositions import merge_appositions
from kg.dates import later
from kg.arguments import TOPIC_REACH, TOPIC_TYPES, ArgumentFinder, occurrences
from kg.frames import match
from kg.guards import has_any, left_after, possessed_role
from kg.sentences import Arg, Sentence
from kg.model import Article, Evidence, Mention, Triple
from kg.owner_frames import descriptor_names
from kg.quantities import Quantity
from kg.resolve import Resolver
from kg.rules import Rule, RuleSet
from kg.schema import SCHEMA
from kg.sentences import sentences
from kg.tokens import doc_text

# --- attributes -------------------------------------------------------------

def nearest(quantities: list[Quantity], kind: str, pos: int, lo: int, hi: int) -> Quantity | None:
    best = [q for q in quantities if q.kind == kind and lo <= q.start and q.end <= hi and not q.vague]
    return min(best, key=lambda q: (abs(q.start - pos), q.start)) if best else None


class Site(NamedTuple):
    """Where a rule matched: the trigger [ts, te), the arguments' reach
    [lo, hi) and the trigger's clause [c_start, c_end)."""

    rule: Rule
    sentence: Sentence
    rules: RuleSet
    ts: int
    te: int
    lo: int
    hi: int
    c_start: int
    c_end: int


FOCUS_REACH = 2  # sentences after which a topic no longer carries over unnamed
BASE_REACH = 8  # how far from an amount or date a word may make it a base's (其2020年销售额17.52亿元)


def _date(site: Site, attrs: dict):
    """The date nearest the trigger, in its clause first; the year of a base
    amount (其2020年销售额) is not the date of the act."""
    text, bases = site.sentence.text, site.rules.words("base_amounts")
    quantities = [q for q in site.sentence.quantities
                  if q.kind != "date" or not has_any(text[q.end:q.end + BASE_REACH], bases)]
    date = nearest(quantities, "date", site.ts, site.c_start, site.c_end) or nearest(
        quantities, "date", site.ts, 0, len(text))
    return date.value if date else None


def _amount(site: Site, attrs: dict):
    """The amount of the act nearest the trigger: in its clause if there is
    one, else in the sentence. An amount said as a base (a company's sales,
    its value: 按其销售额X的4%处罚，共计Y gives Y) is none, nor one of a
    clause that states another measure and no fine (辛巴当天销售额达12亿元)."""
    s, words = site.sentence, site.rules.words
    text, bases = s.text, words("base_amounts")

    def other_measure(q: Quantity) -> bool:
        c_start, c_end = s.clause(q.start)
        clause = text[c_start:c_end]
        return has_any(clause, words("money_not_fine")) and not has_any(clause, words("action_fine"))

    recipients = words("recipient_preps")  # 判决向京东赔偿10亿元: 京东 is paid, not punished

    def other_party(q: Quantity) -> bool:  # X被罚款50万元，Y被警告: X's fine is not Y's
        c_start, c_end = s.clause(q.start)
        return any(c_start <= a.start < q.start and not site.lo <= a.start < site.hi
                   and not text[:a.start].endswith(recipients) for a in s.args if a.how == "text")

    moneys = [q for q in s.quantities if q.kind == "money"
              and not has_any(text[max(0, q.start - BASE_REACH):q.start], bases) and not other_measure(q)]
    money = nearest(moneys, "money", site.ts, site.c_start, site.c_end) or nearest(
        [q for q in moneys if not other_party(q)], "money", site.ts, 0, len(text))
    return money.value if money else None


def _rate(site: Site, attrs: dict):
    quantities = site.sentence.quantities
    rate = nearest(quantities, "percent", site.te, site.c_start, site.c_end) or nearest(
        quantities, "percent", site.te, site.lo, len(site.sentence.text))
    return rate.value if rate else None


def _scope(site: Site, attrs: dict):
    text = site.sentence.text
    scopes = [text[a:b] for a, b in occurrences(text, site.rules.words("scope"), site.c_start, site.c_end)]
    return "、".join(dict.fromkeys(scopes)) if scopes else None


def _action(site: Site, attrs: dict):
    text, rules = site.sentence.text, site.rules
    action = penalty_action(text[site.c_start:site.c_end], rules) or penalty_action(text, rules) or site.rule.action
    if "amount" in attrs and has_any(text, rules.words("action_fine")):
        action = "fine"  # the action that goes with the amount
    return action


def _what(site: Site, attrs: dict):
    return site.sentence.text[max(site.c_start, site.lo):site.c_end].strip()[:40]


# What the engine can find for each attribute the schema names (schema.json "attributes").
FINDERS = {"date": _date, "amount": _amount, "rate": _rate, "scope": _scope, "action": _action, "what": _what}


def attributes(rule: Rule, predicate: str, sentence: Sentence, rules: RuleSet, ts: int, te: int,
               lo: int, hi: int) -> dict:
    """The attributes the schema gives ``predicate``, in the schema's order,
    with the status among them."""
    spec = rules.schema.predicates[predicate]
    site = Site(rule, sentence, rules, ts, te, lo, hi, *sentence.clause(ts))
    attrs: dict = {}
    for name, kind in rules.schema.attributes.items():
        if kind == "status":
            value = triple_status(site, spec.statuses, attrs.get("date")) if spec.statuses else None
        else:
            value = FINDERS[name](site, attrs) if name in spec.attributes else None
        if value is not None:
            attrs[name] = value
    return attrs


@lru_cache(maxsize=None)
def _duration(numerals: tuple[str, ...], units: tuple[str, ...]) -> re.Pattern:
    alternatives = lambda words: "|".join(map(re.escape, sorted(words, key=len, reverse=True)))  # noqa: E731
    return re.compile(f"(?:{alternatives(numerals)})+\\s*(?:{alternatives(units)})")


def penalty_action(text: str, rules: RuleSet) -> str | None:
    """The main action among the cues in the text, by the schema's order of
    precedence (a fine before a suspension before a ban ...: 责令停业整顿 is a
    suspension, 被警告并罚款 a fine); an action said with a duration may be
    another (the schema's ``timed_actions``: a ban for a set time is a
    suspension)."""
    found = next((a for a in rules.schema.actions if occurrences(text, rules.words(f"action_{a}"))), None)
    if found is None:
        return None
    timed = rules.schema.timed_actions.get(found)
    if timed and _duration(rules.words("duration_numerals"), rules.words("duration_units")).search(text):
        return timed
    return found


def triple_status(site: Site, allowed: tuple[str, ...], date: str | None = None) -> str | None:
    """The status of a triple, among the ``allowed`` ones: cue words around
    the match, the rule's own, or a date after the article's."""
    sentence, rules, lo, ts, te = site.sentence, site.rules, site.lo, site.ts, site.te
    c_start, c_end = site.c_start, site.c_end
    if sentence.in_comments and "rumor" in allowed:
        return "rumor"
    text = sentence.masked
    around = text[min(lo, c_start):te]
    # after the trigger: a denial anywhere in the sentence (…的消息系谣言, 消息不实), a rumour in its clause (…合并的传言)
    if "negated" in allowed and has_any(text[te:], rules.lexicons.get("status_negated_after", ())):
        return "negated"
    if "rumor" in allowed and (has_any(text[:te], rules.words("status_rumor"))
                               or has_any(text[te:c_end], rules.lexicons.get("status_rumor_after", ()))):
        return "rumor"
    if "negated" in allowed and has_any(around, rules.words("status_negated")):
        return "negated"
    if "forecast" in allowed and has_any(around, rules.words("status_forecast")):
        return "forecast"
    if "announced" in allowed and (has_any(around, rules.words("status_announced"))
                                   or has_any(text[ts:te], rules.words("status_announced"))):
        return "announced"
    if site.rule.status in allowed:
        return site.rule.status
    if "announced" in allowed and date and sentence.article_date and later(date, sentence.article_date):
        return "announced"  # a rule that takes effect after the article was written
    if "effective" in allowed and has_any(text[c_start:c_end], rules.words("status_effective")):
        return "effective"
    return None


# --- the generator ------------------------------------------------------------

HOW_COST = {"focus": 0.15, "anaphor": 0.1, "sentence": 0.1, "default": 0.05}  # confidence lost by an argument not named where it acts


def confidence(rule: Rule, subject: Arg, obj: Arg) -> float:
    score = rule.confidence
    for arg in (subject, obj):
        score -= HOW_COST.get(arg.how, 0.0)
        score -= 0.05 if arg.cue else 0.0
    return round(max(score, 0.05), 2)


def extract_triples(doc: Doc, article: Article, rules: RuleSet, resolver: Resolver,
                    mentions: list[Mention]) -> Iterator[Triple]:
    """Every triple the rules find in the document, sentence by sentence."""
    focus: Arg | None = None
    mentions = merge_appositions(doc_text(doc), mentions, rules)  # 北京三快科技有限公司（以下简称美团）: one name
    m_starts, start, previous, focus_at = [m.start for m in mentions], 0, "", 0
    not_of_others = rules.lexicons.get("not_of_others", ())  # predicates no firm has over another firm's thing
    for n, sentence in enumerate(sentences(doc, rules, resolver, mentions)):
        text = sentence.text
        if n - focus_at > FOCUS_REACH:
            focus = None  # 被警告！ three sentences after the last word of 脸书 says nothing of it
        before, start = start, sentence.start  # where the sentence before this one starts
        if sentence.has_trigger:  # 该公司随后被罚, 对其罚款: the name a word refers back to
            sentence.args = anaphor_args(sentence, rules, mentions, m_starts, before, previous, focus)
        previous = text
        topic = next((a for a in sentence.args if a.type in TOPIC_TYPES), None)
        # 其与摩拜宣布合并: a sentence that opens with a pronoun keeps the focus it points back to
        opening = text.lstrip()
        if topic is not None and topic.start <= TOPIC_REACH and not (
                opening.startswith(rules.words("anaphor")) and not opening.startswith(rules.words("not_anaphor"))):
            focus, focus_at = topic, n
        if not sentence.has_trigger:
            continue
        finder = ArgumentFinder(sentence, rules, focus)
        for ts, te, word in sentence.triggers:
            c_start, c_end = sentence.clause(ts)
            if sentence.first_end(rules.words("hypothetical")) <= c_end:
                continue
            irrealis = has_any(sentence.masked[c_start:ts], rules.words("irrealis")) or has_any(
                sentence.masked[:ts], rules.lexicons.get("uncertain", ()))  # 不知道…是没有受到处罚，还是…
            for rule in rules.rules_by_trigger[word]:
                if irrealis and rule.predicate not in rules.words("presupposed"):
                    continue  # 希望/邀请/争取…入驻: a wish, an appeal or an invitation is no fact
                if rule.requires and not has_any(text[c_start:c_end], rule.requires):
                    continue
                for subjects, objects in match(finder, rule, ts, te):
                    if rule.object_not_before:  # 成立了抖音电商部门: the object is the department
                        objects = [o for o in objects if o.end < 0 or not text.startswith(rule.object_not_before, o.end)]
                    subjects, objects = descriptor_names(sentence, rules, subjects), descriptor_names(sentence, rules, objects)
                    if rule.group_names:
                        objects = [o for o in objects if o.type != "Group" or o.name in rule.group_names]
                    if rule.frame == "B_PASS_A_T" and (possessor(sentence, rules, rule, objects, subjects)
                                                       or not_patient(sentence, rules, objects, ts)):
                        continue  # 淘宝上的这款商品已被下架: the thing is punished, not its owner
                    subjects = joint_agents(sentence, rules, subjects)  # 市场监管总局联合网信办约谈滴滴
                    if rule.default_subject and [(a.name, a.type, a.how) for a in subjects] == [
                            (*rule.default_subject, "default")]:  # an agentless penalty: the agent named just before
                        subjects = [agent_named_before(sentence, rules, mentions, m_starts, before, ts, subjects[0].type,
                                                       objects) or subjects[0]]
                    lo = min([a.start for a in subjects + objects if a.start >= 0] + [ts])
                    hi_args = [a.end for a in subjects + objects if a.end >= 0]
                    hi = max(hi_args + [te])
                    if rule.forbids and has_any(text[lo:hi], rule.forbids):
                        continue
                    if rule.predicate in rules.words("role_predicates") and former(sentence, rules, ts, lo, hi):
                        continue  # 阿里巴巴前CEO张勇: a role held no more is no current tie
                    if defined(sentence, rules, subjects):
                        continue  # 聚合平台是指…与网约车平台合作的平台: a definition, no act
                    if possessed_role(sentence, rules, ts, subjects + objects):
                        continue  # 成为阿里巴巴和京东的竞争对手: the names own the role, they do not share it
                    for predicate in (rule.predicate, *rule.also):
                        attrs = attributes(rule, predicate, sentence, rules, ts, te, lo, hi)
                        if rule.respectively and len(subjects) == len(objects) > 1:
                            pairs = list(zip(subjects, objects))  # 淘宝联盟与京东联盟是淘宝与京东…创建的
                        else:
                            pairs = [(s, o) for s in subjects for o in objects]
                        if rule.both_ways:
                            pairs += [(o, s) for s, o in pairs]
                        for subject, obj in pairs:
                            if subject.name == obj.name or (subject.how, obj.how) == ("default", "focus"):
                                continue  # 被警告！: no agent and no party named is no fact
                            if rule.predicate in not_of_others and (resolver.owned_elsewhere(subject.name, obj.name) or (
                                    subject.type != "Person" and resolver.named_after_other(subject.name, obj.name))):
                                continue  # 东方甄选上线了视频号直播间, 开通了快手小店: a channel on another firm's platform
                            yield Triple(
                                subject=subject.name, subject_type=subject.type, predicate=predicate,
                                object=obj.name, object_type=obj.type, attrs=attrs,
                                evidence=Evidence(article.id, text, sentence.start, sentence.start + len(text)),
                                confidence=confidence(rule, subject, obj),
                            )
                    if subjects and subjects[0].how == "text":
                        if subjects[0].type in TOPIC_TYPES:
                            focus, focus_at = subjects[0], n


def possessor(sentence: Sentence, rules: RuleSet, rule: Rule, objects: list[Arg], subjects: list[Arg]) -> bool:
    """The patient of a passive penalty is a thing of the names before it
    (美团的股票被暂停交易, 淘宝上的这款商品已被下架, 消费者的投诉被处理): the
    names own the thing and are not punished. Marks are the lexicon
    ``<predicate>_possessor_marks``. An owner is punished through what the
    lexicon ``<predicate>_owner_heads`` names, by an agent the text names
    (辛巴的账号被快手封禁)."""
    marks = rules.lexicons.get(f"{rule.predicate}_possessor_marks", ())
    if not objects or objects[-1].end < 0 or not marks:
        return False
    text, end = sentence.masked, objects[-1].end
    mark = next((m for m in sorted(marks, key=len, reverse=True) if text.startswith(m, end)), None)
    if mark is None:
        return False
    heads = rules.lexicons.get(f"{rule.predicate}_owner_heads", ())
    return not (heads and text.startswith(heads, end + len(mark)) and subjects
                and all(a.how == "text" for a in subjects))


def not_patient(sentence: Sentence, rules: RuleSet, objects: list[Arg], ts: int) -> bool:
    """A name that cannot be the patient of a passive: one after the verb
    (网站今天被下线，创始人X被指控: X is no patient of 下线), one that says
    where (在快手上: after a word of the lexicon ``place_preps``), or one
    inside a cause said before the passive in its clause (因在比赛期间发推特而被罚款:
    the cause marks are the lexicon ``cause_marks``)."""
    named = [o for o in objects if o.start >= 0]
    if any(o.start > ts for o in named):
        return True
    before = sentence.token_before.get(named[-1].start) if named else None
    if before is not None and sentence.text[before[0]:named[-1].start] in rules.lexicons.get("place_preps", ()):
        return True  # 辛巴在快手上多次被封禁: the platform is where, not who, is punished
    c_start, _ = sentence.clause(ts)
    marks = rules.lexicons.get("cause_marks", ())
    return bool(named and marks and has_any(sentence.masked[c_start:named[0].start], marks))


def joint_agents(sentence: Sentence, rules: RuleSet, subjects: list[Arg]) -> list[Arg]:
    """Authorities acting together: an authority joined to the first subject
    by a word of joint action (市场监管总局联合网信办约谈滴滴, 会同) acts too."""
    while subjects and subjects[0].start > 0 and subjects[0].type == "Authority":
        before = [a for a in sentence.args if a.end <= subjects[0].start and a.how == "text"]
        if not before or before[-1].type != "Authority" or before[-1].name in {a.name for a in subjects} \
                or sentence.text[before[-1].end:subjects[0].start].strip() not in rules.lexicons.get("joint_agents", ()):
            break
        subjects = [before[-1]] + subjects
    return subjects


def defined(sentence: Sentence, rules: RuleSet, args: list[Arg]) -> bool:
    """A name the sentence defines (聚合平台是指…, X指依托…的平台): what a
    class of parties is, not what it did."""
    text, marks, others = sentence.text, rules.words("definition_marks"), rules.words("not_definition")
    return any(a.end >= 0 and text.startswith(marks, a.end) and not text.startswith(others, a.end) for a in args)


def former(sentence: Sentence, rules: RuleSet, ts: int, lo: int, hi: int) -> bool:
    """A role said to be held no more: a former mark right before the role
    word or at the start of the arguments (前CEO, 原京东副总裁), or a verb of
    a past role between them (曾任), or one of leaving it right after (已离职)."""
    text = sentence.masked
    marks, verbs = rules.words("former_marks"), rules.words("former_verbs")
    return (text[:ts].endswith(marks) or text[:max(lo, 0)].endswith(marks + verbs)
            or has_any(text[min(lo, ts):max(hi, ts)], verbs) or left_after(sentence, rules, hi))


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
    # (only then: where several authorities act, an agentless one is none of them for sure)
    authorities = Counter(t.subject for t in kept if t.subject_type == "Authority" and t.subject not in subjects)
    if len(authorities) == 1:
        agent = next(iter(authorities))
        kept = [replace(t, subject=agent) if t.subject in subjects else t for t in kept]
    return kept


def best_per_key(triples: list[Triple], symmetric: frozenset[str] = SCHEMA.symmetric) -> list[Triple]:
    """One triple per (doc, subject, predicate, object), ``symmetric``
    predicates unordered: the most confident, then the one with most
    attributes, then the first."""
    best: dict[tuple, tuple[tuple, Triple]] = {}
    for n, triple in enumerate(triples):
        s, p, o = triple.subject, triple.predicate, triple.object
        key = (triple.evidence.doc, p, *sorted((s, o))) if p in symmetric else (triple.evidence.doc, s, p, o)
        rank = (-triple.confidence, -len(triple.attrs), n)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, triple)
    return [t for _, t in sorted(best.values(), key=lambda item: item[0][2])]
