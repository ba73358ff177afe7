"""Word lists compiled once for the questions the rules ask of a text many
times a sentence: does any word of the list stand in it (``any_in``), where
does the first one end (``first_end``), where does each stand
(``occurrences``). A list is compiled the first time it is asked about, to
a regex alternation (for "any": the regex engine skips in C to the
characters a word can begin with, and tells where the first one starts)
and an Aho–Corasick automaton (one pass from there for every occurrence of
every word); the answers are those of the plain
loops over the words (``str.find`` word by word), which the tests compare.

The lists are the rule set's lexicons (tuples that live as long as it):
they are looked up by identity first (no hashing of a tuple of words on
every question), then by value, so a list made on the fly (two lexicons
added together) is compiled once too."""
from __future__ import annotations

import re
from typing import NamedTuple

import ahocorasick

from kg.scan import alternation

BY_ID_LIMIT = 4096  # tuples made on the fly pass through here too: forget them all past this many


class Compiled(NamedTuple):
    """A word list compiled: ``search`` of its alternation (None for an
    empty list, where nothing is ever found) and its automaton (None for an
    empty list)."""

    search: object
    automaton: ahocorasick.Automaton | None


_BY_VALUE: dict[tuple, Compiled] = {}
_BY_ID: dict[int, tuple[tuple, Compiled]] = {}


def _compile(words: tuple[str, ...]) -> Compiled:
    if not words:
        return Compiled(None, None)
    automaton = None
    if all(words):  # an empty word is found everywhere: the automaton cannot hold it, occurrences() loops
        automaton = ahocorasick.Automaton()
        for word in set(words):
            automaton.add_word(word, len(word))
        automaton.make_automaton()
    return Compiled(re.compile(alternation(words)).search, automaton)


def compiled(words: tuple[str, ...]) -> Compiled:
    """``words`` compiled, made on first use.

    Parameters
    ----------
    words : tuple of str

    Returns
    -------
    Compiled
    """
    entry = _BY_ID.get(id(words))
    if entry is not None and entry[0] is words:
        return entry[1]
    found = _BY_VALUE.get(words)
    if found is None:
        found = _BY_VALUE[words] = _compile(words)
    if len(_BY_ID) >= BY_ID_LIMIT:
        _BY_ID.clear()
    _BY_ID[id(words)] = (words, found)  # the entry holds the tuple: its id is not reused while it is here
    return found


def any_in(text: str, words: tuple[str, ...]) -> bool:
    """Whether any of ``words`` stands in ``text``: ``any(w in text for w in words)``.

    Examples
    --------
    >>> any_in("抖音宣布切断外链", ("切断", "屏蔽")), any_in("抖音", ("淘宝",)), any_in("抖音", ())
    (True, False, False)
    """
    search = compiled(words).search
    return search is not None and search(text) is not None


def first_end(text: str, words: tuple[str, ...]) -> int | None:
    """Where the first of ``words`` to end in ``text`` ends (None if none
    is there): ``min(text.find(w) + len(w))`` over the words found.

    Examples
    --------
    >>> first_end("如果淘宝接入微信支付", ("如果", "假如")), first_end("淘宝", ("如果",))
    (2, None)
    """
    search, automaton = compiled(words)
    if automaton is None:
        found = [i + len(w) for w in words if (i := text.find(w)) != -1]
        return min(found) if found else None
    first = search(text)  # the regex skips in C to the first word; the automaton walks every character
    if first is None:
        return None
    for end, _ in automaton.iter(text, first.start()):  # reported by where a word ends, the first end first
        return end + 1
    return None


def occurrences(text: str, words: tuple[str, ...], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every word in text[start:end], the longest at each
    place, none inside another.

    Examples
    --------
    >>> occurrences("直播间购物车和购物车", ("购物车", "直播间购物车", "和"))
    [(0, 6), (6, 7), (7, 10)]
    >>> occurrences("直播间购物车", ("购物车", "直播间"), 1)
    [(3, 6)]
    """
    end = len(text) if end is None else end
    search, automaton = compiled(words)
    found: dict[int, int] = {}
    if automaton is None:  # an empty list finds nothing; one holding "" is read word by word
        for word in words:
            i = text.find(word, start, end)
            while i != -1:
                if i + len(word) <= end and found.get(i, -1) < i + len(word):
                    found[i] = i + len(word)
                i = text.find(word, i + 1, end)
    else:
        # the bounds read as str.find reads them (as a slice's), and a word must end by ``end`` itself
        lo, hi, _ = slice(start, end).indices(len(text))
        hi = min(hi, end)
        first = search(text, lo, hi) if lo < hi else None  # none there (the most common answer), found in C
        for last, length in (automaton.iter(text, first.start(), hi) if first is not None else ()):
            s = last + 1 - length
            if found.get(s, -1) <= last:
                found[s] = last + 1
    spans, reach = [], -1
    for s, e in sorted(found.items()):
        if e > reach:  # a word inside a longer one (购物车 in 直播间购物车) is not another
            spans.append((s, e))
            reach = e
    return spans
