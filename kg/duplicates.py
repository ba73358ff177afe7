"""Duplicate articles: one story stored twice (a copy) or reposted by other
sites with small changes (syndication). A fact's ``sources`` counts
stories, not files, so that a repost is not a second witness.

Exact duplicates have the same normalized text. Near duplicates share most
of their sentences: each article is a set of sentences, its MinHash is
indexed in a MinHash LSH (``datasketch``), and a candidate the index
returns counts only when the estimated Jaccard similarity of the two sets
reaches the threshold. Each duplicate points to the first article of its
story in corpus order, so the result does not depend on how the work was
shared out."""
from __future__ import annotations

import hashlib
import re
from typing import Iterable

from datasketch import MinHash, MinHashLSH

NEAR_THRESHOLD = 0.7  # share of sentences two reposts of one story have in common, at least
NUM_PERM = 64
MIN_SENTENCES = 3  # fewer sentences are too little to call two articles one story, unless equal
MIN_SENTENCE_CHARS = 6  # shorter pieces ("图片", a date line) say nothing about the story


class Stories:
    """Articles grouped into stories as they come.

    Parameters
    ----------
    sentence_ends : iterable of str
        The characters a sentence ends with (lexicon ``sentence_ends``).
    threshold : float
        Estimated Jaccard similarity of two articles' sentence sets from
        which they are one story.

    Examples
    --------
    >>> stories = Stories("。！？\\n")
    >>> text = "抖音切断了淘宝的外链。快手随后跟进了这一做法。微信也开始限制外部链接。"
    >>> stories.add("a.txt", text), stories.add("b.txt", text)
    (None, 'a.txt')
    >>> stories.add("c.txt", "来源：某报\\n" + text)
    'a.txt'
    >>> stories.add("d.txt", "美团与饿了么的竞争仍在继续。双方都在加大补贴力度。骑手的收入有所上升。")
    >>> stories.groups()
    {'a.txt': ['b.txt', 'c.txt']}
    """

    def __init__(self, sentence_ends: Iterable[str], threshold: float = NEAR_THRESHOLD):
        ends = sorted(set(sentence_ends))
        self.splitter = re.compile("|".join(re.escape(e) for e in ends)) if ends else None
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.blank = MinHash(num_perm=NUM_PERM, seed=1)  # its permutations are made once: the costly part
        self.exact: dict[str, str] = {}  # text digest -> first article
        self.signatures: dict[str, MinHash] = {}
        self.order: dict[str, int] = {}
        self.story_of: dict[str, str] = {}  # duplicate -> first article of its story

    def add(self, article_id: str, text: str) -> str | None:
        """Register an article; returns the first article of its story when
        it is a duplicate, else None."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        first = self.exact.get(digest)
        if first is None:
            self.exact[digest] = article_id
            first = self._near(article_id, text)
        if first is not None:
            first = self.story_of.get(first, first)
            self.story_of[article_id] = first
        return first

    def _near(self, article_id: str, text: str) -> str | None:
        pieces = self.splitter.split(text) if self.splitter else [text]
        sentences = {s.strip() for s in pieces if len(s.strip()) >= MIN_SENTENCE_CHARS}
        if len(sentences) < MIN_SENTENCES:
            return None
        signature = self.blank.copy()
        signature.update_batch([s.encode("utf-8") for s in sorted(sentences)])
        matches = [m for m in self.lsh.query(signature) if signature.jaccard(self.signatures[m]) >= self.threshold]
        self.order[article_id] = len(self.order)
        self.signatures[article_id] = signature
        self.lsh.insert(article_id, signature)
        return min(matches, key=self.order.__getitem__) if matches else None

    def story(self, article_id: str) -> str:
        """The first article of the story ``article_id`` belongs to."""
        return self.story_of.get(article_id, article_id)

    def groups(self) -> dict[str, list[str]]:
        """First article of each story told more than once -> its duplicates, in corpus order."""
        found: dict[str, list[str]] = {}
        for duplicate, first in self.story_of.items():
            found.setdefault(first, []).append(duplicate)
        return found
