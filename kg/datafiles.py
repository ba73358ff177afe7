"""Loading the data files under ``kg/data/``: JSONL read line by line, each
record validated against its file's JSON Schema (``data/schemas/``), every
error naming the file, the line and the reason.

A schema names what a record may hold; what no schema can say (a name
claimed twice, a lexicon a rule names, a predicate of ``schema.json``) is
checked by the loader in code. A schema refers to kg's vocabulary (the
entity types, actions and statuses of ``schema.json``) as
``{"$ref": "kg:vocabulary#/definitions/entity_types"}``; the loader hands
the words over. A property's ``errorMessage`` is the reason a user reads
when its value is wrong: ``{value!r}``, ``{enum}`` (the allowed values) and
the vocabulary's names (``{entity_types}``...) are filled in."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

DATA_DIR = Path(__file__).parent / "data"
SCHEMA_DIR = DATA_DIR / "schemas"


class DataFileError(ValueError):
    """A data file that cannot be used: ``path:line: reason``."""

    def __init__(self, path: Path | str, line: int | None, reason: str):
        self.path, self.line, self.reason = str(path), line, reason
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


def data_path(name: str) -> Path:
    return DATA_DIR / name


def read_jsonl(path: Path | str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, record) for each non-blank, non-comment line.
    A missing file raises FileNotFoundError (a folder with no build is told
    apart from a damaged file), any other problem a DataFileError.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
    ...     _ = f.write('// a comment\\n{"a": 1}\\n\\n{"a": 2}\\n')
    >>> list(read_jsonl(f.name))
    [(2, {'a': 1}), (4, {'a': 2})]
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(path, None, f"cannot read: {e}") from e
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise DataFileError(path, n, f"not JSON: {e.msg}") from e
        if not isinstance(record, dict):
            raise DataFileError(path, n, "a line must hold a JSON object")
        yield n, record


def load_record_schema(name: str) -> dict[str, Any]:
    """The JSON Schema ``data/schemas/<name>.json``."""
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _validator(name: str, vocabulary: tuple[tuple[str, tuple[str, ...]], ...]):
    import fastjsonschema  # imported and compiled on first use: importing kg stays cheap

    schema = load_record_schema(name)
    words = {"definitions": {key: {"enum": list(values)} for key, values in vocabulary}}
    check = fastjsonschema.compile(schema, handlers={"kg": lambda uri: words}, use_default=False)
    fill = {key: ", ".join(values) for key, values in vocabulary}
    return check, schema, fill, fastjsonschema.JsonSchemaValueException


def check_record(record: dict[str, Any], schema: str, vocabulary: Mapping[str, Iterable[str]] | None = None, *,
                 where: tuple[Path | str, int] | None = None) -> None:
    """Check a record against ``data/schemas/<schema>.json``.

    Parameters
    ----------
    record : dict
        One line of a data file.
    schema : str
        The schema's name.
    vocabulary : mapping, optional
        The words ``kg:vocabulary`` stands for: ``{"entity_types": ENTITY_TYPES}``.
    where : (path, line), optional
        Where the record stands, for a DataFileError.

    Raises
    ------
    ValueError
        With a reason a user can read; a DataFileError naming the file and
        the line when ``where`` is given.

    Examples
    --------
    >>> check_record({"kind": "form", "words": ["有限公司"]}, "legal_name_parts")
    >>> check_record({"kind": "form", "words": [""]}, "legal_name_parts")
    Traceback (most recent call last):
    ...
    ValueError: 'words' must be a list of non-empty strings
    >>> try:
    ...     check_record({"kind": "form"}, "legal_name_parts", where=("parts.jsonl", 3))
    ... except DataFileError as e:
    ...     print(e)
    parts.jsonl:3: missing key 'words'
    """
    words = tuple(sorted((k, tuple(v)) for k, v in vocabulary.items())) if vocabulary else ()
    check, root, fill, invalid = _validator(schema, words)
    try:
        check(record)
    except invalid as e:
        reason = _reason(e, root, fill)
    else:
        return
    raise DataFileError(*where, reason) if where else ValueError(reason)


def _reason(error, root: dict, fill: dict[str, str]) -> str:
    """The ``errorMessage`` nearest the wrong value on its path from the
    record, else a reason made from the rule it breaks."""
    definition = error.definition if isinstance(error.definition, dict) else {}
    node, message = root, None
    for step in error.path[1:]:  # ['data', 'aliases', '0']: the record's key, then deeper
        if step in node.get("properties", {}):
            node = node["properties"][step]
        elif isinstance(node.get("items"), dict):
            node = node["items"]
        else:
            break
        message = node.get("errorMessage", message)
    message = definition.get("errorMessage", message)
    if message:
        enum = ", ".join(map(str, definition.get("enum", ())))
        return message.format(value=error.value, enum=enum, **fill)
    if error.rule == "required":
        missing = [key for key in definition["required"] if key not in error.value]
        return f"missing key {missing[0]!r}"
    if error.rule == "additionalProperties":
        return f"unknown keys {sorted(set(error.value) - set(definition.get('properties', ())))}"
    where = error.name[len("data"):].lstrip(".")
    return f"{where!r}{error.message[len(error.name):]}" if where else error.message


def read_json_object(path: Path | str) -> tuple[dict[str, Any], str]:
    """The JSON object a data file holds, and its text (to name the line of a
    key in an error). A file that cannot be read, is not JSON or holds no
    object raises DataFileError with the file and line.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    ...     _ = f.write('{"a": 1}')
    >>> read_json_object(f.name)
    ({'a': 1}, '{"a": 1}')
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(path, None, f"cannot read: {e}") from e
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise DataFileError(path, e.lineno, f"not JSON: {e.msg}") from e
    if not isinstance(data, dict):
        raise DataFileError(path, 1, "must hold a JSON object")
    return data, text


def load_jsonl(path: Path | str, check: Callable[[dict[str, Any]], None] | None = None, *,
               schema: str | None = None, vocabulary: Mapping[str, Iterable[str]] | None = None,
               ) -> list[dict[str, Any]]:
    """Read a JSONL data file, each record checked against ``schema`` (see
    ``check_record``) and then by ``check``, which raises ValueError with
    the reason for what a schema cannot say; the error is reported with
    file and line."""
    records = []
    for n, record in read_jsonl(path):
        try:
            if schema is not None:
                check_record(record, schema, vocabulary)
            if check is not None:
                check(record)
        except (ValueError, KeyError, TypeError) as e:
            raise DataFileError(path, n, str(e)) from e
        records.append(record)
    return records


def compile_regex(pattern: str, key: str = "pattern") -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as e:
        raise ValueError(f"{key!r} is not a valid regular expression: {e}") from e
