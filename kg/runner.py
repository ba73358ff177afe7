"""Running the extractor over many articles: in this process, in a pool of
processes (``jobs``), or on a Dask cluster (``scheduler``), with the cache
in front. Results come back in the order of the articles, whatever ran
them, so every way gives the same bytes."""
from __future__ import annotations

import itertools
import multiprocessing
from typing import Iterable, Iterator

from kg.cache import ExtractionCache
from kg.extract import ArticleResult, Extractor
from kg.model import Article

BATCH = 64  # articles read ahead, looked up in the cache and sent out together
POOL_MIN = 16  # fewer articles than this to extract are not worth starting processes for

# Each worker process builds its extractor once; it lives in the worker only.
_worker_extractor: Extractor | None = None


def _init_worker() -> None:
    global _worker_extractor
    _worker_extractor = Extractor()


def _extract_in_worker(article: Article) -> ArticleResult:
    return _worker_extractor(article)


def batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class Runner:
    """``with Runner(jobs=2, cache=...) as run: for result in run(articles): ...``"""

    def __init__(self, jobs: int = 1, cache: ExtractionCache | None = None, scheduler: str | None = None,
                 extractor: Extractor | None = None):
        self.jobs, self.cache, self.scheduler = max(1, jobs), cache, scheduler
        self.extractor = extractor
        self.pool = self.client = None
        self.extracted = 0

    def __enter__(self) -> "Runner":
        if self.scheduler:
            from distributed import Client

            from kg.cluster import ExtractorPlugin

            self.client = Client(self.scheduler)
            self.client.register_plugin(ExtractorPlugin(), name=ExtractorPlugin.name)
        return self

    def _local(self) -> Extractor:
        if self.extractor is None:
            self.extractor = Extractor()
        return self.extractor

    def _pool(self):
        if self.pool is None:  # started when the first large batch comes
            context = multiprocessing.get_context("forkserver" if "forkserver" in
                                                  multiprocessing.get_all_start_methods() else "spawn")
            self.pool = context.Pool(self.jobs, initializer=_init_worker)
        return self.pool

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.close() if exc[0] is None else self.pool.terminate()
            self.pool.join()
        if self.client is not None:
            self.client.close()

    def _submit(self, articles: list[Article]):
        """Start extracting ``articles``; returns an iterator of their results
        in order. In a pool the work goes on while the caller reads on."""
        if not articles:
            return iter(())
        self.extracted += len(articles)
        if self.client is not None:
            from kg.cluster import extract_partition

            size = max(1, len(articles) // (2 * max(1, len(self.client.scheduler_info()["workers"]))))
            futures = self.client.map(extract_partition, list(batches(articles, size)), pure=False)
            return (r for part in self.client.gather(futures) for r in part)
        if self.jobs > 1 and (self.pool is not None or len(articles) >= POOL_MIN):
            chunk = max(1, len(articles) // (4 * self.jobs))
            return self._pool().imap(_extract_in_worker, articles, chunksize=chunk)
        extractor = self._local()
        return (extractor(a) for a in articles)

    def __call__(self, articles: Iterable[Article]) -> Iterator[tuple[Article, ArticleResult]]:
        """(article, result) in the order of the articles. One batch is being
        extracted while the next is read and looked up in the cache."""
        pending = None
        for batch in batches(articles, BATCH * self.jobs):
            cached = [self.cache.get(a) if self.cache else None for a in batch]
            submitted = (batch, cached, self._submit([a for a, c in zip(batch, cached) if c is None]))
            if pending is not None:
                yield from self._collect(*pending)
            pending = submitted
        if pending is not None:
            yield from self._collect(*pending)

    def _collect(self, batch: list[Article], cached: list, fresh: Iterator[ArticleResult]):
        for article, hit in zip(batch, cached):
            result = hit if hit is not None else next(fresh)
            if hit is None and self.cache is not None:
                self.cache.put(article, result)
            yield article, result
