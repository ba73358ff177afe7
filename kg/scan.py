"""Regex helpers for patterns built from word lists: an alternation of
words, the characters they begin with, and ``Scan``, a pattern tried only
where a match can begin."""
from __future__ import annotations

import re
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
        """The matches of ``rx`` in ``text``, left to right, not overlapping.

        Examples
        --------
        >>> [m.group() for m in scan(r"\\d+元", r"\\d").finditer("花了30元和5元")]
        ['30元', '5元']
        """
        if self.needs and not any(n in text for n in self.needs):
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


def scan(pattern: str, first: str, needs: tuple = ()) -> Scan:
    """A ``Scan`` of ``pattern`` whose matches begin with a character of the
    class ``[first]``."""
    return Scan(re.compile(pattern), re.compile(f"[{first}]"), needs)
