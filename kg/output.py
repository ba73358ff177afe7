"""Writing the output folder atomically: every file of a run is written
into a staging folder inside OUT first and moved into place only when the
whole run has succeeded. A run that fails midway leaves the previous
output as it was; files that kg did not write are never touched."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType


class StagedOutput:
    """``with StagedOutput(out) as stage: stage.path("triples.jsonl")``"""

    def __init__(self, out_dir: str | os.PathLike):
        self.out_dir = Path(out_dir)
        self.staging: Path | None = None
        self.written: list[str] = []

    def __enter__(self) -> "StagedOutput":
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=".kg-staging-", dir=self.out_dir))
        return self

    def path(self, name: str) -> Path:
        """Where to write ``name`` during the run."""
        assert self.staging is not None, "use StagedOutput as a context manager"
        if name not in self.written:
            self.written.append(name)
        target = self.staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        assert self.staging is not None
        try:
            if kind is None:
                for name in self.written:
                    final = self.out_dir / name
                    final.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(self.staging / name, final)
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)
