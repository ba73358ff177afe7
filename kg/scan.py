"""Regex helpers for patterns built from word lists: an alternation of
words, the characters they begin with, and ``Scan``, a pattern tried only
where a match can begin."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, escaped, longest first (so that a
    word is never cut short by a shorter one it begins with).

    Examples
    --------
    >>> alternation(["上月", "上个月", "本月"])
    '上个月|上月|本月'
    >>> re.fullmatch(alternation(["US$", "$"]), "US$") is not None
    True
    """
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def first_chars(words: Iterable[str]) -> str:
    """The first characters of ``words``, escaped for a character class.

    Examples
    --------
    >>> first_chars(["今年", "去年", "今日"])
    '今去'
    """
    return "".join(re.escape(ch) for ch in sorted({w[0] for w in words}))


def chars(text: str) -> str:
    """A string of characters escaped for a character class.

    Examples
    --------
    >>> chars("至到-")
    '至到\\\\-'
    """
    return "".join(re.escape(ch) for ch in text)


class Scan(NamedTuple):
    """A pattern and a class of the characters its matches can begin with.

    The regex engine tries a pattern that opens with optional groups at every
    position of the text; ``finditer`` tries it only where ``first`` matches
    (a digit, a numeral, a prefix), and not at all when the text holds none
    of ``needs``. The matches are the same as ``rx.finditer(text)`` as long
    as ``first`` is right (the tests compare the two on real and random
    text)."""

    rx: re.Pattern
    first: re.Pattern
    needs: tuple = ()  # the text must hold one of these, or nothing can match

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The matches of ``rx`` in ``text``, left to right, not overlapping
        (those of ``guarded``).

        Examples
        --------
        >>> [m.group() for m in scan(r"\\d+元", r"\\d").finditer("花了30元和5元")]
        ['30元', '5元']
        """
        if self.needs and not any(n in text for n in self.needs):
            return
        whole = guarded(self.rx, self.first)
        if whole is not None:
            yield from whole.finditer(text)
            return
        match, search = self.rx.match, self.first.search
        pos = 0
        while (c := search(text, pos)) is not None:
            m = match(text, c.start())
            if m is None:
                pos = c.start() + 1
                continue
            yield m
            pos = m.end() if m.end() > m.start() else m.start() + 1


@lru_cache(maxsize=None)
def guarded(rx: re.Pattern, first: re.Pattern) -> re.Pattern | None:
    """``rx`` behind a lookahead of ``first``, for a class that holds the
    digits (None for another): the engine tests the class at each position
    in C and tries ``rx`` only where it holds. A class of digits and
    numerals (一) stops a Python loop of search and match hundreds of times
    an article; measured on the seeds, the money, percent and date scans
    find the same matches a quarter faster so. A sparse class (公司, A-Z)
    is skipped to faster by ``search``: those keep the loop. The groups,
    named or numbered, are those of ``rx``: the lookahead and the wrapper
    capture nothing.

    Examples
    --------
    >>> guarded(re.compile("([0-9]+)元"), re.compile("[0-9]")).pattern
    '(?=[0-9])(?:([0-9]+)元)'
    >>> guarded(re.compile("公司“"), re.compile("[公]")) is None
    True
    """
    if first.search("0123456789") is None:
        return None
    return re.compile(f"(?={first.pattern})(?:{rx.pattern})", rx.flags)


def scan(pattern: str, first: str, needs: tuple = ()) -> Scan:
    """A ``Scan`` of ``pattern`` whose matches begin with a character of the
    class ``[first]``."""
    return Scan(re.compile(pattern), re.compile(f"[{first}]"), needs)


def _sre_modules():
    """The standard library's own reader of patterns (``re._parser`` from
    Python 3.11, ``sre_parse`` before) and its constants."""
    try:
        from re import _constants as sre, _parser as parser
    except ImportError:  # Python 3.10
        import sre_constants as sre
        import sre_parse as parser
    return sre, parser


def opening_class(rx: re.Pattern) -> str | None:
    """A character class (as ``scan`` takes it) of the characters a match
    of ``rx`` can begin with, for a pattern that opens with a zero-width
    assertion (a lookbehind: ``(?<![该这])(?:公司|企业)…``), which keeps the
    regex engine from skipping ahead to where a match can begin; None for
    any other pattern, or when the class cannot be read for sure (a
    repetition that may be empty, a category, a negated class, case
    folding).

    Examples
    --------
    >>> opening_class(re.compile("(?<![该这])(?:公司|企业)“"))
    '企公'
    >>> opening_class(re.compile("(?<![A-Za-z])(?P<name>[A-Z][a-z]+)"))
    'A-Z'
    >>> opening_class(re.compile("(?:公司|企业)“")) is None  # the engine finds these itself
    True
    """
    sre, parser = _sre_modules()
    zero_width = (sre.ASSERT, sre.ASSERT_NOT)
    tree = parser.parse(rx.pattern, rx.flags)
    if rx.flags & re.IGNORECASE or tree.state.flags & re.IGNORECASE or not tree.data \
            or tree.data[0][0] not in zero_width:
        return None

    def ranges(items) -> list[tuple[int, int]] | None:
        for op, av in items:
            if op in zero_width or (op is sre.AT and av in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING)):
                continue  # takes no character: the next one decides
            if op is sre.LITERAL:
                return [(av, av)]
            if op is sre.SUBPATTERN:
                return None if av[1] & re.IGNORECASE else ranges(av[3])
            if op is sre.BRANCH:
                found = [ranges(alternative) for alternative in av[1]]
                return None if any(f is None for f in found) else [r for f in found for r in f]
            if op is sre.IN:
                if any(o not in (sre.LITERAL, sre.RANGE) for o, _ in av):
                    return None
                return [(a, a) if o is sre.LITERAL else a for o, a in av]
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
                return ranges(av[2])
            return None
        return None

    found = ranges(tree.data)
    if found is None:
        return None
    return "".join(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
                   for lo, hi in sorted(set(found)))


def required_text(rx: re.Pattern) -> str:
    """The longest run of plain characters every match of ``rx`` holds (its
    top-level sequence, groups included; "" if none of two characters or
    more): a text without it holds no match.

    Examples
    --------
    >>> required_text(re.compile("(?:^|(?<=由))(?P<name>[一-龥]{4,24}(?:联席会议|领导小组)办公室)"))
    '办公室'
    >>> required_text(re.compile("(?:公司|企业)“"))
    ''
    """
    sre, parser = _sre_modules()
    tree = parser.parse(rx.pattern, rx.flags)
    if rx.flags & re.IGNORECASE or tree.state.flags & re.IGNORECASE:
        return ""
    runs, run = [], []

    def walk(items) -> None:
        nonlocal run
        for op, av in items:
            if op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:
                walk(av[3])
            elif op is sre.LITERAL:
                run.append(chr(av))
            else:
                runs.append("".join(run))
                run = []

    walk(tree.data)
    runs.append("".join(run))
    longest = max(runs, key=len)
    return longest if len(longest) > 1 else ""
