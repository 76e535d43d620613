"""Extract every report of a folder into a folder of records.

:func:`extract_folder` is what ``kg build`` calls: it re-extracts a report
only when its record is missing or older than the report, and never touches a
record an analyst marked ``reviewed: true``.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from kg.record import dump_record, write_atomic

from .core import ExtractOptions, extract_report
from .load import REPORT_SUFFIXES, ExtractionError

__all__ = ["FolderSummary", "extract_folder", "report_files", "is_reviewed"]

log = logging.getLogger(__name__)


@dataclass
class FolderSummary:
    """What :func:`extract_folder` did, by report file name."""

    written: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    reviewed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return (f"{len(self.written)} extracted, {len(self.up_to_date)} up to date, "
                f"{len(self.reviewed)} reviewed (kept), {len(self.failed)} failed")


def report_files(folder: str | os.PathLike) -> list[Path]:
    """Report files of a folder (``*.txt``, ``*.html``, ``*.htm``, ``*.pdf``), sorted."""
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)


def is_reviewed(record_path: str | os.PathLike) -> bool:
    """True when a record file exists and says ``reviewed: true`` (unreadable counts as reviewed)."""
    path = Path(record_path)
    if not path.exists():
        return False
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return True      # never overwrite what we cannot read
    return isinstance(data, dict) and data.get("reviewed") is True


def extract_folder(reports_dir: str | os.PathLike, records_dir: str | os.PathLike, force: bool = False,
                   options: ExtractOptions | None = None,
                   progress: Callable[[str], None] | None = None) -> FolderSummary:
    """(Re)extract each report whose record ``<stem>.yaml`` is missing or older than the report.

    Parameters
    ----------
    reports_dir, records_dir : path
    force : bool
        Re-extract even up-to-date records (reviewed records are still kept).
    options : ExtractOptions, optional
    progress : callable, optional
        Called with one line of text per report.

    Returns
    -------
    FolderSummary
    """
    records_dir = Path(records_dir)
    summary = FolderSummary()
    reports = report_files(reports_dir)
    for i, report in enumerate(reports, 1):
        target = records_dir / f"{report.stem}.yaml"
        name = report.name
        if is_reviewed(target):
            summary.reviewed.append(name)
            status = "reviewed, kept"
        elif not force and target.exists() and target.stat().st_mtime >= report.stat().st_mtime:
            summary.up_to_date.append(name)
            status = "up to date"
        else:
            try:
                rec = extract_report(report, options)
            except ExtractionError as exc:
                summary.failed[name] = str(exc)
                log.warning("%s", exc)
                status = f"failed: {exc}"
            else:
                write_atomic(target, dump_record(rec))
                summary.written.append(name)
                status = f"-> {target}"
        if progress:
            progress(f"[{i}/{len(reports)}] {name}: {status}")
    return summary
