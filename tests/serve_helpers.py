"""Helpers for the server tests: free loopback ports, servers started and always stopped,
fictional records, and a process tree's memory.

Every server here listens on 127.0.0.1 only and is terminated by the context
manager that started it, whatever the test does.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml

__all__ = ["free_port", "oxigraph_server", "kg_server", "wait_until_answers", "write_fictional_records",
           "tree_rss", "build_data", "needs_oxigraph", "count_query", "sparql_count"]

needs_oxigraph = pytest.mark.skipif(shutil.which("oxigraph") is None,
                                    reason="the Oxigraph server (pip install oxigraph) is not installed")

COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_answers(url: str, proc: subprocess.Popen, seconds: float = 20.0) -> None:
    """Poll ``url`` until it answers a trivial ASK (any HTTP answer), or fail the test."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
            pytest.fail(f"the server exited with {proc.returncode}: {out}")
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(url, params={"query": "ASK {}"}, timeout=2)
            return
        time.sleep(0.05)
    pytest.fail(f"{url} did not answer within {seconds} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for stream in (proc.stdout, proc.stderr):
        if stream:
            stream.close()


@contextlib.contextmanager
def oxigraph_server(location: Path):
    """A read-write Oxigraph server on a free loopback port; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen(["oxigraph", "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_answers(base + "/query", proc)
        yield base
    finally:
        _stop(proc)


@contextlib.contextmanager
def kg_server(data_dir: Path, *args: str):
    """``kg serve`` (run as ``python -m kg.serve_command``) on a free port; yields (base URL, process)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg.serve_command", "--data", str(data_dir),
                             "--port", str(port), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_answers(base + "/sparql", proc)
        yield base, proc
    finally:
        _stop(proc)


def sparql_count(url: str, query: str = COUNT_TRIPLES, client: httpx.Client | None = None) -> int:
    """The single integer a COUNT query answers at ``url`` (raises on any non-200 answer)."""
    c = client or httpx
    r = c.post(url, data={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    r.raise_for_status()
    (row,) = r.json()["results"]["bindings"]
    return int(next(iter(row.values()))["value"])


count_query = sparql_count


_GIVEN = ["Aster", "Brin", "Calla", "Doran", "Elsa", "Farid", "Greta", "Hollis", "Ines", "Joren",
          "Kestrel", "Lio", "Marit", "Nilo", "Orla", "Pim", "Quill", "Rosa", "Sten", "Talia"]
_FAMILY = ["Vale", "Moor", "Quarry", "Reed", "Holt", "Fenn", "Marsh", "Thorne", "Wick", "Ashby",
           "Crane", "Dunmore", "Larkspur", "Penrose", "Sallow", "Tamsin", "Underhill", "Wren"]
_PLACES = ["Port Aster", "Lowmere", "Harrowgate Bay", "Eastwold", "Kettle Isle", "New Sorrel"]
_THEMES = ["Sea Lanes", "Grain Reserves", "Cable Security", "River Basins", "Aging Ports",
           "Coastal Data", "Fisheries", "Satellite Sharing", "Storm Warnings", "Rail Links"]


def _record(i: int, rng: random.Random, sessions: int = 6, people: int = 24) -> dict:
    """A fictional kg-record/1 event: invented people, institutes and proposals."""
    orgs = [f"{rng.choice(_FAMILY)} Institute for {rng.choice(_THEMES)}" for _ in range(4)]
    orgs = sorted(set(orgs))
    names = sorted({f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}" for _ in range(people)})
    sess = []
    for n in range(1, sessions + 1):
        chosen = rng.sample(names, min(4, len(names)))
        sess.append({"number": n, "title": f"{rng.choice(_THEMES)} and {rng.choice(_THEMES)} {n}",
                     "chairs": chosen[:1], "speakers": chosen[1:3], "discussants": chosen[3:]})
    return {
        "schema": "kg-record/1",
        "reviewed": True,
        "source": {"file": f"fict_{i:04d}.txt", "published": f"2031-{1 + i % 12:02d}-15"},
        "event": {"title": f"Fictional Dialogue {i} on {rng.choice(_THEMES)}", "kind": "dialogue",
                  "start": f"2031-{1 + i % 12:02d}-{1 + i % 27:02d}", "end": None,
                  "location": rng.choice(_PLACES), "organizers": orgs[:1]},
        "sessions": sess,
        "people": [{"name": p, "affiliations": [{"org": rng.choice(orgs), "title": "Fellow"}]} for p in names],
        "organizations": [{"name": o, "aliases": [], "kind": "think_tank"} for o in orgs],
        "proposals": [{"name": f"Proposal {i}.{k} on {rng.choice(_THEMES)}", "aliases": [],
                       "proposed_by": [rng.choice(names)], "session": 1 + k % sessions} for k in range(3)],
        "topics": [rng.choice(_THEMES).lower()],
    }


def write_fictional_records(records_dir: Path, count: int, seed: int = 7, start: int = 0) -> list[Path]:
    """Write ``count`` fictional records ``fict_NNNN.yaml`` into ``records_dir``."""
    records_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    out = []
    for i in range(start, start + count):
        path = records_dir / f"fict_{i:04d}.yaml"
        path.write_text(yaml.safe_dump(_record(i, rng), sort_keys=False, allow_unicode=True), encoding="utf-8")
        out.append(path)
    return out


def build_data(data_dir: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """``kg build --no-extract --no-views`` in a subprocess (the command's own process, as a user runs it)."""
    return subprocess.run([sys.executable, "-c", "from kg.cli import cli; cli()", "build", "--data", str(data_dir),
                           "--no-extract", "--no-views", "-q"], capture_output=True, timeout=timeout)


def tree_rss(pid: int) -> int:
    """Resident memory in bytes of a process and its children (from /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                with contextlib.suppress(OSError):
                    todo += [int(c) for c in (task / "children").read_text().split()]
    return total


def signal_name(code: int) -> str:
    return signal.Signals(-code).name if code < 0 else str(code)


if os.name != "posix":  # pragma: no cover
    pytestmark = pytest.mark.skip(reason="POSIX only")
