"""Normalization: every step a pure ``str -> str`` function, chained by
``normalize_text``. The result is the text every offset in the graph points
into: Simplified Chinese, half-width letters and digits, Chinese punctuation
kept, one line per paragraph."""
from __future__ import annotations

import html
import re
from functools import lru_cache

from kg.datafiles import compile_regex, data_path, load_jsonl

# Block-level tags end a line; every other tag just goes.
_DROP_ELEMENTS = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_BLOCK_TAG = re.compile(r"</?(p|div|br|h[1-6]|li|ul|ol|tr|table|section|article|header|footer|blockquote)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|<!--.*?-->|<%.*?%>", re.S)

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_FULLWIDTH_RUN = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FULLWIDTH)) + "]+")

_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u202f\u205f\ufeff]+")
_HAN = re.compile(r"[\u3400-\u9fff]")


def unescape_entities(text: str) -> str:
    """``&#43;`` -> ``+``, ``&amp;`` -> ``&``."""
    return html.unescape(text)


def strip_html_tags(text: str) -> str:
    """Stray HTML in text files: scripts and styles go with their content,
    block tags become line breaks, other tags vanish (their text stays)."""
    if "<" not in text:
        return text
    text = _DROP_ELEMENTS.sub("\n", text)
    text = _BLOCK_TAG.sub("\n", text)
    return _ANY_TAG.sub("", text)


def strip_pinyin_readings(text: str) -> str:
    """``揚(yáng)鑣`` -> ``揚鑣``; real parentheses are left alone (the rule
    is in ``data/pinyin_readings.jsonl``)."""
    for pattern, replace in _repairs("pinyin_readings.jsonl"):
        text = pattern.sub(replace, text)
    return text


@lru_cache(maxsize=None)
def _repairs(name: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    rules = load_jsonl(data_path(name), lambda r: compile_regex(r["pattern"]), schema="repairs")
    return tuple((re.compile(r["pattern"]), r["replace"]) for r in rules)


def repair_mojibake(text: str) -> str:
    """Fix or drop the debris that a wrong decoding upstream left in scraped
    text (``做電商?!?/strong>``); rules in ``data/mojibake.jsonl``."""
    for pattern, replace in _repairs("mojibake.jsonl"):
        text = pattern.sub(replace, text)
    return text


@lru_cache(maxsize=None)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional -> Simplified with OpenCC ``t2s``; then, if the text was
    Traditional, the context fixes of ``data/t2s_fixes.jsonl`` (意味著 -> 意味着,
    which t2s leaves; tw2s would fix it but also turns 饿了么 into 饿了幺)."""
    simplified = _converter("t2s").convert(text)
    if simplified == text:
        return text
    for pattern, replace in _repairs("t2s_fixes.jsonl"):
        simplified = pattern.sub(replace, simplified)
    return simplified


def fullwidth_to_halfwidth(text: str) -> str:
    """Full-width letters and digits (and the ideographic space) to ASCII;
    Chinese punctuation stays. Only the runs that hold such characters are
    translated: ``str.translate`` over a whole article costs more."""
    return _FULLWIDTH_RUN.sub(lambda m: m.group().translate(_FULLWIDTH), text)


def collapse_whitespace(text: str) -> str:
    """One paragraph a line: lines stripped, runs of blanks made one space,
    empty lines dropped."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


# A line broken where the writer's tool wrapped it at a space, next to a Latin
# word or a number (在 2024⏎年初, 《晚点⏎LatePost》): one sentence, not two.
_SOFT_WRAP = re.compile(r"(?m)^([^\n#>|!*\-][^\n]{9,}?)(?<![。！？；!?;：:”」）)])[ \t]*\n(?=[ \t]*[^\s#>|!*\-])")
_ASCII_WORD = re.compile(r"[A-Za-z0-9%]")


def join_soft_wraps(text: str) -> str:
    """Lines broken inside a sentence (one with a comma before the break)
    next to a Latin word or a number joined with a space; a line that ends
    a sentence, a title, a heading, a list item, a table or an image keeps
    its break."""
    def join(m: re.Match) -> str:
        line, after = m.group(1), text[m.end():m.end() + 1]
        inside = any(mark in line for mark in "，、“")  # a sentence under way, not a title
        return line + " " if inside and (_ASCII_WORD.match(line[-1]) or _ASCII_WORD.match(after)) else m.group(0)
    return _SOFT_WRAP.sub(join, text)


def is_traditional(text: str) -> bool:
    """More than 2% of the Han characters change under t2s."""
    han = _HAN.findall(text[:20000])
    if not han:
        return False
    sample = "".join(han)
    changed = sum(a != b for a, b in zip(sample, _converter("t2s").convert(sample)))
    return changed > 0.02 * len(han)


STEPS = (
    unescape_entities,
    strip_html_tags,
    unescape_entities,  # entities that were escaped inside tags' text
    strip_pinyin_readings,
    repair_mojibake,
    to_simplified,
    fullwidth_to_halfwidth,
    join_soft_wraps,
    collapse_whitespace,
)


def normalize_text(text: str) -> str:
    for step in STEPS:
        text = step(text)
    return text
