"""Reference back: 该公司, 该平台, 该局, 其 standing for a name said before.

A word that refers back is put among the sentence's names, as the name it
stands for (``how="anaphor"``), so that every frame reads it as it reads a
name: 市场监管局对其罚款, 该公司随后被罚182亿元, 责令其整改. The words,
and the entity types each may stand for, are the lexicons ``refers_<type>``
(该公司 stands for a Company or a Platform, 该局 for an Authority). A bare
pronoun (the lexicon ``anaphor_bare``: 其, 它) is a name only where an
argument stands: right after a word that governs one (``anaphor_governors``:
对其, 责令其) or at the start of its clause.

What it stands for (never a name of its own clause: 市场监管局对其罚款 is not
the bureau's own fine): the nearest name of a fitting type in the earlier
clauses of the sentence; else the name that opens the sentence before, if
it fits (the topic carries over: 它 after …与亚马逊的战争 is not 亚马逊), or
the one fitting name there when its topic cannot be meant (市场监管总局对
阿里巴巴立案调查。该公司…), or the focus when that sentence opens with a
word that refers back itself (阿里巴巴…。该公司…。该公司…). Nothing
farther back: a focus three sentences old is stale."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.arguments import TOPIC_REACH, occurrences
from kg.sentences import Arg, Sentence

if TYPE_CHECKING:
    from kg.model import Mention
    from kg.rules import RuleSet


def _lexicon(rules: RuleSet, name: str) -> tuple[str, ...]:
    return rules.lexicons.get(name, ())


def _antecedent(sentence: Sentence, mentions: list[Mention], m_starts: list[int], before: int,
                c_start: int, types: tuple[str, ...], chained: Arg | None) -> Mention | Arg | None:
    """The name that a word in the clause at ``c_start`` stands for; ``before``
    is where the sentence before starts (document offsets)."""
    here = sentence.start + c_start
    earlier = [m for m in mentions[bisect_left(m_starts, before):bisect_left(m_starts, here)] if m.end <= here]
    current = [m for m in earlier if m.start >= sentence.start and m.type in types]
    if current:
        return current[-1]
    # the sentence before: its topic only (它 after 与亚马逊的战争 is not 亚马逊)
    opening = next((m for m in earlier if m.start < sentence.start), None)
    if opening is None or opening.start - before > TOPIC_REACH:
        return chained if chained is not None and chained.type in types else None
    if opening.type in types:
        return opening
    # a topic that cannot be meant (市场监管总局对阿里巴巴立案调查。该公司…): the one name that can
    fitting = [m for m in earlier if m.start < sentence.start and m.type in types]
    return fitting[0] if len({m.name for m in fitting}) == 1 else None


def anaphor_args(sentence: Sentence, rules: RuleSet, mentions: list[Mention], m_starts: list[int],
                 before: int, previous: str, focus: Arg | None) -> list[Arg]:
    """The sentence's names with the words that refer back put among them as
    the names they stand for; ``before`` is where the sentence before
    (``previous``) starts in the document, ``focus`` the name in focus."""
    types = rules.referring_types
    if not types:
        return sentence.args
    words = rules.referring_words
    chained = focus if previous.lstrip().startswith(words) else None
    masked, bare = sentence.masked, _lexicon(rules, "anaphor_bare")
    governors, not_anaphor = _lexicon(rules, "anaphor_governors"), rules.words("not_anaphor")
    added: list[Arg] = []
    for s, e in occurrences(masked, words):
        word = masked[s:e]
        if masked.startswith(not_anaphor, s):
            continue  # 其中, 其他: no reference
        c_start, _ = sentence.clause(s)
        if word in bare and not (masked[:s].endswith(governors) or not masked[c_start:s].strip()):
            continue  # 其股价, 其2020年销售额: a possessive, no argument
        found = _antecedent(sentence, mentions, m_starts, before, c_start, types[word], chained)
        if found is not None:
            added.append(Arg(found.name, found.type, s, e, how="anaphor"))
    if not added:
        return sentence.args
    sentence.__dict__.pop("masked", None)  # the words now stand for names: blank them too
    return sorted(sentence.args + added, key=lambda a: (a.start, a.end))


SPEAKER_REACH = 8  # characters between a speaker's name and its verb of saying (抖音电商日前发布公告称)


def speaker(sentence: Sentence, rules: RuleSet, pos: int, types: tuple[str, ...]) -> Arg | None:
    """The name that opens the sentence as the one who reports what follows
    (快手宣布，…; 抖音安全中心通报称：…), if it is of one of ``types`` and
    its report ends before ``pos``."""
    first = next((a for a in sentence.args if a.how == "text"), None)
    if first is None or first.start > TOPIC_REACH or first.type not in types:
        return None
    c_start, c_end = sentence.clause(first.start)
    said = sentence.text[first.end:c_end].rstrip()
    if c_end > pos or len(said) > SPEAKER_REACH or not said.endswith(_lexicon(rules, "report_verbs")):
        return None
    return replace(first, how="sentence")


def agent_named_before(sentence: Sentence, rules: RuleSet, mentions: list[Mention], m_starts: list[int],
                       before: int, pos: int, kind: str, objects: list[Arg]) -> Arg | None:
    """The agent an agentless penalty at ``pos`` leaves out: the platform
    that reports it about its users (快手宣布，上述商家已被清退) or the
    authority that reports it; else the one name of type ``kind`` (an
    authority) in this sentence before ``pos``, else in the sentence before
    if that one names the party too (国家网信办对拼多多开展调查。该公司随后被
    责令整改) or this one opens with a word that takes a part of it
    (``partitive_openers``: …公布一批处罚案例。其中，X被罚款). None when
    there are several or none, or when the sentence before is about another
    party (…税务局通报刘某…。此外，X也被警告)."""
    parties = {o.name for o in objects}
    reporter = speaker(sentence, rules, pos, ("Platform", kind))
    if reporter is not None and reporter.name not in parties and (
            reporter.type == kind or all(o.type in ("Group", "Person") for o in objects)):
        return reporter
    here = sentence.start + pos
    window = [m for m in mentions[bisect_left(m_starts, before):bisect_left(m_starts, here)] if m.end <= here]
    named = {m.name for m in window if m.type == kind and m.start >= sentence.start}
    if not named and (parties & {m.name for m in window if m.start < sentence.start}
                      or sentence.text.lstrip().startswith(_lexicon(rules, "partitive_openers"))):
        named = {m.name for m in window if m.type == kind}  # …公布一批处罚案例。其中，X被罚款: the cases are the authority's
    return Arg(named.pop(), kind, -1, -1, how="sentence") if len(named) == 1 else None
