"""Extraction on a Dask distributed cluster: each worker builds its
extractor once (``ExtractorPlugin``) and runs it over partitions of
articles (``extract_partition``). Both live in this importable module, as
Dask needs; the runner imports it only when a scheduler is given."""
from __future__ import annotations

from distributed import WorkerPlugin, get_worker

from kg.extract import ArticleResult, Extractor
from kg.model import Article


class ExtractorPlugin(WorkerPlugin):
    name = "kg-extractor"

    def setup(self, worker) -> None:
        self.extractor = Extractor()

    def teardown(self, worker) -> None:
        self.extractor = None


def extract_partition(articles: list[Article]) -> list[ArticleResult]:
    worker = get_worker()
    plugin = worker.plugins.get(ExtractorPlugin.name)
    if plugin is None or getattr(plugin, "extractor", None) is None:  # a worker that joined late
        plugin = ExtractorPlugin()
        plugin.setup(worker)
        worker.plugins[ExtractorPlugin.name] = plugin
    return [plugin.extractor(a) for a in articles]
