"""Loading the data files under ``kg/data/``: JSONL read line by line, each
record validated, every error naming the file, the line and the reason."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable, Iterator

DATA_DIR = Path(__file__).parent / "data"


class DataFileError(ValueError):
    """A data file that cannot be used: ``path:line: reason``."""

    def __init__(self, path: Path | str, line: int | None, reason: str):
        self.path, self.line, self.reason = str(path), line, reason
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


def data_path(name: str) -> Path:
    return DATA_DIR / name


def read_jsonl(path: Path | str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, record) for each non-blank, non-comment line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
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


def load_jsonl(path: Path | str, check: Callable[[dict[str, Any]], None]) -> list[dict[str, Any]]:
    """Read a JSONL data file; ``check`` raises ValueError with the reason
    when a record is wrong, and the error is reported with file and line."""
    records = []
    for n, record in read_jsonl(path):
        try:
            check(record)
        except (ValueError, KeyError, TypeError) as e:
            raise DataFileError(path, n, str(e)) from e
        records.append(record)
    return records


def require(record: dict[str, Any], key: str, kind: type = str) -> Any:
    """The value of a required key, non-empty and of the given kind."""
    if key not in record:
        raise ValueError(f"missing key {key!r}")
    value = record[key]
    if not isinstance(value, kind) or (kind is str and not value.strip()):
        raise ValueError(f"{key!r} must be a non-empty {kind.__name__}")
    return value


def compile_regex(pattern: str, key: str = "pattern") -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as e:
        raise ValueError(f"{key!r} is not a valid regular expression: {e}") from e
