"""Extraction on a Dask distributed cluster: each worker builds its
extractor once (``ExtractorPlugin``) and runs ingestion and extraction over
partitions of article files (``extract_partition``: (path, bytes) in, the
outcomes of ``kg.extract.ingest_and_extract`` out). Both live in this
importable module, as Dask needs; the runner imports it only when a
scheduler is given."""
from __future__ import annotations

from distributed import WorkerPlugin, get_worker

from kg.extract import Extractor, ingest_and_extract
from kg.userdata import materialize


class ExtractorPlugin(WorkerPlugin):
    name = "kg-extractor"

    def __init__(self, data: tuple = (), recogniser: str | None = None):
        self.data = data  # the user's data folders as bytes (kg.userdata.snapshot)
        self.recogniser = recogniser  # kg.recogniser, None for none

    def setup(self, worker) -> None:
        self.extractor = Extractor(data_dirs=materialize(self.data), recogniser=self.recogniser)

    def teardown(self, worker) -> None:
        self.extractor = None


def extract_partition(tasks: list[tuple[str, bytes, str]], data: tuple = (),
                      recogniser: str | None = None) -> list[tuple]:
    worker = get_worker()
    plugin = worker.plugins.get(ExtractorPlugin.name)
    if plugin is None or getattr(plugin, "extractor", None) is None:  # a worker that joined late
        plugin = ExtractorPlugin(data, recogniser)
        plugin.setup(worker)
        worker.plugins[ExtractorPlugin.name] = plugin
    return [ingest_and_extract(plugin.extractor, *task) for task in tasks]
