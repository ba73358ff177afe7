"""A user's own knowledge: data folders read on top of the shipped data
(``kg build --data DIR``, ``kg extract --data DIR``, the environment
variable ``KG_DATA``), without editing the installed package.

A data folder holds any of ``gazetteer.jsonl``, ``lexicons.jsonl``,
``relations.jsonl`` and ``schema.json``, in the formats of ``kg/data/``,
validated the same way (errors name the user's file and line). How a
folder's records meet the shipped ones (one rule for all: the user's wins):

* ``schema.json``: ``predicates`` and ``entity_types`` only; a new name is
  added, a name already declared is replaced by the user's declaration;
* ``lexicons.jsonl``: a new name is added; a lexicon of the same name
  replaces the shipped list (copy it and edit it to add a word); every
  rule's ``@name`` reads the final list, the shipped rules' too;
* ``relations.jsonl``: a new rule id is added after the shipped rules; a
  rule of the same id replaces the shipped rule in its place;
* ``gazetteer.jsonl``: a new entity is added; an entity of the same id
  replaces the shipped one; a name or alias of a shipped entity that a
  user's entity claims moves to the user's entity (the shipped entity keeps
  its other names); claiming another entity's canonical name is an error
  (give that entity's id to replace it).

Within one file, duplicates are errors, as in the shipped files. Folders
come in order: those of ``KG_DATA`` (``os.pathsep``-separated), then those
of ``--data`` (the option adds to the variable); a later folder is read on
top of the earlier ones. Any ``.json``/``.jsonl`` file in a data folder
that is not one of these four is an error (a misspelt name would otherwise
be ignored without a word).
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Iterable, Mapping

from kg.datafiles import DataFileError

ENV = "KG_DATA"
FILES = ("schema.json", "gazetteer.jsonl", "lexicons.jsonl", "relations.jsonl")


def data_dirs(option: Iterable[str | os.PathLike] = (), environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The data folders in force: ``KG_DATA``'s, then ``option``'s, as
    absolute paths, each once (its first place).

    Raises DataFileError for a folder that does not exist or holds a data
    file kg does not know.

    Examples
    --------
    >>> data_dirs([], environ={})
    ()
    """
    environ = os.environ if environ is None else environ
    wanted = [p for p in environ.get(ENV, "").split(os.pathsep) if p.strip()] + [str(p) for p in option]
    found: list[str] = []
    for folder in wanted:
        path = Path(folder).expanduser()
        if not path.is_dir():
            raise DataFileError(path, None, "no such data folder")
        for child in sorted(path.iterdir()):
            if child.suffix in (".json", ".jsonl") and child.name not in FILES:
                raise DataFileError(child, None, f"not a kg data file: a data folder holds {', '.join(FILES)}")
        resolved = str(path.resolve())
        if resolved not in found:
            found.append(resolved)
    return tuple(found)


def layers(name: str, dirs: Iterable[str | os.PathLike]) -> list[Path]:
    """The data folders' files called ``name``, in order (folders without one skipped)."""
    return [Path(d) / name for d in dirs if (Path(d) / name).is_file()]


def snapshot(dirs: Iterable[str | os.PathLike]) -> tuple[tuple[tuple[str, bytes], ...], ...]:
    """The data folders' files as bytes, to send to workers that do not
    share the disk (a Dask cluster); ``materialize`` writes them back."""
    return tuple(tuple((name, (Path(d) / name).read_bytes()) for name in FILES if (Path(d) / name).is_file())
                 for d in dirs)


def materialize(data: tuple[tuple[tuple[str, bytes], ...], ...]) -> tuple[str, ...]:
    """Folders holding a ``snapshot``'s files (in a temporary folder named
    by their content, so that a worker writes them once)."""
    if not data:
        return ()
    digest = hashlib.sha256(repr(data).encode()).hexdigest()[:16]
    root = Path(tempfile.gettempdir()) / f"kg-data-{digest}"
    dirs = []
    for n, files in enumerate(data):
        folder = root / str(n)
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in files:
            target = folder / name
            if not target.is_file() or target.read_bytes() != content:
                target.write_bytes(content)
        dirs.append(str(folder))
    return tuple(dirs)


def digest_into(digest, dirs: Iterable[str | os.PathLike]) -> None:
    """Add the data folders' files (names and bytes, in order) to a hash:
    the cache is bound to them as to the shipped data."""
    for n, files in enumerate(snapshot(dirs)):
        for name, content in files:
            digest.update(f"user data {n}/{name}".encode() + b"\0" + content)
