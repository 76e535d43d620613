"""Every benchmark of issue 6 in one run, written to ``bench/RESULTS.md``.

    python bench/run.py                          # sizes 100, 1,000, 10,000 (about 25 minutes on 2 cores)
    python bench/run.py --sizes 100,1000 --quick  # a few minutes
    python bench/run.py --only queries,viz        # some parts only

Parts (all on FICTIONAL data from ``bench/synth.py`` and ``bench/bench_viz.py``):

build     reports -> validated graph with ``kg build`` in a subprocess (wall time, peak RSS,
          triples, store size) at each size, plus single-core extraction rate
queries   p50/p95 of every named query on an on-disk store of ~1M triples
rdflib    the named queries on rdflib's in-memory Dataset vs Oxigraph, both at ~100k triples
viz       ``render_network`` time and page size at 2,000 and 20,000 nodes
serve     ``kg serve`` queries per second under 32 concurrent clients (loopback only)

Nothing runs for hours: the builds and the rdflib queries have time caps, and a
figure that hit its cap is reported as "> cap".
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import datetime as dt
import json
import math
import multiprocessing as mp
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))          # bench/ is scripts, not a package

import synth  # noqa: E402

GiB = 1024 ** 3


# --------------------------------------------------------------------------- machine
def machine() -> dict:
    mem = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem = int(line.split()[1]) * 1024
    cpu = platform.processor() or platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    libs = {}
    for name in ("rdflib", "pyoxigraph", "oxrdflib", "oxigraph", "pyshacl", "spacy", "pyvis", "networkx",
                 "PyYAML", "httpx", "uvicorn"):
        try:
            libs[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            libs[name] = "-"
    return {"platform": platform.platform(), "cpu": cpu, "cpus": os.cpu_count(), "memory_gib": mem / GiB,
            "python": platform.python_version(), "libs": libs, "load": os.getloadavg(),
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


# --------------------------------------------------------------------------- build
#: build progress messages (their first word) -> phase names, in pipeline order
PHASES = [("extracted", "extract"), ("read", "load records"), ("resolved", "resolve"),
          ("mapped", "map+derive"), ("validated", "validate"), ("stored", "store"), ("exported", "export")]


def child_build(data_dir: str, out: str) -> None:
    """Run in a subprocess: ``kg build`` on ``data_dir``, with the time of each phase."""
    from kg.build import build

    marks = {"start": time.perf_counter()}

    def progress(line: str) -> None:
        word = line.split(" ", 1)[0]
        if word in dict(PHASES):
            marks[word] = time.perf_counter()

    summary = build(data_dir, progress=progress, views=False)   # views: see the viz part
    marks["end"] = time.perf_counter()
    Path(out).write_text(json.dumps({"marks": marks, "triples": summary.triples, "reports": summary.reports,
                                     "valid": summary.validation.conforms,
                                     "store": str(summary.store_path)}), encoding="utf-8")


def group_pss(pgid: int) -> int:
    """Memory of every process of a process group, in bytes: the sum of their PSS.

    PSS shares each page among the processes mapping it, so forked workers
    are not counted twice for what they share with their parent (a sum of
    RSS would), nor left out (the largest RSS alone would).
    """
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != pgid:
                continue
            for line in Path(entry.path, "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except (OSError, ValueError, IndexError):
            continue        # gone meanwhile
    return total


def run_build(data_dir: Path, cap: float) -> dict:
    """``kg build`` in a subprocess: wall time, peak RSS (wait4), phases; killed after ``cap`` s."""
    out = data_dir / "build.json"
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(HERE / "run.py"), "--child-build", str(data_dir), str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = t0 + cap
    pss = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(proc.pid, 9)
            pid, status, usage = os.wait4(proc.pid, 0)
            return {"capped": True, "wall": cap, "rss": usage.ru_maxrss * 1024, "pss": pss}
        pss = max(pss, group_pss(proc.pid))
        time.sleep(0.2)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if proc.returncode != 0:
        return {"error": err[-2000:], "wall": wall, "rss": usage.ru_maxrss * 1024, "pss": pss}
    info = json.loads(out.read_text(encoding="utf-8"))
    m = info["marks"]
    phases, last = {}, m["start"]
    for word, name in PHASES:
        if word in m:
            phases[name] = m[word] - last
            last = m[word]
    startup = wall - (m["end"] - m["start"])     # interpreter start and imports
    return {"wall": wall, "rss": usage.ru_maxrss * 1024, "pss": pss, "triples": info["triples"], "valid": info["valid"],
            "phases": phases, "to_graph": startup + m.get("stored", m["end"]) - m["start"],
            "store_bytes": du(Path(info["store"])), "capped": False}


def extraction_rate(docs: list[tuple[str, str]], seconds: float) -> float:
    """Single-core ``extract_text`` reports per CPU-second (pipeline warmed up first)."""
    from kg.extract import extract_text

    extract_text(docs[0][1], docs[0][0])
    n, c0 = 0, time.process_time()
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        name, text = docs[n % len(docs)]
        extract_text(text, name)
        n += 1
    return n / max(time.process_time() - c0, 1e-9)


def bench_build(sizes: list[int], work: Path, quick: bool, cap: float) -> dict:
    out = {"sizes": {}}
    docs = synth.synthetic_reports(200)
    out["extract_rate_1core"] = extraction_rate(docs, 3 if quick else 8)
    for n in sizes:
        data = work / f"build-{n}"
        shutil.rmtree(data, ignore_errors=True)
        synth.write_reports(data / "reports", n)
        load = os.getloadavg()[0]
        print(f"  build {n} reports (load {load:.2f}) ...", flush=True)
        res = run_build(data, cap)
        res["load"] = load
        res["report_chars"] = sum(p.stat().st_size for p in (data / "reports").iterdir())
        out["sizes"][n] = res
        print(f"    {json.dumps(res)[:400]}", flush=True)
        shutil.rmtree(data, ignore_errors=True)
    return out


# --------------------------------------------------------------------------- records and stores
def _extract_doc(doc: tuple[str, str]) -> dict:
    from kg.extract import extract_text

    return extract_text(doc[1], doc[0])


def synthetic_records(n: int, seed: int = 11) -> list[dict]:
    """``n`` records extracted (in parallel) from synthetic reports, kept as dicts (no YAML round trip)."""
    docs = synth.synthetic_reports(n, seed)
    with cf.ProcessPoolExecutor() as pool:
        return list(pool.map(_extract_doc, docs, chunksize=32))


def store_of(records: list[dict], graph_dir: Path) -> tuple[Path, int]:
    """An on-disk store of the records (entities by exact name, no fuzzy resolution), as kg build writes it."""
    from kg.build import build_dataset
    from kg.store import fill_generation

    return fill_generation(graph_dir, lambda store: len(build_dataset(records, store=store)))


def pick_params(store) -> dict[str, dict[str, str]]:
    """Existing values for the parameterised queries: the busiest person, event, institution."""
    def one(q: str) -> str:
        rows = list(store.query(q, use_default_graph_as_union=True))
        return rows[0][0].value if rows else "nobody"

    person = one("PREFIX schema: <https://schema.org/> PREFIX conf: <https://w3id.org/scholarlydata/ontology/"
                 "conference-ontology.owl#> SELECT ?n WHERE { ?r conf:isHeldBy ?p . ?p schema:name ?n } "
                 "GROUP BY ?n ORDER BY DESC(COUNT(?r)) ?n LIMIT 1")
    chair = one("PREFIX schema: <https://schema.org/> PREFIX conf: <https://w3id.org/scholarlydata/ontology/"
                "conference-ontology.owl#> PREFIX kg: <https://w3id.org/kg-track2/ns#> SELECT ?n WHERE { "
                "?r conf:withRole kg:chair ; conf:isHeldBy ?p . ?p schema:name ?n } "
                "GROUP BY ?n ORDER BY DESC(COUNT(?r)) ?n LIMIT 1")
    event = one("PREFIX schema: <https://schema.org/> PREFIX conf: <https://w3id.org/scholarlydata/ontology/"
                "conference-ontology.owl#> SELECT ?n WHERE { ?e a schema:Event ; schema:name ?n "
                "FILTER NOT EXISTS { ?e a conf:Session } } ORDER BY ?n LIMIT 1")
    org = one("PREFIX schema: <https://schema.org/> PREFIX org: <http://www.w3.org/ns/org#> SELECT ?n WHERE { "
              "?m org:organization ?o . ?o schema:name ?n } GROUP BY ?n ORDER BY DESC(COUNT(?m)) ?n LIMIT 1")
    return {"event-participants": {"event": event}, "evidence": {"name": person},
            "institution-people": {"institution": org}, "person-affiliations": {"person": person},
            "person-roles": {"person": person}, "sessions-chaired": {"person": chair}}


def timed_queries(store, params, reps: int, cap: float) -> dict[str, dict]:
    """Each named query ``reps`` times on a pyoxigraph store: p50, p95, rows (fewer runs past ``cap`` s)."""
    from kg.queries import bind_params, get_query, list_queries, run_query

    out = {}
    for q in list_queries():
        query = get_query(q.name)
        bindings = bind_params(query, params.get(q.name, {}))
        times, rows = [], 0
        for _ in range(reps):
            t0 = time.perf_counter()
            res = run_query(store, query.text, bindings)
            times.append(time.perf_counter() - t0)
            rows = len(res.rows)
            if sum(times) > cap / 2:
                break
        out[q.name] = {"p50": statistics.median(times), "p95": _p95(times), "runs": len(times), "rows": rows}
        print(f"    {q.name:28} p50 {out[q.name]['p50']:.3f} s  p95 {out[q.name]['p95']:.3f} s  "
              f"rows {rows}", flush=True)
    return out


def _p95(times: list[float]) -> float:
    s = sorted(times)
    return s[min(len(s) - 1, math.ceil(0.95 * len(s)) - 1)]


def records_for_triples(target: int, per_report: float) -> int:
    return max(10, int(target / per_report))


def bench_queries(work: Path, quick: bool, target: int) -> dict:
    """p50/p95 of the named queries on ~``target`` triples, on disk (as ``kg query`` reads it)."""
    from kg.store import open_store

    probe = synthetic_records(60)
    _p, probe_triples = store_of(probe, work / "probe")
    n = records_for_triples(target, probe_triples / len(probe))
    print(f"  {n} records for ~{target:,} triples ...", flush=True)
    t0 = time.perf_counter()
    records = synthetic_records(n)
    extract_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    graph = work / "q-1m" / "graph"
    shutil.rmtree(graph, ignore_errors=True)
    path, triples = store_of(records, graph)
    store_s = time.perf_counter() - t0
    store = open_store(graph)
    params = pick_params(store)
    reps = 3 if quick else 7
    print(f"  {triples:,} triples; queries x{reps} ...", flush=True)
    res = timed_queries(store, params, reps, cap=60)
    del store
    return {"records": n, "triples": triples, "store_bytes": du(path), "extract_s": extract_s,
            "store_s": store_s, "params": params, "queries": res, "data_dir": str(graph.parent)}


# --------------------------------------------------------------------------- rdflib baseline
def _rdflib_worker(nq_path: str, jobs, results) -> None:
    from rdflib import Dataset

    from kg.queries import _with_prefixes

    ds = Dataset(default_union=True)
    ds.parse(nq_path, format="nquads")
    results.put(("loaded", None, None))
    while True:
        job = jobs.get()
        if job is None:
            return
        name, text = job
        t0 = time.perf_counter()
        try:
            rows = len(list(ds.query(_with_prefixes(text))))
        except Exception as exc:   # rdflib cannot run the query: say so, not "capped"
            results.put((name, time.perf_counter() - t0, f"error: {type(exc).__name__}: {exc}"[:200]))
            continue
        results.put((name, time.perf_counter() - t0, rows))


def bench_rdflib(work: Path, quick: bool, target: int, cap: float) -> dict:
    """The named queries on rdflib's in-memory Dataset and on Oxigraph, both on the same ~``target`` triples."""
    import pyoxigraph as ox

    from kg.queries import bind_params, get_query, list_queries, run_query, with_bindings
    from kg.store import open_store

    probe = synthetic_records(60, seed=12)
    n = records_for_triples(target, len(_dataset_of(probe)) / len(probe))
    records = synthetic_records(n, seed=12)
    graph = work / "q-rdflib" / "graph"
    shutil.rmtree(graph, ignore_errors=True)
    path, triples = store_of(records, graph)
    store = open_store(graph)
    nq = work / "q-rdflib" / "kg.nq"
    store.dump(str(nq), format=ox.RdfFormat.N_QUADS)
    params = pick_params(store)
    reps = 1
    print(f"  {triples:,} triples, rdflib cap {cap:.0f} s per query ...", flush=True)
    ctx = mp.get_context("spawn")
    out: dict[str, dict] = {}
    worker = None
    t_load = 0.0
    for q in list_queries():
        query = get_query(q.name)
        bindings = bind_params(query, params.get(q.name, {}))
        ox_times = []
        for _ in range(5):          # Oxigraph is quick: the median of 5 runs
            t0 = time.perf_counter()
            ox_rows = len(run_query(store, query.text, bindings).rows)
            ox_times.append(time.perf_counter() - t0)
        if worker is None:
            jobs, results = ctx.Queue(), ctx.Queue()
            worker = ctx.Process(target=_rdflib_worker, args=(str(nq), jobs, results), daemon=True)
            t0 = time.perf_counter()
            worker.start()
            results.get(timeout=600)
            t_load = time.perf_counter() - t0
        rd_times, rd_rows, capped = [], None, False
        for _ in range(reps):
            jobs.put((q.name, with_bindings(query.text, bindings)))
            try:
                _name, seconds, rd_rows = results.get(timeout=cap)
            except Exception:       # queue.Empty: past the cap
                capped = True
                worker.kill()
                worker.join()
                worker = None
                break
            rd_times.append(seconds)
        ox50 = statistics.median(ox_times)
        rd50 = cap if capped and not rd_times else statistics.median(rd_times)
        out[q.name] = {"oxigraph_p50": ox50, "rdflib_p50": rd50, "capped": capped, "ox_rows": ox_rows,
                       "rdflib_rows": rd_rows, "ratio": rd50 / max(ox50, 1e-6)}
        print(f"    {q.name:28} ox {ox50:.3f} s  rdflib {'>' if capped else ''}{rd50:.3f} s  "
              f"x{out[q.name]['ratio']:.0f}", flush=True)
    if worker is not None:
        jobs.put(None)
        worker.join(10)
        if worker.is_alive():
            worker.kill()
    return {"records": n, "triples": triples, "rdflib_load_s": t_load, "cap": cap, "queries": out}


def _dataset_of(records):
    from kg.build import build_dataset

    return build_dataset(records)


# --------------------------------------------------------------------------- viz
def bench_viz(sizes=(2000, 20000)) -> dict:
    import bench_viz

    from kg.render import render_network

    out = {}
    for n in sizes:
        g = bench_viz.fictional_graph(n, 2 * n)
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            page = render_network(g, title=f"fictional graph, {n} nodes")
            Path(tmp, "viz.html").write_text(page, encoding="utf-8")
            seconds = time.perf_counter() - t0
        out[n] = {"edges": g.number_of_edges(), "seconds": seconds, "page_bytes": len(page.encode())}
        print(f"    {n} nodes, {g.number_of_edges()} edges: {seconds:.2f} s, {len(page) / 1e6:.1f} MB", flush=True)
    return out


# --------------------------------------------------------------------------- serve
def bench_serve(data_dir: Path, params: dict, clients: int = 32, per_client: int = 20) -> dict:
    """Queries per second of ``kg serve`` (loopback, free port) under ``clients`` concurrent clients."""
    import socket

    import httpx

    from kg.queries import _with_prefixes, bind_params, get_query, with_bindings

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "kg.serve_command", "--data", str(data_dir), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    url = f"http://127.0.0.1:{port}/sparql"
    out = {}
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"kg serve exited: {proc.stderr.read().decode()[-1000:]}")
            try:
                httpx.get(url, params={"query": "ASK {}"}, timeout=2)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise RuntimeError("kg serve did not answer") from None
                time.sleep(0.1)
        mixes = {"lookup (person-roles)": "person-roles", "aggregate (event-timeline)": "event-timeline"}
        for label, name in mixes.items():
            query = get_query(name)
            text = _with_prefixes(with_bindings(query.text, bind_params(query, params.get(name, {}))))

            n_per = per_client if name == "person-roles" else max(1, per_client // 10)
            t0 = time.perf_counter()
            with cf.ThreadPoolExecutor(clients) as pool:
                per = [pool.submit(_client_n, url, text, n_per) for _ in range(clients)]
                counts = [f.result() for f in per]
            seconds = time.perf_counter() - t0
            ok, bad = sum(c[0] for c in counts), sum(c[1] for c in counts)
            out[label] = {"requests": ok + bad, "ok": ok, "errors": bad, "seconds": seconds,
                          "qps": ok / seconds, "clients": clients}
            print(f"    {label}: {ok}/{ok + bad} ok in {seconds:.1f} s = {ok / seconds:.1f} q/s", flush=True)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 15)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait()
        proc.stderr.close()
    return out


def _client_n(url: str, text: str, n: int) -> tuple[int, int]:
    import httpx

    ok = bad = 0
    with httpx.Client(timeout=300) as c:
        for _ in range(n):
            r = c.post(url, data={"query": text}, headers={"Accept": "application/sparql-results+json"})
            ok += r.status_code == 200
            bad += r.status_code != 200
    return ok, bad


# --------------------------------------------------------------------------- report
def fmt_s(x: float) -> str:
    return f"{x:.2f} s" if x < 100 else f"{x:.0f} s"


def mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def write_results(path: Path, m: dict, r: dict, args) -> None:
    L = [f"# Benchmark results", "",
         f"Written by `python bench/run.py {' '.join(sys.argv[1:])}` on {m['date']}. All data is FICTIONAL "
         "(`bench/synth.py`, `bench/bench_viz.py`).", "",
         "## Machine", "",
         f"- platform: {m['platform']}", f"- CPU: {m['cpu']}, {m['cpus']} CPUs",
         f"- memory: {m['memory_gib']:.1f} GiB", f"- Python {m['python']}",
         "- " + ", ".join(f"{k} {v}" for k, v in m["libs"].items()),
         f"- load average at start: {m['load'][0]:.2f} / {m['load'][1]:.2f} / {m['load'][2]:.2f} "
         f"(the 2 cores were shared with other work; at end: {r.get('load_end', (0,))[0]:.2f})", ""]
    targets = []
    if "build" in r:
        b = r["build"]
        L += ["## Reports -> validated graph (`kg build`, subprocess)", "",
              f"Single-core extraction (`kg.extract.extract_text`): **{b['extract_rate_1core']:.0f} reports per "
              "CPU-second**; `kg build` extracts in a process pool (one process per core).", "",
              "`to graph` is the time until the validated graph is stored and queryable (what the target "
              "measures); `wall` adds the exports (kg.trig). Phases: extract, load records, resolve, map+derive, "
              "validate, store (flush, compact, swap), export. Memory: `peak RSS` is the largest process's "
              "(wait4), `peak PSS` the sum over the build and its worker processes, sampled every 0.2 s "
              "(shared pages counted once); the target is checked against the larger.", "",
              "| reports | chars | to graph | wall | peak RSS / PSS | phases | triples | store on disk | load |",
              "|---|---|---|---|---|---|---|---|---|"]
        for n, s in b["sizes"].items():
            if s.get("capped"):
                L.append(f"| {n:,} | {s['report_chars'] / 1e6:.1f} M | | > {fmt_s(s['wall'])} (cap, killed) | "
                         f">= {s['rss'] / GiB:.2f} GiB | | | | {s['load']:.2f} |")
            elif "error" in s:
                L.append(f"| {n:,} | | | failed after {fmt_s(s['wall'])}: `{s['error'][-200:]!r}` | | | | | |")
            else:
                phases = ", ".join(f"{k} {v:.1f}" for k, v in s["phases"].items())
                L.append(f"| {n:,} | {s['report_chars'] / 1e6:.1f} M | {fmt_s(s['to_graph'])} | {fmt_s(s['wall'])} | "
                         f"{s['rss'] / GiB:.2f} / {s.get('pss', 0) / GiB:.2f} GiB | {phases} | {s['triples']:,} | "
                         f"{s['store_bytes'] / 1e6:.0f} MB | {s['load']:.2f} |")
        big = b["sizes"].get(10000)
        if big:
            ok_t = not big.get("capped") and "error" not in big and big["to_graph"] <= 120
            peak = max(big["rss"], big.get("pss", 0))
            ok_m = peak <= 2 * GiB and not big.get("capped")
            targets.append(("10,000 reports text -> validated graph", "<= 120 s",
                            ("> " + fmt_s(big["wall"]) if big.get("capped") else fmt_s(big.get("to_graph", big["wall"]))),
                            ok_t))
            targets.append(("peak memory of that build", "<= 2 GiB", f"{peak / GiB:.2f} GiB"
                            + (" (at the cap)" if big.get("capped") else ""), ok_m))
        L.append("")
    if "queries" in r:
        q = r["queries"]
        L += [f"## Named queries at {q['triples']:,} triples (on-disk store, as `kg query` reads it)", "",
              f"{q['records']:,} records extracted from synthetic reports; store {q['store_bytes'] / 1e6:.0f} MB on "
              f"disk. Entities by exact name (`build_dataset` without fuzzy resolution). Parameters: "
              + ", ".join(f"{k} `{v}`" for k, v in q["params"].items()) + ".", "",
              "| query | p50 | p95 | runs | rows |", "|---|---|---|---|---|"]
        worst = 0.0
        for name, s in q["queries"].items():
            worst = max(worst, s["p50"])
            L.append(f"| {name} | {s['p50']:.3f} s | {s['p95']:.3f} s | {s['runs']} | {s['rows']:,} |")
        slow = [n for n, s in q["queries"].items() if s["p50"] > 1]
        targets.append((f"every named query p50 at {q['triples'] / 1e6:.2f}M triples", "<= 1 s",
                        f"worst {worst:.2f} s" + (f" ({', '.join(slow)})" if slow else ""), not slow))
        L.append("")
    if "rdflib" in r:
        x = r["rdflib"]
        L += [f"## Oxigraph vs rdflib's in-memory store, both at {x['triples']:,} triples", "",
              f"rdflib `Dataset(default_union=True)` loaded from the same N-Quads ({x['rdflib_load_s']:.0f} s to "
              f"load); each query capped at {x['cap']:.0f} s on rdflib (a capped figure is a lower bound). "
              "The ratio is measured at this smaller scale because rdflib takes minutes per query at 1M.", "",
              "| query | Oxigraph p50 | rdflib p50 | ratio | rows (ox / rdflib) |", "|---|---|---|---|---|"]
        ratios = []
        for name, s in x["queries"].items():
            pre = ">" if s["capped"] else ""
            if str(s["rdflib_rows"]).startswith("error"):   # rdflib could not run it: no ratio
                L.append(f"| {name} | {s['oxigraph_p50']:.3f} s | rdflib {s['rdflib_rows']} | - | {s['ox_rows']} / - |")
                continue
            ratios.append(s["ratio"])
            L.append(f"| {name} | {s['oxigraph_p50']:.3f} s | {pre}{s['rdflib_p50']:.2f} s | {pre}{s['ratio']:.0f}x | "
                     f"{s['ox_rows']} / {s['rdflib_rows'] if s['rdflib_rows'] is not None else '-'} |")
        low = [n for n, s in x["queries"].items()
               if s["ratio"] < 20 and not s["capped"] and not str(s["rdflib_rows"]).startswith("error")]
        gm = math.exp(statistics.mean(math.log(max(v, 1e-9)) for v in ratios))
        targets.append(("named queries vs rdflib in-memory", ">= 20x faster",
                        f"min {min(ratios):.0f}x, geometric mean {gm:.0f}x" + (f" (below: {', '.join(low)})" if low else ""),
                        not low))
        L.append("")
    if "viz" in r:
        L += ["## Network page (`render_network`, pyvis, positions precomputed)", "",
              "| nodes | edges | render + write | page size |", "|---|---|---|---|"]
        for n, s in r["viz"].items():
            L.append(f"| {int(n):,} | {s['edges']:,} | {s['seconds']:.2f} s | {s['page_bytes'] / 1e6:.1f} MB |")
        big = r["viz"].get(20000)
        if big:
            targets.append(("20,000-node / 40,000-edge page written", "<= 5 s", f"{big['seconds']:.2f} s",
                            big["seconds"] <= 5))
        L.append("")
    if "serve" in r:
        L += ["## `kg serve` under 32 concurrent clients (loopback)", "",
              f"On the {r['queries']['triples']:,}-triple store; each client a thread with its own keep-alive "
              "connection, a bounded number of requests.", "",
              "| query | clients | requests | errors | wall | queries/s |", "|---|---|---|---|---|---|"]
        for label, s in r["serve"].items():
            L.append(f"| {label} | {s['clients']} | {s['requests']} | {s['errors']} | {s['seconds']:.1f} s | "
                     f"{s['qps']:.1f} |")
        L.append("")
    L[L.index("## Machine"):L.index("## Machine")] = (
        ["## Targets", "", "| figure | target | measured | |", "|---|---|---|---|"]
        + [f"| {a} | {b} | {c} | {mark(d)} |" for a, b, c, d in targets] + [""]
        + ([r["notes"], ""] if r.get("notes") else []))
    path.write_text("\n".join(L) + "\n", encoding="utf-8")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000,10000", help="report counts for the build (comma-separated)")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions, smaller stores (a few minutes)")
    ap.add_argument("--only", default="build,queries,rdflib,viz,serve")
    ap.add_argument("--build-cap", type=float, default=420, help="seconds before a build is killed")
    ap.add_argument("--rdflib-cap", type=float, default=20, help="seconds before an rdflib query is abandoned")
    ap.add_argument("--triples", type=int, default=1_000_000, help="size of the query store")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    ap.add_argument("--notes", default="", help="text put under the targets table")
    ap.add_argument("--keep", action="store_true",
                    help="keep the parts not run now from the previous run (bench/out/results.json)")
    ap.add_argument("--child-build", nargs=2, metavar=("DATA", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child_build:
        child_build(*args.child_build)
        return
    parts = set(args.only.split(","))
    sizes = [int(s) for s in args.sizes.split(",") if s]
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"notes": args.notes}
    previous = HERE / "out" / "results.json"
    if args.keep and previous.exists():
        old = json.loads(previous.read_text(encoding="utf-8"))
        for part in {"build", "queries", "rdflib", "viz", "serve"} - parts:
            if part in old:
                results[part] = old[part]
        if "build" in results:      # JSON keys are strings; sizes are ints
            results["build"]["sizes"] = {int(k): v for k, v in results["build"]["sizes"].items()}
        if "viz" in results:
            results["viz"] = {int(k): v for k, v in results["viz"].items()}
    m = machine()
    t0 = time.perf_counter()
    try:
        if "build" in parts:
            print("build", flush=True)
            results["build"] = bench_build(sizes, work, args.quick, args.build_cap)
        if parts & {"queries", "serve"}:
            print("queries", flush=True)
            results["queries"] = bench_queries(work, args.quick, args.triples // (5 if args.quick else 1))
        if "rdflib" in parts:
            print("rdflib", flush=True)
            results["rdflib"] = bench_rdflib(work, args.quick, 100_000 // (4 if args.quick else 1), args.rdflib_cap)
        write_results(args.out, m, results, args)
        if "viz" in parts:
            print("viz", flush=True)
            results["viz"] = bench_viz((2000, 20000))
        if "serve" in parts:
            print("serve", flush=True)
            results["serve"] = bench_serve(Path(results["queries"]["data_dir"]), results["queries"]["params"],
                                           per_client=5)
    finally:
        results["load_end"] = os.getloadavg()
        results["seconds"] = time.perf_counter() - t0
        (HERE / "out").mkdir(exist_ok=True)
        (HERE / "out" / "results.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
        write_results(args.out, m, results, args)
    print(f"wrote {args.out} ({results['seconds'] / 60:.1f} min)")


if __name__ == "__main__":
    main()
