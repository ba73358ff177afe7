"""An article's date, author and source, from its metadata and the head of
its text (bylines, datelines, the years it names). The words read are in
``kg/data/ingest_words.jsonl``; dates are judged by ``kg.dates``: a date
that is not valid is skipped with a warning on this module's logger, and
the next source of a date is used."""
from __future__ import annotations

import datetime as _dt
import logging
import os
import re
from pathlib import Path

from kg import dates
from kg.datafiles import DataFileError, data_path, load_jsonl
from kg.scan import alternation as _alt

log = logging.getLogger(__name__)

_FULL_DATE = re.compile(rf"({dates.YEAR})\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?(?!\d)")
WORDS_PATH = data_path("ingest_words.jsonl")
_WORD_NAMES = ("dateline_time", "dateline_end", "year_end", "year_range_before", "year_not_followed_by",
               "author_label", "source_label", "wire_source_end", "byline_cue", "byline_label")
_ONE_CHARACTER = ("year_range_before",)  # read in a character class


def load_words(path: Path | str = WORDS_PATH) -> dict[str, tuple[str, ...]]:
    """The named word lists of ``ingest_words.jsonl``; a bad record raises
    ``DataFileError`` naming the file, the line and the reason.

    Examples
    --------
    >>> load_words()["dateline_end"]
    ('消息', '电', '讯')
    """
    words: dict[str, tuple[str, ...]] = {}

    def check(record: dict) -> None:
        name = record["name"]
        if name not in _WORD_NAMES:
            raise ValueError(f"unknown name {name!r} (known: {', '.join(_WORD_NAMES)})")
        if name in words:
            raise ValueError(f"{name!r} is given twice")
        given = record["words"]
        if name in _ONE_CHARACTER and any(len(w) != 1 for w in given):
            raise ValueError(f"{name!r} holds single characters only")
        words[name] = tuple(given)

    load_jsonl(path, check, schema="ingest_words")
    missing = [n for n in _WORD_NAMES if n not in words]
    if missing:
        raise DataFileError(path, None, f"missing {', '.join(missing)}")
    return words


_W = load_words()
_DATELINE = re.compile(rf"(?<!\d)(\d{{1,2}})月(\d{{1,2}})日"
                       rf"(?:{_alt(_W['dateline_time'])})?(?:{_alt(_W['dateline_end'])})")
TOP_LINES = 4  # the title and the lead: a date there is the article's
_URL_DATE = re.compile(rf"/({dates.YEAR})/(\d{{1,2}})/(\d{{1,2}})/")  # a dated link: /2015/10/08/
_YEAR = re.compile(rf"(?<![\d{''.join(_W['year_range_before'])}])({dates.YEAR}) ?(?:{_alt(_W['year_end'])})"
                   rf"(?!{_alt(_W['year_not_followed_by'])})")
_AUTHOR = [re.compile(rf"(?:{_alt(_W['author_label'])})[:：]\s*([^\s|,，。]{{2,16}})"),
           re.compile(r"^([^\s|]{1,16})\s*\|\|")]
_SOURCE = [re.compile(rf"(?:{_alt(_W['source_label'])})[:：]\s*([^\s|,，。、()（）]{{2,20}})"),
           re.compile(rf"^\(([^()]{{2,10}})(?:{_alt(_W['wire_source_end'])})\)")]
_BYLINE_CUE = re.compile(rf"{_alt(_W['byline_cue'])}|(?:{_alt(_W['byline_label'])})[:：]")


def _skipped(path: str | os.PathLike | None, value: object, where: str) -> None:
    log.warning("%s: the date %r in the %s is not a calendar date; skipped", path or "text", str(value), where)


def clean_date(value, path: str | os.PathLike | None = None) -> str | None:
    """A metadata date (text or date) as ISO, or None, with a warning
    naming ``path`` when it is there but not a valid date.

    Examples
    --------
    >>> clean_date("2021-12-27T10:00:00+08:00"), clean_date(None)
    ('2021-12-27', None)
    """
    if value is None or value == "":
        return None
    date = dates.normalize(value if isinstance(value, _dt.date) else str(value))
    if date is None:
        _skipped(path, value, "metadata")
    return date


def find_date(text: str, head_lines: int = 12, path: str | os.PathLike | None = None) -> str | None:
    """The article's date read from its text (``find_date_and_source``
    without the source).

    Examples
    --------
    >>> find_date("标题\\n发布时间:2020年10月29日 10:54:25\\n正文")
    '2020-10-29'
    >>> find_date("8月26日消息,抖音将在2020年加强直播带货管控。")
    '2020-08-26'
    >>> find_date("2月30日消息,2020年。")  # no such day: the year it names
    '2020'
    """
    return find_date_and_source(text, head_lines, path)[0]


def find_date_and_source(text: str, head_lines: int = 12,
                         path: str | os.PathLike | None = None) -> tuple[str | None, str]:
    """The article's date and where it came from, from the head of the text
    only: a full date in a byline near the top (a short line, or one with
    发布时间/来源/...), else the date in the path of a source link there
    (``/2015/10/08/``), else a dateline such as ``8月26日消息`` in the
    lead (its year the first the text names), else the first full date or
    year in the title and lead (``TOP_LINES``), else the first full date in
    the head, else a date alone on one of the last lines (a notice's
    sign-off). A year that only the body
    names is never the article's: a story names years before and after its
    own.

    Parameters
    ----------
    text : str
        The normalized article text.
    head_lines : int
        How many lines at the top may hold a byline or a date.
    path : path-like, optional
        Named in the warning when a date there is not valid (2021-02-31):
        such a date is skipped and the next source is used.

    Returns
    -------
    (str or None, str)
        The ISO date, as precise as known, and its source: ``head``
        (a byline or the first date near the top), ``url``, ``dateline``,
        ``signoff`` or ``none``.

    Examples
    --------
    >>> find_date_and_source("标题\\n原文: https://example.com/2015/10/08/a-story/\\n正文")
    ('2015-10-08', 'url')
    >>> find_date_and_source("抖音在2018年推出小店,2021年切断外链。")
    ('2018', 'head')
    >>> find_date_and_source("标题\\n导语\\n正文\\n正文\\n抖音在2018年推出小店。")
    (None, 'none')
    >>> find_date_and_source("标题\\n导语\\n正文\\n正文\\n自2022年3月1日起,抖音不再支持外链。")
    ('2022-03-01', 'head')
    >>> find_date_and_source("治理公告\\n" + "正文\\n" * 12 + "抖音安全中心\\n2024年4月13日")
    ('2024-04-13', 'signoff')
    """
    lines = text.split("\n")[:head_lines]
    full_dates = []  # (line, match) of every full date near the top
    for line in lines:
        for match in _FULL_DATE.finditer(line):
            full_dates.append((line, match))
    for line, match in full_dates:
        if len(line) <= 40 or _BYLINE_CUE.search(line):
            iso = dates.iso(*(int(g) for g in match.groups()))
            if iso:
                return iso, "head"
            _skipped(path, match.group().strip(), "byline")
    for line in lines:
        for match in _URL_DATE.finditer(line):
            iso = dates.iso(*(int(g) for g in match.groups()))
            if iso:
                return iso, "url"
    top = lines[:TOP_LINES]
    year = next((int(y) for y in _YEAR.findall("\n".join(top))), None)  # dates.YEAR: all in range
    for line in top:
        match = _DATELINE.search(line)
        if match:  # its year: the first the text names (not the latest: a story looks ahead)
            dateline_year = year or next((int(y) for y in _YEAR.findall(text)), None)
            if dateline_year is None:
                break
            iso = dates.iso(dateline_year, int(match.group(1)), int(match.group(2)))
            if iso:
                return iso, "dateline"
            _skipped(path, f"{dateline_year}-{match.group(1)}-{match.group(2)}", "dateline")
            break
    if year is not None:  # a year in the title or lead: the first full date there, else that year
        first = next((iso for line, m in full_dates if line in top and (iso := dates.iso(*map(int, m.groups())))), None)
        return first or str(year), "head"
    for line, match in full_dates:  # else the first full date in the head
        iso = dates.iso(*(int(g) for g in match.groups()))
        if iso:
            return iso, "head"
    for line in reversed(text.rstrip().split("\n")[-TOP_LINES:]):  # a notice's sign-off: 抖音安全中心 / 2024年4月13日
        match = _FULL_DATE.fullmatch(line.strip())
        if match and (iso := dates.iso(*(int(g) for g in match.groups()))):
            return iso, "signoff"
    return None, "none"


def find_author(lines: list[str], head_lines: int = 12) -> str | None:
    """The author named in a byline near the top (作者:张三, 张三 || ...).

    Examples
    --------
    >>> find_author(["标题", "作者:张三 来源:新华社"])
    '张三'
    """
    return _first_match(_AUTHOR, lines[:head_lines])


def find_source(lines: list[str], head_lines: int = 12) -> str | None:
    """The source named near the top (来源:新华社, (新华社讯) ...).

    Examples
    --------
    >>> find_source(["(新华社讯)抖音宣布……"])
    '新华社'
    """
    return _first_match(_SOURCE, lines[:head_lines])


def _first_match(patterns, lines) -> str | None:
    for line in lines:
        for pattern in patterns:
            match = pattern.search(line)
            if match:
                return match.group(1).strip()
    return None
