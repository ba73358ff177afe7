"""Writing the output folder atomically: every file of a run is written
into a staging folder inside OUT first and moved into place only when the
whole run has succeeded. A run that fails midway leaves the previous
output as it was; files that kg did not write are never touched.

``OUT/.kg-manifest.json`` lists the files kg wrote there. A run that
``replaces`` the output (a build) removes the files of the previous
manifest it did not write again (a format no longer asked for would
otherwise stay, out of date); a run that adds to it (an export) keeps them."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType


MANIFEST = ".kg-manifest.json"


def read_manifest(out_dir: str | os.PathLike) -> list[str]:
    """The files kg wrote in ``out_dir`` (empty when it has no readable manifest)."""
    try:
        names = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    # only plain names inside the folder: a manifest is never a way to delete elsewhere
    return [n for n in names if isinstance(n, str) and n and Path(n).name == n and not n.startswith(".")]


class StagedOutput:
    """``with StagedOutput(out) as stage: stage.path("triples.jsonl")``

    ``replaces``: whether the run's files replace kg's earlier files in
    ``out`` (a build) or add to them (an export)."""

    def __init__(self, out_dir: str | os.PathLike, replaces: bool = False):
        self.out_dir = Path(out_dir)
        self.replaces = replaces
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
                earlier = read_manifest(self.out_dir)
                for name in self.written:
                    final = self.out_dir / name
                    final.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(self.staging / name, final)
                kept = [] if self.replaces else [n for n in earlier if (self.out_dir / n).exists()]
                for name in earlier:
                    if self.replaces and name not in self.written:
                        (self.out_dir / name).unlink(missing_ok=True)
                manifest = self.staging / MANIFEST
                manifest.write_text(json.dumps(sorted(set(kept) | set(self.written)), ensure_ascii=False) + "\n",
                                    encoding="utf-8")
                os.replace(manifest, self.out_dir / MANIFEST)
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)
