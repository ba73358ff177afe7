"""Relations: triples from a parsed document, by the rules of ``kg.rules``.

``extract_triples(doc, article, rules)`` is a generator over the sentences of
a spaCy Doc: it finds trigger words, places the subject and object around
each trigger by the rule's frame, expands coordinated lists (淘宝、京东等 gives
one triple per object), and attaches date, amount, rate, scope, action and
status from the quantities and cue lexicons of the sentence. The engine knows
no words of its own; every word it reads comes from the data files."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Iterator

from spacy.tokens import Doc

from kg.dates import later
from kg.frames import TOPIC_REACH, TOPIC_TYPES, Arg, Frames, Sentence, has_any, occurrences
from kg.model import SYMMETRIC_PREDICATES, Article, Evidence, Mention, Triple
from kg.quantities import Quantity
from kg.resolve import Resolver
from kg.rules import Rule, RuleSet
from kg.sentences import sentences

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
    text = sentence.masked
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


# --- the generator ------------------------------------------------------------

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
            if sentence.first_end(rules.words("hypothetical")) <= c_end:
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
