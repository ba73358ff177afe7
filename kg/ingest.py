"""Ingestion: files on disk -> ``Article`` (decoded, body extracted,
normalized, metadata found). ``discover`` walks the paths; ``read_article``
reads one file or raises ``Unreadable`` with the reason it is skipped."""
from __future__ import annotations

import datetime as _dt
import logging
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from kg import dates
from kg.chrome import remove_chrome
from kg.datafiles import DataFileError, data_path, load_jsonl, require
from kg.model import Article
from kg.normalize import normalize_text
from kg.scan import alternation as _alt

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
log = logging.getLogger(__name__)


class Unreadable(Exception):
    """A file that is reported and skipped; the message is the reason."""


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


# --- finding files -----------------------------------------------------------

def discover(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Article files under the given paths, in a stable order: folders
    recursively, hidden files and folders skipped, symlinked folders followed
    once (no loops). A file named explicitly is taken whatever its suffix.
    A path that does not exist raises FileNotFoundError."""
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise FileNotFoundError(str(raw))
        if path.is_file():
            real = os.path.realpath(path)
            if real not in seen_files:
                seen_files.add(real)
                yield path
            continue
        yield from _walk(path, seen_dirs, seen_files)


def _walk(folder: Path, seen_dirs: set[str], seen_files: set[str]) -> Iterator[Path]:
    real = os.path.realpath(folder)
    if real in seen_dirs:
        return
    seen_dirs.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir():  # follows symlinks; seen_dirs stops loops
            yield from _walk(path, seen_dirs, seen_files)
        elif entry.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES:
            real_file = os.path.realpath(path)
            if real_file not in seen_files:
                seen_files.add(real_file)
                yield path


# --- decoding ----------------------------------------------------------------

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# Declared names mapped to the superset that decodes them all.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb18030": "gb18030",
              "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "cp950": "big5hkscs",
              "utf8": "utf-8", "utf-8": "utf-8"}
_TRIALS = ("utf-8", "gb18030", "big5hkscs")


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding): by BOM, then ``<meta charset>``, then by
    trial; when both Chinese legacy encodings decode, charset-normalizer
    decides between them. Raises Unreadable."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as e:
                raise Unreadable(f"undecodable: declared {encoding} by BOM but {e.reason}") from e
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        declared = _SUPERSETS.get(meta.group(1).decode("ascii").lower())
        if declared:
            try:
                return data.decode(declared), declared
            except UnicodeDecodeError:
                pass  # a wrong declaration is common: fall through to trial
    decoded = {}
    for encoding in _TRIALS:
        try:
            decoded[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8":
            return decoded[encoding], encoding
    if not decoded:
        raise Unreadable("undecodable: not UTF-8, GB18030 or Big5")
    if len(decoded) == 1:
        return next(iter(decoded.items()))[::-1]
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=list(decoded)).best()
    encoding = best.encoding if best and best.encoding in decoded else "gb18030"
    return decoded[encoding], encoding


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


# --- formats -----------------------------------------------------------------

_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<![\w])_(?=\S)|(?<=\S)_(?![\w]))")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?", re.M)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S | re.I)


def _front_matter(text: str) -> tuple[dict, str]:
    """The YAML front matter of a Markdown or text file and the rest of it
    (python-frontmatter; dates stay text, so that an impossible one such as
    ``2021-02-31`` is judged by ``kg.dates`` and skipped, not raised)."""
    if not text.startswith("---"):
        return {}, text
    import frontmatter
    import yaml

    try:
        meta, body = frontmatter.parse(text, handler=_yaml_handler())
    except yaml.YAMLError:
        return {}, text
    return (meta if isinstance(meta, dict) else {}), body


@lru_cache(maxsize=None)
def _yaml_handler():
    import frontmatter
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when there
        pass

    Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)

    class Handler(frontmatter.YAMLHandler):
        def load(self, fm: str, **kwargs):
            return yaml.load(fm, Loader=Loader)

    return Handler()


def markdown_to_text(text: str) -> str:
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_QUOTE.sub("", text)
    return _MD_EMPHASIS.sub("", text)


def _html_body(raw: str) -> tuple[str, dict]:
    """The article body of a web page (trafilatura) and its metadata. The
    date comes from the page's markup only: trafilatura's search of the
    text guesses (a "2000万件" gave 2000-01-01), and ``find_date`` reads the
    text by its own rules."""
    import trafilatura

    doc = trafilatura.bare_extraction(raw, with_metadata=True, favor_recall=True,
                                      include_comments=False, include_tables=True,
                                      date_extraction_params=_MARKUP_DATE_ONLY)
    meta: dict = {}
    body = ""
    if doc is not None:
        body = doc.text or ""
        meta = {"title": doc.title, "date": doc.date, "author": doc.author,
                "source": doc.sitename, "url": doc.url}
    if len(body) < 50:  # too little for trafilatura: keep the whole page's text
        body = html_text(raw)
    return body, meta


_MARKUP_DATE_ONLY = {"original_date": True, "extensive_search": False}
_NOT_TEXT = ("script", "style", "noscript", "template")
_BLOCKS = frozenset("p div br h1 h2 h3 h4 h5 h6 li ul ol tr table section article header footer blockquote "
                    "title".split())


def html_text(raw: str) -> str:
    """The text of a whole web page (lxml): scripts and styles dropped, a
    line break around each block element, entities decoded.

    Examples
    --------
    >>> html_text('<p title="a>b">抖音</p><script>x()</script><p>快手 &amp; 淘宝</p>')
    '\\n抖音\\n\\n快手 & 淘宝\\n'
    """
    from lxml import etree, html

    try:
        root = html.document_fromstring(raw)
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(root, *_NOT_TEXT, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "")
    return root.text_content()


# --- metadata ----------------------------------------------------------------

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
        name = require(record, "name")
        if name not in _WORD_NAMES:
            raise ValueError(f"unknown name {name!r} (known: {', '.join(_WORD_NAMES)})")
        if name in words:
            raise ValueError(f"{name!r} is given twice")
        given = require(record, "words", list)
        if not given or not all(isinstance(w, str) and w.strip() for w in given):
            raise ValueError("'words' must be a non-empty list of non-empty strings")
        if name in _ONE_CHARACTER and any(len(w) != 1 for w in given):
            raise ValueError(f"{name!r} holds single characters only")
        words[name] = tuple(given)

    load_jsonl(path, check)
    missing = [n for n in _WORD_NAMES if n not in words]
    if missing:
        raise DataFileError(path, None, f"missing {', '.join(missing)}")
    return words


_W = load_words()
_DATELINE = re.compile(rf"(?<!\d)(\d{{1,2}})月(\d{{1,2}})日(?:{_alt(_W['dateline_time'])})?(?:{_alt(_W['dateline_end'])})")
_YEAR = re.compile(rf"(?<![\d{''.join(_W['year_range_before'])}])({dates.YEAR}) ?(?:{_alt(_W['year_end'])})"
                   rf"(?!{_alt(_W['year_not_followed_by'])})")
_AUTHOR = [re.compile(rf"(?:{_alt(_W['author_label'])})[:：]\s*([^\s|,，。]{{2,16}})"),
           re.compile(r"^([^\s|]{1,16})\s*\|\|")]
_SOURCE = [re.compile(rf"(?:{_alt(_W['source_label'])})[:：]\s*([^\s|,，。、()（）]{{2,20}})"),
           re.compile(rf"^\(([^()]{{2,10}})(?:{_alt(_W['wire_source_end'])})\)")]
_BYLINE_CUE = re.compile(rf"{_alt(_W['byline_cue'])}|(?:{_alt(_W['byline_label'])})[:：]")


def _skipped(path: str | os.PathLike | None, value: object, where: str) -> None:
    log.warning("%s: the date %r in the %s is not a calendar date; skipped", path or "text", str(value), where)


def _clean_date(value, path: str | os.PathLike | None = None) -> str | None:
    """A metadata date (text or date) -> ISO, or None (with a warning when
    it is there but not a valid date)."""
    if value is None or value == "":
        return None
    date = dates.normalize(value if isinstance(value, _dt.date) else str(value))
    if date is None:
        _skipped(path, value, "metadata")
    return date


def find_date(text: str, head_lines: int = 12, path: str | os.PathLike | None = None) -> str | None:
    """The article's date: a full date in a byline near the top (a short
    line, or one with 发布时间/来源/...), else a dateline such as
    ``8月26日消息``, else only a year. A year the text does not give is
    taken as the latest year it names (news mostly name their own year);
    None when it names none.

    Parameters
    ----------
    text : str
        The normalized article text.
    head_lines : int
        How many lines at the top may hold a byline.
    path : path-like, optional
        Named in the warning when a date there is not valid (2021-02-31):
        such a date is skipped and the next source is used.

    Returns
    -------
    str or None
        ISO, as precise as known.

    Examples
    --------
    >>> find_date("标题\\n发布时间:2020年10月29日 10:54:25\\n正文")
    '2020-10-29'
    >>> find_date("8月26日消息,抖音将在2020年加强直播带货管控。"), find_date("2月30日消息,2020年。")
    ('2020-08-26', '2020')
    """
    lines = text.split("\n")[:head_lines]
    for line in lines:
        match = _FULL_DATE.search(line)
        if match and (len(line) <= 40 or _BYLINE_CUE.search(line)):
            iso = dates.iso(*(int(g) for g in match.groups()))
            if iso:
                return iso
            _skipped(path, match.group().strip(), "byline")
    years = [int(y) for y in _YEAR.findall(text)]  # dates.YEAR: all in range
    if not years:
        return None
    for line in lines[:4]:
        match = _DATELINE.search(line)
        if match:
            iso = dates.iso(max(years), int(match.group(1)), int(match.group(2)))
            if iso:
                return iso
            _skipped(path, f"{max(years)}-{match.group(1)}-{match.group(2)}", "dateline")
    return str(max(years))


def _first_match(patterns, lines) -> str | None:
    for line in lines:
        for pattern in patterns:
            match = pattern.search(line)
            if match:
                return match.group(1).strip()
    return None


# --- one file ----------------------------------------------------------------

def read_article(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read, decode, extract and normalize one article file."""
    return parse_article(path, read_bytes(path, max_bytes))


def read_bytes(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of an article file; Unreadable when it is too large, cannot
    be read, is empty or is binary."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise Unreadable(f"too large: {size:,} bytes (limit {max_bytes:,})")
        data = path.read_bytes()
    except OSError as e:
        raise Unreadable(f"cannot read: {e.strerror or e}") from e
    if not data.strip():
        raise Unreadable("empty file")
    if _looks_binary(data):
        raise Unreadable("binary file, not text")
    return data


def parse_article(path: str | os.PathLike, data: bytes) -> Article:
    """The article in ``data``, the bytes of the file at ``path`` (which is
    not read again: the bytes may come from another host)."""
    path = Path(path)
    raw, encoding = decode(data)

    suffix = path.suffix.lower()
    meta: dict = {}
    title = None
    if suffix in (".html", ".htm"):
        body, meta = _html_body(raw)
    else:
        meta, body = _front_matter(raw)
        if suffix in (".md", ".markdown"):
            body = markdown_to_text(body)
        else:  # scraped text often keeps Markdown headings (## 正文)
            body = _MD_HEADING.sub("", body)
        h1 = _H1.search(body)
        if h1:
            title = h1.group(1)

    text = remove_chrome(normalize_text(body))
    if not text.strip():
        raise Unreadable("no article text")
    lines = text.split("\n")
    title = meta.get("title") or title or (lines[0] if len(lines[0]) <= 80 else None)
    title = normalize_text(str(title)) if title else None
    author = meta.get("author") or _first_match(_AUTHOR, lines[:12])
    source = meta.get("source") or _first_match(_SOURCE, lines[:12])
    date = _clean_date(meta.get("date"), path) or find_date(text, path=path)
    return Article(
        id=path.name,
        path=str(path),
        text=text,
        encoding=encoding,
        title=title,
        date=date,
        source=normalize_text(str(source)) if source else None,
        author=normalize_text(str(author)) if author else None,
        url=str(meta["url"]) if meta.get("url") else None,
    )
