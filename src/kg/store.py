"""Where the graph lives: an on-disk Oxigraph store, replaced atomically by each build.

Layout of a graph folder (``data/graph`` by default)::

    store -> store-0007        a symlink to the current generation
    store-0007/                the Oxigraph (RocksDB) files of the current graph
    store-0006/                the previous generation, kept for readers still open on it

A build writes a new generation beside the current one and then swaps the
``store`` symlink in one ``rename``: a build that fails or is killed leaves
the previous graph untouched and queryable.  A generation is never written
again once it is current, so any number of readers may open it read-only.

Stores are chosen by name: :func:`open_dataset` gives an rdflib ``Dataset``
over the Oxigraph store (oxrdflib), ``memory`` gives rdflib's own in-memory
store, and an ``http(s)://`` URL a remote SPARQL endpoint.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

__all__ = ["StoreError", "current_store_path", "open_store", "open_dataset", "write_generation", "fill_generation",
           "DEFAULT_GRAPH_DIR", "ontology_path"]

DEFAULT_GRAPH_DIR = Path("data/graph")
_GEN = re.compile(r"^store-(\d+)$")
T = TypeVar("T")


class StoreError(Exception):
    """The store cannot be opened or written."""


def ontology_path(name: str) -> Path:
    """Path of a file shipped in the ``kg.ontology`` package (kg.ttl, shapes.ttl, derive.rq)."""
    from importlib.resources import files

    return Path(str(files("kg.ontology").joinpath(name)))


def current_store_path(graph_dir: str | os.PathLike = DEFAULT_GRAPH_DIR) -> Path:
    """The folder of the current store generation; :class:`StoreError` when none was built."""
    graph_dir = Path(graph_dir)
    link = graph_dir / "store"
    if not link.exists():
        raise StoreError(f"no graph in {graph_dir}: run 'kg build' first")
    return link.resolve()


def open_store(graph_dir: str | os.PathLike = DEFAULT_GRAPH_DIR) -> ox.Store:
    """Open the current store read-only (safe beside other readers and a running build)."""
    path = current_store_path(graph_dir)
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {path}: {exc}") from None


def open_dataset(store: ox.Store | str | os.PathLike | None = None):
    """An rdflib ``Dataset`` over a store, its default graph the union of all graphs.

    ``store`` is an open pyoxigraph store, a graph folder, ``"memory"`` (an
    empty rdflib in-memory dataset), or the URL of a SPARQL endpoint.
    """
    from rdflib import Dataset

    if isinstance(store, str) and store == "memory":
        return Dataset(default_union=True)
    if isinstance(store, str) and store.startswith(("http://", "https://")):
        from rdflib.plugins.stores.sparqlstore import SPARQLStore

        return Dataset(store=SPARQLStore(store), default_union=True)
    from oxrdflib import OxigraphStore

    if not isinstance(store, ox.Store):
        store = open_store(store if store is not None else DEFAULT_GRAPH_DIR)
    return Dataset(store=OxigraphStore(store=store), default_union=True)


def _generations(graph_dir: Path) -> list[int]:
    out = []
    for p in graph_dir.iterdir() if graph_dir.exists() else []:
        m = _GEN.match(p.name)
        if m and p.is_dir():
            out.append(int(m.group(1)))
    return sorted(out)


def write_generation(graph_dir: str | os.PathLike, chunks: Iterable[bytes | list[ox.Quad]]) -> Path:
    """Write a new store generation from N-Quads chunks or quad lists, then make it current.

    Until the final rename nothing the readers see changes; on any error the
    half-written generation is removed and the previous graph stays current.
    """
    def load(store: ox.Store) -> None:
        for chunk in chunks:
            if isinstance(chunk, (bytes, str)):
                store.bulk_load(chunk, format=ox.RdfFormat.N_QUADS)
            else:
                store.bulk_extend(chunk)

    return fill_generation(graph_dir, load)[0]


def fill_generation(graph_dir: str | os.PathLike, fill: Callable[[ox.Store], T]) -> tuple[Path, T]:
    """Let ``fill`` write a new store generation on disk, then make it current; its result is returned too.

    ``fill`` gets an empty writable store and may query it (to validate, say)
    and raise to give up: the half-written generation is then removed and the
    previous graph stays current.  It must not keep the store beyond its return.
    """
    graph_dir = Path(graph_dir)
    graph_dir.mkdir(parents=True, exist_ok=True)
    for stale in graph_dir.glob("store-*.building"):
        shutil.rmtree(stale, ignore_errors=True)
    gens = _generations(graph_dir)
    number = (gens[-1] + 1) if gens else 1
    final = graph_dir / f"store-{number:04d}"
    building = graph_dir / f"store-{number:04d}.building"
    try:
        store = ox.Store(str(building))
        result = fill(store)
        store.flush()
        store.optimize()
        del store  # closes the RocksDB files before the folder is renamed
        os.rename(building, final)
        tmp_link = graph_dir / f".store-link-{number}"
        if tmp_link.is_symlink() or tmp_link.exists():
            tmp_link.unlink()
        os.symlink(final.name, tmp_link)
        os.replace(tmp_link, graph_dir / "store")
        _fsync_dir(graph_dir)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    for old in _generations(graph_dir)[:-2]:
        _remove_unless_served(graph_dir / f"store-{old:04d}")
    return final, result


def _remove_unless_served(path: Path) -> None:
    """Remove an old generation unless a server holds its shared lock (a later build will)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return
    else:
        shutil.rmtree(path, ignore_errors=True)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
