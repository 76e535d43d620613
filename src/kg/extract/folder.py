"""Extract every report of a folder into a folder of records.

:func:`extract_folder` is what ``kg build`` calls: it re-extracts a report
only when its record is missing or older than the report, and never touches a
record an analyst marked ``reviewed: true``.
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from kg.record import dump_record, paused_gc, validate_record, write_atomic

from .core import ExtractOptions, extract_report
from .load import REPORT_SUFFIXES, ExtractionError

__all__ = ["FolderSummary", "extract_folder", "report_files", "is_reviewed", "default_jobs"]

log = logging.getLogger(__name__)


@dataclass
class FolderSummary:
    """What :func:`extract_folder` did, by report file name."""

    written: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    reviewed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    #: with ``keep_records``: each record written, as :func:`kg.record.load_record` reads it, by its path
    records: dict[Path, dict] = field(default_factory=dict)

    def __str__(self) -> str:
        return (f"{len(self.written)} extracted, {len(self.up_to_date)} up to date, "
                f"{len(self.reviewed)} reviewed (kept), {len(self.failed)} failed")


def report_files(folder: str | os.PathLike) -> list[Path]:
    """Report files of a folder (``*.txt``, ``*.html``, ``*.htm``, ``*.pdf``), sorted."""
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def is_reviewed(record_path: str | os.PathLike) -> bool:
    """True when a record file exists and says ``reviewed: true`` (unreadable counts as reviewed)."""
    path = Path(record_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError):
        return True      # never overwrite what we cannot read
    if "reviewed" not in text:
        return False     # the key is not there (most records: no need to parse them)
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError:
        return True
    return isinstance(data, dict) and data.get("reviewed") is True

#: Fewer reports to extract than this are done in this process (a pool costs ~1 s to start).
POOL_FROM_REPORTS = 16


def default_jobs() -> int:
    """Cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _extract_to(report: Path, target: Path, options: ExtractOptions | None,
                keep: bool = False) -> tuple[str | None, dict | None]:
    """Extract one report and write its record.

    Returns the error text when the report cannot be read, else ``None`` and,
    with ``keep``, the record, validated: what reading the file back gives
    (records are plain YAML values; ``tests/test_extract_load.py`` checks
    it), so a build need not parse it again.
    """
    try:
        rec = extract_report(report, options)
    except ExtractionError as exc:
        return str(exc), None
    write_atomic(target, dump_record(rec))
    if not keep:
        return None, None
    validate_record(rec, str(target))
    return None, rec


def _extract_job(job: tuple[str, str, ExtractOptions | None, bool]) -> tuple[str | None, dict | None]:
    report, target, options, keep = job
    return _extract_to(Path(report), Path(target), options, keep)


def extract_folder(reports_dir: str | os.PathLike, records_dir: str | os.PathLike, force: bool = False,
                   options: ExtractOptions | None = None,
                   progress: Callable[[str], None] | None = None, jobs: int | None = None,
                   keep_records: bool = False) -> FolderSummary:
    """(Re)extract each report whose record ``<stem>.yaml`` is missing or older than the report.

    Reports are extracted in parallel (one process per core) when there are
    many; the records written, the summary and the progress lines are the
    same whatever the number of processes.

    Parameters
    ----------
    reports_dir, records_dir : path
    force : bool
        Re-extract even up-to-date records (reviewed records are still kept).
    options : ExtractOptions, optional
    progress : callable, optional
        Called with one line of text per report, in report order.
    jobs : int, optional
        Processes to extract with (default: the cores available; 1 extracts here).
    keep_records : bool
        Also return each record written, parsed (``summary.records``), as
        reading its file would give it.

    Returns
    -------
    FolderSummary
    """
    records_dir = Path(records_dir)
    summary = FolderSummary()
    reports = report_files(reports_dir)
    status: dict[str, str] = {}
    todo: list[tuple[Path, Path]] = []
    for report in reports:
        target = records_dir / f"{report.stem}.yaml"
        if is_reviewed(target):
            summary.reviewed.append(report.name)
            status[report.name] = "reviewed, kept"
        elif not force and target.exists() and target.stat().st_mtime >= report.stat().st_mtime:
            summary.up_to_date.append(report.name)
            status[report.name] = "up to date"
        else:
            todo.append((report, target))
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if todo:
        records_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        if jobs > 1 and len(todo) >= POOL_FROM_REPORTS:
            from concurrent.futures import ProcessPoolExecutor

            pool = stack.enter_context(ProcessPoolExecutor(max_workers=min(jobs, len(todo))))
            stack.enter_context(paused_gc())     # the records received are many objects and no cycles
            work = [(str(r), str(t), options, keep_records) for r, t in todo]
            outcomes = pool.map(_extract_job, work, chunksize=max(1, min(32, len(work) // (jobs * 16))))
        else:
            outcomes = (_extract_to(r, t, options, keep_records) for r, t in todo)
        results = zip(todo, outcomes)       # in report order, as each is done
        for i, report in enumerate(reports, 1):
            if report.name not in status:
                (_report, target), (error, record) = next(results)
                if record is not None:
                    summary.records[target] = record
                if error is not None:
                    summary.failed[report.name] = error
                    log.warning("%s", error)
                    status[report.name] = f"failed: {error}"
                else:
                    summary.written.append(report.name)
                    status[report.name] = f"-> {target}"
            if progress:
                progress(f"[{i}/{len(reports)}] {report.name}: {status[report.name]}")
    return summary
