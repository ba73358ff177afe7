"""Finders of names that take a token table rather than a pattern: the
firm named right before a title that a person's name follows (``titled_spans``), the
items of an enumeration beside a known name (``list_spans``), names in parts
joined by a middle dot (``joined_spans``), offices named by 市/省 alone after
one that names the place (``elliptic_places``), and the token helpers the
cues of ``kg.entity_cues`` share. A cue is any object with the fields read
here (``kg.entity_cues.EntityCue``)."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from kg.doc_entities import EntitySpan

# Tags that never stand inside a firm's name: prepositions, conjunctions,
# particles, pronouns, adverbs, numbers, punctuation...
BREAK_TAGS = ("p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "d", "m", "mq", "q", "x", "w", "y", "e",
              "o", "f", "zg", "t")

# Tags of a token that is a piece of a proper name (宿迁/nr 涵邦/nr, 湘桂/j, DeepLang/eng).
NAME_PART_TAGS = ("nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng")
PERSON_AFTER_TAGS = ("nr", "nrt", "nrfg")  # a person's name, as jieba tags it
TITLE_JOINS = ("兼", "、")  # 创始人兼CEO张某, 创始人、CEO许某: another title before the name


def tokens_ending_in(table, suffixes: tuple[str, ...]) -> list[int]:
    """The tokens that end in one of ``suffixes``, in order: each suffix is
    found in the joined text (a C-speed scan) and kept where it ends a token
    and lies inside it, instead of an ``endswith`` call per token."""
    text, starts, words = table.text, table.starts, table.words
    found = set()
    for suffix in suffixes:
        at = text.find(suffix)
        while at != -1:
            end = at + len(suffix)
            i = bisect_right(starts, end - 1) - 1  # the token holding the suffix's last character
            if i >= 0 and starts[i] <= at and starts[i] + len(words[i]) == end:
                found.add(i)
            at = text.find(suffix, at + 1)
    return sorted(found)


def span_text(table, span: EntitySpan) -> str:
    return table.text[table.starts[span.start]:table.ends[span.end - 1]]


def list_spans(doc, cue, label_at, table) -> list[EntitySpan]:
    """The items of each enumeration (A、B、C和D) that holds a known name of
    the types ``item_types``: each other item is a name of that type when it
    is short and holds no break tag, verb or entity. Items are what stands
    between two separators; the first and last reach to the nearest token
    that cannot be in a name (包括A、B: not 包括)."""
    words, tags = table.words, table.tags
    seps = set(cue.separators)
    n, limit = len(words), cue.max_tokens

    def latin_space(i: int) -> bool:  # the space inside Baillie Gifford, TBP 资本
        return words[i] == " " and 0 < i < n - 1 and tags[i - 1] == "eng" and _nominal(tags[i + 1], words[i + 1])

    def walkable(i: int) -> bool:
        return _walkable(tags[i], words[i], cue.words) or latin_space(i)

    def size(a: int, b: int) -> int:  # tokens of an item, its spaces not counted
        return sum(words[t] != " " for t in range(a, b))

    def fits_item(a: int, b: int, label: str) -> bool:
        text = "".join(words[a:b])
        if label == "Person":  # a person's name: tagged or split as one (周芸/nr, 张/q 彧/zg), not 直播间/n
            fits = tags[a] in PERSON_TAGS and (PERSON_ITEM.match(text) or tags[a] == "eng")
        else:  # 及时/c 用车, 呼/zg 我/r 出行: a service word ends a name the segmenter tore apart
            fits = size(a, b) <= limit and all(_nominal(tags[t], words[t], cue.words) or latin_space(t)
                                               for t in range(a, b)) \
                or (b - a <= limit + 1 and words[b - 1] in cue.words and len(text) <= 6
                    and all(tags[t] not in ("x", "w", "m", "d", "p") and tags[t][0] not in "vu" and words[t].strip()
                            for t in range(a, b - 1)))
        return bool(fits)

    spans: list[EntitySpan] = []
    commas = tokens_ending_in(table, ("、",))
    k = 0
    while k < len(commas):
        group = [commas[k]]  # the 、 of one enumeration: items of a few tokens between them
        while k + 1 < len(commas) and commas[k + 1] - group[-1] <= limit + 3 \
                and all(tags[j] not in ("x", "w") or latin_space(j) for j in range(group[-1] + 1, commas[k + 1])):
            k += 1
            group.append(commas[k])
        k += 1
        first = group[0]
        while first > 0 and size(first, group[0]) < limit and walkable(first - 1):
            first -= 1
        if first > 0 and not _bounds_item(tags[first - 1], words[first - 1], seps):
            first = group[0]  # the first item reaches further than a name may: not a candidate
        bounds = [first] + [c + 1 for c in group]  # item starts
        ends = list(group)
        if first >= 2 and words[first - 1] in seps:  # 高德打车及携华出行、星徽出行: the item before 及
            before = first - 1
            while before > 0 and size(before, first - 1) < limit and walkable(before - 1):
                before -= 1
            if before < first - 1:
                bounds, ends = [before] + bounds, [first - 1] + ends
        j = last = group[-1] + 1
        while True:  # the last items, after the last 、 and after 和/及/与
            end = j
            while end < n and size(j, end) < limit and walkable(end) and words[end] not in seps:
                end += 1
            ends.append(end if end == n or _bounds_item(tags[end], words[end], seps) else j)
            if end < n and words[end] in seps and words[end] != "、":
                bounds.append(end + 1)
                j = last = end + 1
                continue
            break
        items = [(a, b) for a, b in zip(bounds, ends) if b > a]
        if cue.long_list and len(items) + 1 >= cue.long_list:  # the last item up to a list's end (剪映/v 等, 联华超市/v 。)
            end = last
            while end < n and end - last <= limit and tags[end] not in LIST_END_TAGS and words[end] not in seps:
                end += 1
            if end > last and (end == n or tags[end] in LIST_END_TAGS) and (not items or items[-1][1] <= end):
                items = [(a, b) for a, b in items if a < last] + [(last, end)]
        known = [label_at(a) for a, b in items if label_at(a) in cue.item_types and label_at(b - 1) == label_at(a)]
        if not known:
            continue
        label = max(known, key=known.count)  # the type most known items have (the first of a tie)
        fitting = [fits_item(a, b, label) or label_at(a) is not None for a, b in items]
        # a long list whose items mostly are names takes its other items too (妥妥E行, 900游, 租租车)
        long = cue.long_list and len(items) >= cue.long_list and 2 * sum(fitting) >= len(items)
        for (a, b), fits in zip(items, fitting):
            text = "".join(words[a:b])
            fits = fits or (long and label != "Person" and _loose_item(table, a, b, text, cue))
            if all(label_at(t) is None for t in range(a, b)) and text not in cue.generic and text.strip() == text and fits:
                spans.append(EntitySpan(a, b, label))
    return spans


def _loose_item(table, a: int, b: int, text: str, cue) -> bool:
    """An item of a long list of names that the strict test refuses: a few
    characters, no punctuation, particle, pronoun or preposition, and not a
    verb phrase (a verb of two characters or more with more after it):
    租租车, 900游, 妥妥E行, 剪映/v, 联华超市/v; not 提供服务."""
    words, tags = table.words, table.tags
    verb_phrase = b - a > 1 and tags[a].startswith("v") and len(words[a]) > 1 and words[a] not in cue.words
    return 2 <= len(text) <= LOOSE_ITEM_CHARS and not verb_phrase and not any(
        tags[t] in ("x", "w", "uj", "ul", "p", "r") and words[t] != " " for t in range(a, b))


LOOSE_ITEM_CHARS = 8
LIST_END_TAGS = ("x", "w", "u", "uj", "ul", "uz")  # what ends a list's last item: 等, 的, punctuation


ITEM_BOUNDS = ("u", "uj", "ul", "uz", "x", "w", "c", "p", "v", "vn", "d", "r", "m", "f", "y", "t")


def _bounds_item(tag: str, word: str, seps) -> bool:
    """Whether a token may stand right beside a list item: a particle,
    punctuation, a conjunction, a verb..., not a piece of a longer word."""
    return tag in ITEM_BOUNDS or word in seps


def _walkable(tag: str, word: str, tails: tuple[str, ...]) -> bool:
    """A token an item may reach over: a nominal one, or a one-character
    piece of a name the segmenter split off (张/q 彧/zg)."""
    return _nominal(tag, word, tails) or (tag in ("q", "zg", "j") and len(word) == 1 and "\u4e00" <= word <= "\u9fff")


PERSON_TAGS = ("nr", "nrt", "nrfg", "q", "zg", "j", "eng")
PERSON_ITEM = re.compile(r"^[\u4e00-\u9fff]{2,3}$")  # an item of a list of people: a Chinese name (张彧)


def _nominal(tag: str, word: str, tails: tuple[str, ...] = ()) -> bool:
    """Whether a token may stand inside a name: no break tag, no verb (but
    the ``tails`` a name may end in: 出行, 用车), no space."""
    return (tag not in BREAK_TAGS and not tag.startswith("v") or word in tails) and bool(word.strip())


def joined_spans(doc, cue, label_at, table) -> list[EntitySpan]:
    """A name in parts joined by a joiner (道格·费金, 埃隆·马斯克): each part
    the tokens beside it, taken until the part has two characters (道 + 格)
    and on over tokens tagged as names (马克·扎克/nrt 伯格/nr),
    none of them a break tag or a verb and none in an entity."""
    words, tags = table.words, table.tags
    n, spans, end_at = len(words), [], -1
    for i in tokens_ending_in(table, cue.words):
        if words[i] not in cue.words or i <= end_at:
            continue
        start, chars = i, 0
        while start > 0 and chars < 2 and i - start < cue.max_tokens and _name_part(tags[start - 1], words[start - 1]) \
                and label_at(start - 1) is None:
            start -= 1
            chars += len(words[start])
        end = i
        while True:  # the parts after it, each joined by the joiner (A·B·C)
            part = 0
            first = end + 1
            while end + 1 < n and (part < 2 or _split_tail(part, tags[end + 1], words[end + 1])) \
                    and end + 1 - first < cue.max_tokens \
                    and _name_part(tags[end + 1], words[end + 1]) and label_at(end + 1) is None:
                end += 1
                part += len(words[end])
            if part < 2 or chars < 2 or end + 1 >= n or words[end + 1] not in cue.words:
                break
            end += 1
        if chars >= 2 and part >= 2:
            spans.append(EntitySpan(start, end + 1, cue.label))
            end_at = end
    return spans


def _split_tail(part: int, tag: str, word: str) -> bool:
    """The rest of a transliterated part the segmenter cut after two
    characters: a short token tagged as a name (扎克/nrt + 伯格/nr)."""
    return part == 2 and tag in PERSON_AFTER_TAGS and len(word) <= 2


def _name_part(tag: str, word: str) -> bool:
    return tag not in ("x", "w", "p", "c", "u", "uj", "ul", "uz", "d", "m", "r") and not tag.startswith("v") \
        and "\u4e00" <= word[0] <= "\u9fff"


def elliptic_places(ents: list[EntitySpan], table, levels: tuple[str, ...], within: int = 80) -> list[EntitySpan]:
    """An office named by 市/省/区 alone after one that names the place
    (武汉市交通运输局、市市场监管局) is that place's office: its span id
    becomes ``=`` and the whole name (=武汉市市场监管局), which the
    resolver reads as the name. The place is taken from the nearest
    authority before it, within ``within`` characters; ``levels`` are the
    one-character administrative levels that end a place's name (市, 省...)."""
    one_char = "".join(w for w in levels if len(w) == 1)
    place_name = re.compile(rf"^[\u4e00-\u9fff]{{2,4}}?[{re.escape(one_char)}]") if one_char else None
    out, place, place_end = [], None, -within
    for e in ents:
        if e.label == "Authority":
            text = span_text(table, e)
            start = table.starts[e.start]
            if (not e.entity_id and text[0] in one_char and len(text) > 3 and place
                    and start - place_end <= within and place[-1] == text[0]):
                e = e._replace(entity_id="=" + place[:-1] + text)  # the place goes on to the next office
            else:
                m = place_name.match(text) if place_name else None
                place = m.group(0) if m else None
            place_end = table.ends[e.end - 1]
        out.append(e)
    return out




def titled_spans(cue, label_at, table, parts) -> list[EntitySpan]:
    """The firm named right before a title (``cue.words``) that a person's
    name follows: 百联咨询创始人庄某, 火星文化创始人兼CEO李某. The name is the
    nominal tokens before the title (at most ``cue.max_tokens``, no verb, no
    entity), after a clause break, a preposition, a verb or a generic head
    (品牌, 公司: apposition, not in the name); one of them a proper name
    (``cue.name_tags``) or the last a trade word (``parts.trades``: 文化,
    咨询). A known entity right before (阿里巴巴本地生活CEO) makes the tokens a
    unit of it, no firm."""
    text, starts, ends, words, tags = table.text, table.starts, table.ends, table.words, table.tags
    n, spans, trades = len(words), [], set(parts.trades)
    forms = set(parts.forms)

    def title_end(at: int) -> int:  # the token after the title starting at text offset ``at``, or -1
        for title in cue.words:
            if text.startswith(title, at):
                j = bisect_left(ends, at + len(title))
                if j < n and ends[j] == at + len(title):
                    return j + 1
        return -1

    def person_at(k: int) -> bool:
        while k < n and not words[k].strip():
            k += 1
        return k < n and (label_at(k) == "Person" or (tags[k] in PERSON_AFTER_TAGS and len(words[k]) >= 2)
                          or (tags[k] == "eng" and words[k][:1].isupper()))

    for title in cue.words:
        at = text.find(title)
        while at != -1:
            i = bisect_left(starts, at)
            after = title_end(at) if i < n and starts[i] == at else -1
            at = text.find(title, at + 1)
            if after == -1 or label_at(i) is not None:
                continue
            if after < n and words[after] in TITLE_JOINS and after + 1 < n:
                after = title_end(starts[after + 1]) if title_end(starts[after + 1]) != -1 else after
            if not person_at(after):
                continue
            start = i
            while start > 0 and i - start < cue.max_tokens:
                w, tag = words[start - 1], tags[start - 1]
                if (label_at(start - 1) is not None or w in cue.generic or w in cue.breaks or tag in BREAK_TAGS
                        or (tag.startswith("v") and tag != "vn") or not w.strip()):
                    break
                start -= 1
            if start == i:
                continue
            before = start - 1
            while before > 0 and not words[before].strip():
                before -= 1  # AOL 媒体网络总裁: the name across the space
            if start > 0:  # what stands before: a break, a verb or a generic head, not more of a noun phrase
                w, tag = words[before], tags[before]
                if label_at(before) is not None or not (
                        tag in BREAK_TAGS or tag.startswith("v") or w in cue.generic or w in cue.breaks or not w.strip()):
                    continue
            inside = words[start:i]
            if any(t in w for w in inside for t in cue.words + TITLE_JOINS):
                continue  # 总裁兼/j 首席执行官: a title stacked before another, no firm
            if all(w in trades or w in forms for w in inside):
                continue  # 数据科技创始人: trade words with no name among them
            if any(tags[t] in cue.name_tags for t in range(start, i)) or inside[-1] in trades:
                spans.append(EntitySpan(start, i, cue.label))
    return spans
