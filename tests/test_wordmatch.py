"""kg.wordmatch gives what the plain loops over the words give, on random
text and word lists (short alphabets, so that words overlap and nest)."""
import random

from kg.wordmatch import any_in, compiled, first_end, occurrences


def plain_occurrences(text, words, start=0, end=None):
    end = len(text) if end is None else end
    found = {}
    for word in words:
        i = text.find(word, start, end)
        while i != -1:
            if i + len(word) <= end and found.get(i, -1) < i + len(word):
                found[i] = i + len(word)
            i = text.find(word, i + 1, end)
    spans, reach = [], -1
    for s, e in sorted(found.items()):
        if e > reach:
            spans.append((s, e))
            reach = e
    return spans


def plain_first_end(text, words):
    found = [i + len(w) for w in words if (i := text.find(w)) != -1]
    return min(found) if found else None


def test_same_as_plain_loops():
    rng = random.Random(13)
    for _ in range(1500):
        alphabet = rng.choice(["ab", "abc", "抖音淘宝", "a.(*"])
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        words = tuple("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4)))
                      for _ in range(rng.randint(0, 5)))
        assert any_in(text, words) == any(w in text for w in words)
        assert first_end(text, words) == plain_first_end(text, words)
        for start, end in [(0, None), (rng.randint(-25, 25), rng.randint(-25, 25)), (rng.randint(0, 20), None)]:
            assert occurrences(text, words, start, end) == plain_occurrences(text, words, start, end), \
                (text, words, start, end)


def test_an_empty_word_is_everywhere():
    assert any_in("抖音", ("",)) and first_end("抖音", ("淘宝", "")) == 0
    assert occurrences("ab", ("", "b")) == plain_occurrences("ab", ("", "b"))


def test_same_list_same_compiled():
    words = ("切断", "屏蔽")
    assert compiled(words) is compiled(tuple(list(words))) is compiled(words)
