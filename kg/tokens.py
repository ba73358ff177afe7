"""The tokens of a Doc as plain lists and arrays (``TokenTable``), and the
Doc's text kept once. The components and the rules read tokens through
these, never as Token objects: making a Python object per token is what a
pass over a Doc costs most."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from typing import Iterable

import numpy
from spacy.attrs import IDX, ORTH, TAG
from spacy.tokens import Doc, Span

import kg.doc_extensions  # noqa: F401  (declares doc._.token_table and doc._.doc_text)


@dataclass(frozen=True)
class TokenTable:
    """The tokens of a Doc as plain lists: text, POS tag, start offset; and
    the tags' string hashes as an array.

    Examples
    --------
    >>> table = TokenTable.of_words(["抖音", "切断", "外链"], ["nz", "v", "n"], numpy.zeros(3, dtype="uint64"))
    >>> table.starts, table.ends, table.text
    ([0, 2, 4], [2, 4, 6], '抖音切断外链')
    """

    words: list
    tags: list
    starts: list
    tag_ids: numpy.ndarray

    @classmethod
    def of_words(cls, words: list, tags: list, tag_ids: numpy.ndarray) -> "TokenTable":
        """The table of words that follow each other with no space between."""
        return cls(words, tags, list(accumulate(map(len, words), initial=0))[:-1], tag_ids)

    def end(self, i: int) -> int:
        return self.starts[i] + len(self.words[i])

    @cached_property
    def joined(self) -> str:
        return "".join(self.words)

    @cached_property
    def contiguous(self) -> bool:
        """No space between words (what our tokenizer makes)."""
        return not self.words or (self.starts[0] == 0 and len(self.joined) == self.end(len(self.words) - 1))

    @cached_property
    def ends(self) -> list[int]:
        if self.contiguous:
            return [*self.starts[1:], self.end(len(self.words) - 1)] if self.words else []
        return [start + len(word) for start, word in zip(self.starts, self.words)]

    @cached_property
    def text(self) -> str:
        """The text the offsets point into: the words joined (a space where
        a Doc made elsewhere has one after a word)."""
        if self.contiguous:
            return self.joined
        return "".join(" " * (start - before) + word for start, before, word
                       in zip(self.starts, [0, *self.ends[:-1]], self.words))


def token_table(doc: Doc) -> TokenTable:
    """The Doc's token table (``doc._.token_table``): the tokenizer's, or made
    once from arrays, with no Token objects, for a Doc made elsewhere.

    Parameters
    ----------
    doc : spacy.tokens.Doc

    Returns
    -------
    TokenTable
    """
    table = doc._.token_table
    if table is None or len(table.words) != len(doc):
        strings = doc.vocab.strings
        columns = doc.to_array([ORTH, TAG, IDX]).reshape(-1, 3)
        orth, tag, idx = columns.T.tolist()
        table = TokenTable([strings[h] for h in orth], [strings[h] for h in tag], idx, columns[:, 1].copy())
        doc._.token_table = table
    return table


def doc_text(doc: Doc) -> str:
    """The text of a Doc, kept once (``doc._.doc_text``).

    Parameters
    ----------
    doc : spacy.tokens.Doc

    Returns
    -------
    str
    """
    text = doc._.doc_text
    if text is None or len(text) != (doc[-1].idx + len(doc[-1]) if len(doc) else 0):
        text = doc._.doc_text = doc.text
    return text


def token_range(starts: list[int], start: int, end: int) -> tuple[int, int]:
    """The tokens [first, last) covering characters [start, end), at least one.

    Examples
    --------
    >>> token_range([0, 2, 4], 1, 3)
    (0, 2)
    """
    first = max(bisect_right(starts, start) - 1, 0)
    return first, max(bisect_left(starts, end), first + 1)


def char_spans(doc: Doc, spans: Iterable[tuple[int, int, str]]) -> list[Span]:
    """The spans of the tokens covering the characters [start, end) of each
    (start, end, label). A binary search over token offsets: ``Doc.char_span``
    scans the tokens each call, which is quadratic over a long document with
    many spans."""
    starts = token_table(doc).starts
    return [Span(doc, *token_range(starts, start, end), label=label) for start, end, label in spans]
