"""Ingestion: files on disk -> ``Article`` (decoded, body extracted,
normalized, metadata found). ``discover`` walks the paths; ``read_article``
reads one file or raises ``Unreadable`` with the reason it is skipped."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from kg.chrome import strip_chrome
from kg.metadata import clean_date, find_author, find_date_and_source, find_source
from kg.model import Article
from kg.normalize import normalize_text

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class Unreadable(Exception):
    """A file that is reported and skipped; the message is the reason."""


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


# --- finding files -----------------------------------------------------------

def discover(paths: Iterable[str | os.PathLike], skipped: list[Skipped] | None = None,
             exclude: Iterable[str | os.PathLike] = ()) -> Iterator[Path]:
    """Article files under the given paths, in a stable order: folders
    recursively, hidden files and folders skipped, symlinked folders followed
    once (no loops). A file named explicitly is taken whatever its suffix.
    A path that does not exist raises FileNotFoundError; a folder that
    cannot be listed or an entry that cannot be looked at (a symlink loop)
    is added to ``skipped`` with its reason. Folders in ``exclude`` (kg's
    output folder) are never read, and reported as skipped when met."""
    seen_dirs: set[str] = set()
    excluded = {os.path.realpath(p) for p in exclude}
    seen_files: set[str] = set()
    skipped = [] if skipped is None else skipped
    for raw in paths:
        path = Path(raw)
        if not path.exists() and not path.is_symlink():
            raise FileNotFoundError(str(raw))
        if path.is_dir():
            yield from _walk(path, seen_dirs, seen_files, skipped, excluded)
            continue
        try:
            path.stat()
        except OSError as e:
            skipped.append(Skipped(str(path), f"cannot read: {e.strerror or e}"))
            continue
        real = os.path.realpath(path)
        if real not in seen_files:
            seen_files.add(real)
            yield path


def _walk(folder: Path, seen_dirs: set[str], seen_files: set[str], skipped: list[Skipped],
          excluded: set[str]) -> Iterator[Path]:
    real = os.path.realpath(folder)
    if real in excluded:
        skipped.append(Skipped(str(folder), "kg's output folder, never read as input"))
        return
    if real in seen_dirs:
        return
    seen_dirs.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        skipped.append(Skipped(str(folder), f"folder cannot be listed: {e.strerror or e}"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()  # follow symlinks; seen_dirs stops loops
            if entry.is_symlink():
                os.stat(entry.path)  # a dangling link or a loop of links raises here
        except OSError as e:
            if path.suffix.lower() in ARTICLE_SUFFIXES or entry.is_symlink():
                skipped.append(Skipped(str(path), f"cannot read: {e.strerror or e}"))
            continue
        if is_dir:
            yield from _walk(path, seen_dirs, seen_files, skipped, excluded)
        elif is_file and path.suffix.lower() in ARTICLE_SUFFIXES:
            real_file = os.path.realpath(path)
            if real_file not in seen_files:
                seen_files.add(real_file)
                yield path


def article_ids(files: Iterable[Path], roots: Iterable[str | os.PathLike]) -> dict[Path, str]:
    """Each file's article id: its path relative to the first of ``roots``
    it was found under (``/`` between folders), the file's name when it was
    given itself. Unique across several roots: ids that would be equal get
    their root's name in front, then a number.

    Examples
    --------
    >>> ids = article_ids([Path("a/x/news.txt"), Path("b/news.txt"), Path("c.txt")], ["a", "b", "c.txt"])
    >>> [ids[p] for p in (Path("a/x/news.txt"), Path("b/news.txt"), Path("c.txt"))]
    ['x/news.txt', 'news.txt', 'c.txt']
    >>> ids = article_ids([Path("a/news.txt"), Path("b/news.txt")], ["a", "b"])
    >>> sorted(ids.values())
    ['a/news.txt', 'b/news.txt']
    """
    roots = [Path(r) for r in roots]
    found: dict[Path, tuple[Path, str]] = {}
    for path in files:
        root = next((r for r in roots if r != path and r in path.parents), None)
        found[path] = (root, path.relative_to(root).as_posix() if root else path.name)
    taken: dict[str, int] = {}
    for _, rel in found.values():
        taken[rel] = taken.get(rel, 0) + 1
    ids: dict[Path, str] = {}
    used: set[str] = set()
    for path, (root, rel) in found.items():
        name = rel if taken[rel] == 1 else f"{root.name if root else path.parent.name}/{rel}"
        candidate, n = name, 1
        while candidate in used:
            n += 1
            candidate = f"{name}#{n}"
        used.add(candidate)
        ids[path] = candidate
    return ids


# --- decoding ----------------------------------------------------------------

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# Declared names mapped to the superset that decodes them all.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb18030": "gb18030",
              "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "cp950": "big5hkscs",
              "utf8": "utf-8", "utf-8": "utf-8"}
_TRIALS = ("utf-8", "gb18030", "big5hkscs")
REPLACEMENT = "\ufffd"
MAX_DAMAGED_SHARE = 0.5  # an article is dropped only when most of it cannot be decoded


class Decoded(NamedTuple):
    text: str
    encoding: str
    replaced: int = 0  # undecodable bytes replaced by U+FFFD


def decode(data: bytes) -> Decoded:
    """Bytes -> (text, encoding, replaced): by BOM, then ``<meta charset>``, then by
    trial; when both Chinese legacy encodings decode, charset-normalizer
    decides between them; when none decodes whole, the one that loses
    fewest bytes, each lost byte a U+FFFD. Raises Unreadable when most of
    the text would be lost."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as e:
                raise Unreadable(f"undecodable: declared {encoding} by BOM but {e.reason}") from e
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        declared = _SUPERSETS.get(meta.group(1).decode("ascii").lower())
        if declared:
            try:
                return Decoded(data.decode(declared), declared)
            except UnicodeDecodeError:
                pass  # a wrong declaration is common: fall through to trial
    decoded = {}
    for encoding in _TRIALS:
        try:
            decoded[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8":
            return Decoded(decoded[encoding], encoding)
    if not decoded:
        return _decode_damaged(data)
    if len(decoded) == 1:
        return Decoded(*next(iter(decoded.items()))[::-1])
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=list(decoded)).best()
    encoding = best.encoding if best and best.encoding in decoded else "gb18030"
    return Decoded(decoded[encoding], encoding)


def _decode_replacing(data: bytes, encoding: str) -> Decoded:
    """``data`` decoded with each undecodable byte replaced by U+FFFD, and
    how many there were (no process-wide error handler is registered)."""
    parts, bad, pos = [], 0, 0
    while True:
        try:
            parts.append(data[pos:].decode(encoding))
            return Decoded("".join(parts), encoding, bad)
        except UnicodeDecodeError as e:
            parts += [data[pos:pos + e.start].decode(encoding), REPLACEMENT * (e.end - e.start)]
            bad += e.end - e.start
            pos += e.end


def _decode_damaged(data: bytes) -> Decoded:
    """Bytes no encoding decodes whole: the encoding that leaves the fewest
    bytes undecodable, those replaced by U+FFFD (an article loses a few
    characters, not its text). Unreadable when most of it would be lost."""
    best = min((_decode_replacing(data, encoding) for encoding in _TRIALS), key=lambda d: d.replaced)
    if best.replaced > len(data) * MAX_DAMAGED_SHARE:
        raise Unreadable(f"undecodable: {best.replaced:,} of {len(data):,} bytes are not UTF-8, GB18030 or Big5")
    return best


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
    if text.partition("\n")[0].rstrip() != "---":  # a rule of dashes is not front matter
        return {}, text
    import frontmatter
    import yaml

    try:
        meta, body = frontmatter.parse(text, handler=_yaml_handler())
    except (yaml.YAMLError, ValueError):  # ValueError: a value YAML cannot build (!!int x)
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

    raw = _CDATA.sub(r"\1", raw)  # an RSS item's text in <![CDATA[...]]>: HTML parsers drop it as a comment
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


_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_MARKUP_DATE_ONLY = {"original_date": True, "extensive_search": False}
_NOT_TEXT = ("script", "style", "noscript", "template")
_BLOCKS = frozenset("p div br h1 h2 h3 h4 h5 h6 li ul ol tr table section article header footer blockquote "
                    "title".split())


def html_text(raw: str) -> str:
    """The text of a whole web page (lxml): scripts and styles dropped, a
    line break around each block element, entities decoded.

    Examples
    --------
    >>> html_text('<?xml version="1.0" encoding="gbk"?><p title="a>b">抖音</p><script>x()</script><p>快手 &amp; 淘宝</p>')
    '\\n抖音\\n\\n快手 & 淘宝\\n'
    """
    from lxml import etree, html

    try:  # as bytes: lxml refuses a str that declares an encoding (<?xml ... encoding="gbk"?>)
        root = html.document_fromstring(raw.encode("utf-8"), parser=html.HTMLParser(encoding="utf-8"))
    except etree.ParserError:  # nothing in it
        return ""
    etree.strip_elements(root, *_NOT_TEXT, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "")
    return root.text_content()


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


def parse_article(path: str | os.PathLike, data: bytes, article_id: str | None = None) -> Article:
    """The article in ``data``, the bytes of the file at ``path`` (which is
    not read again: the bytes may come from another host); its id is
    ``article_id`` (``article_ids``), or the file's name."""
    path = Path(path)
    raw, encoding, replaced = decode(data)

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

    text, chrome_note = strip_chrome(normalize_text(body))
    if not text.strip():
        raise Unreadable("no article text")
    lines = text.split("\n")
    title = meta.get("title") or title or (lines[0] if len(lines[0]) <= 80 else None)
    title = normalize_text(str(title)) if title else None
    author = meta.get("author") or find_author(lines)
    source = meta.get("source") or find_source(lines)
    date = clean_date(meta.get("date"), path)
    date, date_source = (date, "metadata") if date else find_date_and_source(text, path=path)
    return Article(
        id=article_id or path.name,
        path=str(path),
        text=text,
        encoding=encoding,
        title=title,
        date=date,
        date_source=date_source,
        source=normalize_text(str(source)) if source else None,
        author=normalize_text(str(author)) if author else None,
        url=str(meta["url"]) if meta.get("url") else None,
        replaced=replaced,
        note=chrome_note,
    )
