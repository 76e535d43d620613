"""Both notebooks run top to bottom on a graph built from the fictional fixture records."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory) -> Path:
    from kg.build import build

    data = tmp_path_factory.mktemp("data")
    shutil.copytree(ROOT / "tests" / "fixtures" / "queries" / "records", data / "records")
    build(data, extract=False, views=False, formats=())
    return data / "graph"


def test_notebooks_exist_without_outputs():
    assert [p.name for p in NOTEBOOKS] == ["01_tour.ipynb", "02_ideas.ipynb"]
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs"
                assert "from kg" not in cell.source, f"{path.name}: use the public API only (kg.open)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, graph_dir, monkeypatch):
    monkeypatch.setenv("KG_GRAPH", str(graph_dir))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
