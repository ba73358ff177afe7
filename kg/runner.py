"""Running ingestion and extraction over many article files: in this
process, in a pool of processes (``jobs``), or on a Dask cluster
(``scheduler``), with the cache in front.

The main process only reads each file's bytes (the cache key is made of
them); decoding, normalization and extraction run where the extractor is,
so that a pool of N processes does nearly all the work N times over. The
bytes travel with the task, so a cluster's workers need no shared disk.
Outcomes come back in the order of the files, whatever ran them, so every
way gives the same bytes."""
from __future__ import annotations

import gc
import itertools
import multiprocessing
import signal
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from kg.cache import ExtractionCache, source_key
from kg.extract import ArticleResult, Extractor, ingest_and_extract
from kg.ingest import DEFAULT_MAX_BYTES, Unreadable, read_bytes
from kg.model import Article
from kg.userdata import snapshot

BATCH = 64  # files read ahead, looked up in the cache and sent out together, per process
POOL_MIN = 16  # fewer articles than this to extract are not worth starting processes for


@dataclass(frozen=True)
class Outcome:
    """What became of one file: its article and what was extracted from it,
    or why it was skipped."""

    path: Path
    article: Article | None = None
    result: ArticleResult | None = None
    problem: str | None = None


class Source(NamedTuple):
    """A file as the main process read it: its bytes and cache key and the
    cached entry if any, or why it cannot be read."""

    path: Path
    key: str | None = None
    data: bytes | None = None
    hit: tuple | None = None  # (article, result) from the cache
    problem: str | None = None
    article_id: str | None = None


# Each worker process builds its extractor once; it lives in the worker only.
_worker_extractor: Extractor | None = None


class ClusterError(Exception):
    """The Dask scheduler cannot be used; ``exit_code`` 2 for bad use (no
    Dask, not an address), 1 when it cannot be reached."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler


def connect(address: str, timeout: float = CONNECT_TIMEOUT):
    """A Dask ``Client`` of the scheduler at ``address``, or ClusterError.
    A TCP address is tried with a plain socket first, so an unreachable
    one fails within ``timeout`` and leaves no half-made client behind."""
    try:
        from distributed import Client
        from distributed.comm import parse_address, parse_host_port
    except ImportError as e:
        raise ClusterError("--scheduler needs Dask: pip install 'kg[cluster]'", 2) from e
    try:
        scheme, location = parse_address(address)
        host, port = parse_host_port(location) if scheme in ("tcp", "tls") else (None, None)
    except (ValueError, TypeError) as e:
        raise ClusterError(f"not a scheduler address: {address!r} ({e})", 2) from e
    if host is not None:
        try:
            socket.create_connection((host, port), timeout=timeout).close()
        except OSError as e:
            raise ClusterError(f"cannot reach the Dask scheduler at {address} within {timeout:g} s "
                               f"({e.strerror or e})", 1) from e
    try:
        return Client(address, timeout=timeout)
    except ValueError as e:  # an unknown scheme
        raise ClusterError(f"not a scheduler address: {address!r} ({e})", 2) from e
    except Exception as e:  # noqa: BLE001 - whatever the client raises, one line
        raise ClusterError(f"cannot use the Dask scheduler at {address}: {e}", 1) from e


def _init_worker(data_dirs: tuple[str, ...] = (), recogniser: str | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle: no worker tracebacks
    global _worker_extractor
    _worker_extractor = Extractor(data_dirs=data_dirs, recogniser=recogniser)
    gc.freeze()  # see Runner._local; a pool worker is kg's own process, so nothing of a host's is touched


def _in_worker(task: tuple[str, bytes, str]) -> tuple:
    return ingest_and_extract(_worker_extractor, *task)


def batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class Runner:
    """``with Runner(jobs=2, cache=...) as run: for outcome in run(files): ...``"""

    def __init__(self, jobs: int = 1, cache: ExtractionCache | None = None, scheduler: str | None = None,
                 extractor: Extractor | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 data_dirs: tuple[str, ...] = (), recogniser: str | None = None):
        self.jobs, self.cache, self.scheduler = max(1, jobs), cache, scheduler
        self.recogniser = recogniser  # kg.recogniser: every process and worker runs the same
        self.extractor = extractor
        self.data_dirs = tuple(data_dirs)  # every process and worker reads the same user data
        self.data: tuple = ()
        self.max_bytes = max_bytes
        self.pool = self.client = None
        self.extracted = 0
        self.froze = False

    def __enter__(self) -> "Runner":
        if self.scheduler:
            self.client = connect(self.scheduler)
            from kg.cluster import ExtractorPlugin

            self.data = snapshot(self.data_dirs)  # workers need not share the disk
            self.client.register_plugin(ExtractorPlugin(self.data, self.recogniser), name=ExtractorPlugin.name)
        return self

    def _local(self) -> Extractor:
        if self.extractor is None:
            self.extractor = Extractor(data_dirs=self.data_dirs, recogniser=self.recogniser)
        if not self.froze and gc.get_freeze_count() == 0:
            # The extractor (vocab, gazetteer, rules) lives as long as the run:
            # kept out of the collector's sight, a collection scans only what
            # the articles make. gc.freeze and gc.unfreeze act on every object
            # of the process, so only a process where nothing is frozen yet
            # (the CLI's, a host that never froze) is frozen, and unfrozen at
            # exit to the state found; a host's own frozen objects stay frozen.
            gc.freeze()
            self.froze = True
        return self.extractor

    def _pool(self):
        if self.pool is None:  # started when the first large batch comes
            context = multiprocessing.get_context("forkserver" if "forkserver" in
                                                  multiprocessing.get_all_start_methods() else "spawn")
            # Ctrl-C waits while the pool starts: its processes are born with it
            # blocked (the mask is inherited) and ignore it from their initializer
            # on, and the interrupt lands once the pool is whole, so __exit__
            # always has a pool to terminate, never a half-made one.
            mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                self.pool = context.Pool(self.jobs, initializer=_init_worker,
                                         initargs=(self.data_dirs, self.recogniser))
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        return self.pool

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.close() if exc[0] is None else self.pool.terminate()
            self.pool.join()
        if self.client is not None:
            self.client.close()
        if self.froze:
            gc.unfreeze()

    def _submit(self, tasks: list[tuple[str, bytes, str]]) -> Iterator[tuple]:
        """Start ingesting and extracting ``tasks``; returns an iterator of
        their outcomes in order. In a pool the work goes on while the caller
        reads on."""
        if not tasks:
            return iter(())
        if self.client is not None:
            from kg.cluster import extract_partition

            size = max(1, len(tasks) // (2 * max(1, len(self.client.scheduler_info()["workers"]))))
            futures = self.client.map(extract_partition, list(batches(tasks, size)), data=self.data,
                                      recogniser=self.recogniser, pure=False)
            return (r for part in self.client.gather(futures) for r in part)
        if self.jobs > 1 and (self.pool is not None or len(tasks) >= POOL_MIN):
            chunk = max(1, len(tasks) // (4 * self.jobs))
            return self._pool().imap(_in_worker, tasks, chunksize=chunk)
        extractor = self._local()
        return (ingest_and_extract(extractor, *task) for task in tasks)

    def _read(self, path: Path, article_id: str) -> Source:
        try:
            data = read_bytes(path, self.max_bytes)
        except Unreadable as e:
            return Source(path, problem=str(e))
        key = source_key(article_id, data)
        return Source(path, key, data, self.cache.get(key, str(path)) if self.cache else None, article_id=article_id)

    def __call__(self, files: Iterable[Path], ids: dict[Path, str] | None = None) -> Iterator[Outcome]:
        """One outcome per file, in the order of the files; ``ids``: each
        file's article id (``kg.ingest.article_ids``; default its name).
        One batch is being worked on while the next is read and looked up in
        the cache."""
        ids = ids or {}
        pending = None
        for batch in batches(files, BATCH * self.jobs):
            read = [self._read(Path(p), ids.get(Path(p)) or Path(p).name) for p in batch]
            tasks = [(str(r.path), r.data, r.article_id) for r in read if r.problem is None and r.hit is None]
            submitted = (read, self._submit(tasks))
            if pending is not None:
                yield from self._collect(*pending)
            pending = submitted
        if pending is not None:
            yield from self._collect(*pending)

    def _collect(self, read: list[Source], fresh: Iterator[tuple]) -> Iterator[Outcome]:
        for source in read:
            if source.problem is not None:
                yield Outcome(source.path, problem=source.problem)
                continue
            if source.hit is not None:
                yield Outcome(source.path, *source.hit)
                continue
            article, result, problem = next(fresh)
            if problem is not None:
                yield Outcome(source.path, problem=problem)
                continue
            self.extracted += 1
            if self.cache is not None:
                self.cache.put(source.key, article, result)
            yield Outcome(source.path, article, result)
