"""The notebooks run top to bottom against a fresh build of the seeds."""
from __future__ import annotations


import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert {p.name for p in NOTEBOOKS} >= {"explore.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, tmp_path, monkeypatch):
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), \
        "outputs are stripped in git"
    monkeypatch.setenv("KG_OUTPUT", str(tmp_path / "output"))
    monkeypatch.setenv("KG_SEEDS", str(ROOT / "seeds"))
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs
              if o.output_type == "error"]
    assert not errors, errors
    text = "".join(o.get("text", "") for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs)
    if path.name == "explore.ipynb":
        assert "entities" in text and "relations" in text
        assert (tmp_path / "output" / "triples.jsonl").exists()
        assert list((tmp_path / "output").glob("ego_*.html"))
        images = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs
                  if "image/png" in o.get("data", {})]
        assert len(images) >= 2  # the blocking subgraph and the timeline
