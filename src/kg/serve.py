"""``kg serve``: a SPARQL 1.1 Protocol endpoint over the built graph, and a page to query it.

The queries themselves run in Oxigraph's own server (the ``oxigraph``
package), started as a child process on a free loopback port over the
current store generation; a small Starlette app in front of it, run by
uvicorn, gives the parts Oxigraph's server does not:

* the endpoint at ``/sparql`` (GET and POST, the SPARQL 1.1 Protocol), the
  results in SPARQL JSON, XML, CSV or TSV by the request's ``Accept``;
* read-only unless started with ``allow_update``: an UPDATE gets ``403``;
* a per-query time limit that answers ``503`` with a plain message when a
  query runs too long (Oxigraph's ``--timeout-s``, set a second longer, stops
  the work itself, but its own answer is a ``200`` whose body is cut short, so
  the front keeps time).  Oxigraph 0.5 holds one sleeping thread per query for
  the length of ``--timeout-s``: its memory rises with the query rate times the
  time limit and falls back once the queries are that old;
* ``413`` for request bodies over a limit, before Oxigraph sees them;
* a page at ``/`` to type a query and see a table (no remote scripts), with
  links to the HTML views of the graph folder, served under ``/views/``;
* following rebuilds: the ``store`` symlink is watched, a new Oxigraph is
  started on a new generation and takes over only once it answers, and the
  old one is stopped only when its last query has finished, so a query never
  fails or sees a half-built graph.

While it serves a generation the server holds a shared ``flock`` on that
generation's folder; a build that skips locked generations when it clears
old ones (see :mod:`kg.store`) can then never delete one under it.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import fcntl
import hashlib
import html
import json
import logging
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from starlette.applications import Starlette
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

__all__ = ["ServeOptions", "ServeError", "serve", "create_app", "oxigraph_executable"]

#: what Oxigraph appends to a streamed answer cut off by its own --timeout-s
_CANCELLED = b"The SPARQL operation has been cancelled"
_PASS_PARAMS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")


class ServeError(Exception):
    """The server cannot start (no graph, no Oxigraph server installed, port taken)."""


class QueryCutOff(Exception):
    """A streamed answer passed the time limit: the connection is cut, never silently truncated."""


class _OneLineCutOff(logging.Filter):
    """Log a cut-off answer as one line instead of uvicorn's traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        while exc is not None and not isinstance(exc, QueryCutOff):
            exc = exc.__cause__ or exc.__context__
        if exc is not None:
            record.msg, record.args, record.exc_info, record.exc_text = str(exc), (), None, None
        return True


@dataclass
class ServeOptions:
    """How :func:`serve` runs; every field has the command line's default."""

    graph_dir: Path = Path("data/graph")
    host: str = "127.0.0.1"
    port: int = 7879
    timeout: float = 30.0          #: seconds one query may run
    allow_update: bool = False     #: accept SPARQL UPDATE (on a working copy of the graph)
    max_body: int = 1_000_000      #: bytes of request body accepted
    max_buffer: int = 16_000_000   #: result bytes held back to answer a time-out cleanly
    concurrency: int = 32          #: queries passed to Oxigraph at once; the rest wait
    poll: float = 0.5              #: seconds between looks at the ``store`` symlink


def oxigraph_executable() -> str:
    """Path of the ``oxigraph`` server program; :class:`ServeError` when not installed."""
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=sysconfig.get_path("scripts"))
    if not found:
        raise ServeError("the Oxigraph server is not installed: pip install oxigraph")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # runs in the child before exec (Linux only)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


class Backend:
    """One Oxigraph server process over one store folder."""

    def __init__(self, location: Path, generation: str, read_only: bool, timeout: float):
        self.location, self.generation, self.read_only = location, generation, read_only
        self.timeout = timeout
        self.inflight = 0
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self._lease: int | None = None
        self._log = None

    async def start(self, client) -> None:
        # a shared lock on the generation folder: a build must not delete it under us
        self._lease = os.open(self.location, os.O_RDONLY)
        fcntl.flock(self._lease, fcntl.LOCK_SH)
        last = ""
        self._log = tempfile.TemporaryFile()  # never a pipe: a full pipe would block Oxigraph
        for _attempt in range(3):
            port = _free_port()
            self.url = f"http://127.0.0.1:{port}"
            cmd = [oxigraph_executable(), "serve-read-only" if self.read_only else "serve",
                   "--location", str(self.location), "--bind", f"127.0.0.1:{port}",
                   "--union-default-graph", "--timeout-s", str(math.ceil(self.timeout) + 1)]
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=self._log,
                                         preexec_fn=_die_with_parent if sys.platform == "linux" else None)
            for _ in range(200):  # up to ~10 s
                if self.proc.poll() is not None:
                    self._log.seek(0)
                    last = self._log.read()[-2000:].decode("utf-8", "replace").strip()
                    break
                with contextlib.suppress(Exception):
                    r = await client.post(self.url + "/query", data={"query": "ASK {}"},
                                          headers={"Accept": "application/sparql-results+json"}, timeout=2)
                    if r.status_code == 200:
                        return
                await asyncio.sleep(0.05)
            else:
                last = "it did not answer within 10 s"
            self._kill()
        self.close()
        raise ServeError(f"cannot start the Oxigraph server on {self.location}: {last}")

    def _kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(3)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def close(self) -> None:
        self._kill()
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._lease is not None:
            os.close(self._lease)  # releases the flock
            self._lease = None


class Engine:
    """The Oxigraph behind the app: follows the ``store`` symlink, swapping servers with no gap."""

    def __init__(self, opts: ServeOptions):
        import httpx

        self.opts = opts
        self.link = Path(opts.graph_dir) / "store"
        self.client = httpx.AsyncClient(timeout=None, limits=httpx.Limits(
            max_connections=opts.concurrency + 8, max_keepalive_connections=opts.concurrency))
        self.current: Backend | None = None
        self.retiring: list[Backend] = []
        self.gate = asyncio.Semaphore(opts.concurrency)
        self._watch: asyncio.Task | None = None
        self._scratch: str | None = None

    def _target(self) -> str:
        try:
            return os.readlink(self.link)
        except OSError:
            raise ServeError(f"no graph in {self.opts.graph_dir}: run 'kg build' first") from None

    async def _backend_for(self, generation: str) -> Backend:
        location = (self.link.parent / generation).resolve()
        if self.opts.allow_update:  # updates go to a copy: a built generation is never written
            self._scratch = tempfile.mkdtemp(prefix="kg-serve-")
            copy = Path(self._scratch) / generation
            shutil.copytree(location, copy)
            location = copy
        backend = Backend(location, generation, read_only=not self.opts.allow_update,
                          timeout=self.opts.timeout)
        await backend.start(self.client)
        return backend

    async def start(self) -> None:
        self.current = await self._backend_for(self._target())
        self._watch = asyncio.create_task(self._follow())

    def _swap(self, new: Backend) -> None:
        old, self.current = self.current, new
        self.retiring.append(old)
        print(f"kg serve: now serving {new.generation}", file=sys.stderr, flush=True)

    async def _follow(self) -> None:
        """Every ``poll`` seconds: a new generation (read-only mode) or a dead Oxigraph gets a new server."""
        while True:
            await asyncio.sleep(self.opts.poll)
            with contextlib.suppress(ServeError, OSError):
                if not self.current.alive():  # crashed: restart on the same folder
                    new = Backend(self.current.location, self.current.generation, self.current.read_only,
                                  self.opts.timeout)
                    await new.start(self.client)
                    self._swap(new)
                elif not self.opts.allow_update:
                    generation = self._target()
                    if generation != self.current.generation and (self.link.parent / generation).is_dir():
                        self._swap(await self._backend_for(generation))
            self._reap()

    def _reap(self) -> None:
        for old in [b for b in self.retiring if b.inflight == 0]:
            self.retiring.remove(old)
            old.close()

    def acquire(self) -> Backend:
        backend = self.current
        backend.inflight += 1
        return backend

    def release(self, backend: Backend) -> None:
        backend.inflight -= 1
        if backend is not self.current and backend.inflight == 0:
            self._reap()

    async def stop(self) -> None:
        if self._watch:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
        for b in [self.current, *self.retiring]:
            if b:
                b.close()
        await self.client.aclose()
        if self._scratch:
            shutil.rmtree(self._scratch, ignore_errors=True)


def _text(status: int, message: str, headers: dict | None = None):
    return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers=headers)


async def _read_body(request, limit: int) -> bytes | None:
    """The request body, or None when it is larger than ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


async def _parse_operation(request, limit: int):
    """(kind, text, extra params) of a SPARQL Protocol request, or an error response."""
    params = list(request.query_params.multi_items())
    if request.method == "POST":
        body = await _read_body(request, limit)
        if body is None:
            return _text(413, f"The request body is larger than the limit of {limit} bytes.")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            params += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        elif ctype == "application/sparql-query":
            params.append(("query", body.decode("utf-8", "replace")))
        elif ctype == "application/sparql-update":
            params.append(("update", body.decode("utf-8", "replace")))
        else:
            return _text(415, f"Unsupported content type {ctype or '(none)'!r}: send "
                              "application/sparql-query, application/sparql-update or a form.")
    queries = [v for k, v in params if k == "query"]
    updates = [v for k, v in params if k == "update"]
    extra = [(k, v) for k, v in params if k in _PASS_PARAMS]
    if len(queries) + len(updates) != 1:
        return _text(400, "Give exactly one 'query' or 'update' parameter (SPARQL 1.1 Protocol).")
    if updates:
        return "update", updates[0], extra
    return "query", queries[0], extra


def _accept(request) -> str:
    accept = request.headers.get("accept", "").strip()
    if not accept or accept == "*/*":
        return "application/sparql-results+json, application/n-triples;q=0.9"
    return accept


async def _forward(engine: Engine, path: str, form: list, accept: str):
    """Pass one operation to Oxigraph and answer within the time limit."""
    opts = engine.opts
    limit = opts.timeout
    timed_out = _text(503, f"The query was stopped: it ran longer than the time limit of {limit:g} s "
                           "(kg serve --timeout). Narrow it down (LIMIT, more specific patterns) and try again.")
    await engine.gate.acquire()
    backend = engine.acquire()
    resp = None
    handed_over = False
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        chunks, size = [], 0
        try:
            async with asyncio.timeout_at(deadline):
                req = engine.client.build_request(
                    "POST", backend.url + path, content=urlencode(form).encode("ascii"),
                    headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
                resp = await engine.client.send(req, stream=True)
                raw = resp.aiter_raw()
                async for chunk in raw:
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > opts.max_buffer:
                        break
                else:
                    raw = None
        except TimeoutError:
            return timed_out
        except Exception as exc:  # Oxigraph gone: a clear 503, the next request gets a fresh look
            return _text(503, f"The query engine did not answer: {type(exc).__name__}: {exc}")
        headers = {k: v for k, v in resp.headers.items() if k.lower() in ("content-type",)}
        if raw is None:  # the whole answer arrived in time
            body = b"".join(chunks)
            if body.endswith(_CANCELLED):
                return timed_out
            if resp.status_code == 400:
                body = b"Bad request: " + body
            return Response(body, status_code=resp.status_code, headers=headers)

        # a large answer: stream it; past the deadline the connection is cut (never a silent truncation)
        done = False

        async def cleanup():
            nonlocal done
            if not done:
                done = True
                await resp.aclose()
                engine.release(backend)
                engine.gate.release()

        async def rest():
            try:
                for c in chunks:
                    yield c
                try:
                    async with asyncio.timeout_at(deadline):
                        async for c in raw:
                            if c.endswith(_CANCELLED):
                                raise TimeoutError
                            yield c
                except TimeoutError:
                    raise QueryCutOff(f"kg serve: a streamed answer passed the time limit of {limit:g} s; "
                                      "its connection was cut") from None
            finally:
                await cleanup()

        handed_over = True
        return _Streamed(rest(), cleanup, status_code=resp.status_code, headers=headers)
    finally:
        if not handed_over:
            if resp is not None:
                await resp.aclose()
            engine.release(backend)
            engine.gate.release()


class _Streamed(StreamingResponse):
    """A streamed answer whose cleanup runs even when the client leaves before the first byte."""

    def __init__(self, content, cleanup, **kw):
        super().__init__(content, **kw)
        self._cleanup = cleanup

    async def __call__(self, scope, receive, send):
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self._cleanup()


def _page(graph_dir: Path) -> tuple[str, str]:
    """The query page (views linked, named queries embedded as JSON) and its script's CSP hash."""
    from importlib.resources import files

    from kg.queries import list_queries

    template = files("kg").joinpath("assets/serve.html").read_text(encoding="utf-8")
    views = sorted(p.name for p in Path(graph_dir).glob("*.html") if p.is_file())
    links = "".join(f'<li><a href="views/{html.escape(n, quote=True)}">{html.escape(n)}</a></li>'
                    for n in views) or "<li>none yet: run <code>kg build</code> to write them</li>"
    named = [{"name": q.name, "title": q.title, "text": q.text} for q in list_queries()]
    data = json.dumps(named, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("&", "\\u0026")
    page = template.replace("<!--VIEWS-->", links).replace("/*QUERIES*/[]", data)
    script = page.split("<script>", 1)[1].split("</script>", 1)[0]
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return page, "sha256-" + base64.b64encode(digest).decode("ascii")


def create_app(opts: ServeOptions):
    """The Starlette app of :func:`serve` (start it with uvicorn or Starlette's TestClient)."""
    graph_dir = Path(opts.graph_dir)
    state: dict = {}

    @contextlib.asynccontextmanager
    async def lifespan(app):
        engine = Engine(opts)
        await engine.start()
        state["engine"] = engine
        try:
            yield
        finally:
            await engine.stop()

    async def sparql(request):
        op = await _parse_operation(request, opts.max_body)
        if not isinstance(op, tuple):
            return op
        kind, text, extra = op
        if kind == "update" and not opts.allow_update:
            return _text(403, "This endpoint is read-only: SPARQL UPDATE is refused "
                              "(start the server with 'kg serve --allow-update' to accept updates).")
        if kind == "update" and request.method != "POST":
            return _text(405, "An UPDATE must be sent with POST.")
        form = [(kind, text), *extra]
        return await _forward(state["engine"], "/" + kind, form, _accept(request))

    async def index(request):
        page, digest = _page(graph_dir)
        csp = (f"default-src 'none'; script-src '{digest}'; style-src 'unsafe-inline'; "
               "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
        return HTMLResponse(page, headers={"Content-Security-Policy": csp,
                                           "X-Content-Type-Options": "nosniff"})

    async def view(request):
        name = request.path_params["name"]
        path = graph_dir / name
        if not name.endswith(".html") or "/" in name or name.startswith(".") or not path.is_file():
            return _text(404, f"No view {name!r} in the graph folder.")
        return FileResponse(path, media_type="text/html")

    routes = [Route("/", index), Route("/sparql", sparql, methods=["GET", "POST"]),
              Route("/views/{name}", view)]
    return Starlette(routes=routes, lifespan=lifespan)


def serve(opts: ServeOptions) -> None:
    """Serve the graph until interrupted (Ctrl-C); :class:`ServeError` when it cannot start."""
    import uvicorn

    from kg.store import StoreError, current_store_path

    try:
        current_store_path(opts.graph_dir)
    except StoreError as exc:
        raise ServeError(str(exc)) from None
    oxigraph_executable()
    if opts.timeout <= 0:
        raise ServeError("--timeout must be more than 0 seconds")
    mode = "read-write (UPDATE accepted on a working copy)" if opts.allow_update else "read-only"
    print(f"kg serve: http://{opts.host}:{opts.port}/  SPARQL endpoint /sparql, {mode}, "
          f"time limit {opts.timeout:g} s", file=sys.stderr, flush=True)
    logging.getLogger("uvicorn.error").addFilter(_OneLineCutOff())
    uvicorn.run(create_app(opts), host=opts.host, port=opts.port, log_level="warning",
                timeout_graceful_shutdown=max(1, int(opts.timeout) + 1))
