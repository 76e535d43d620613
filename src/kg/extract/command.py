"""``kg extract``: a thin click wrapper over :func:`extract_report` / :func:`extract_folder`."""

from __future__ import annotations

import warnings
from pathlib import Path

import click

__all__ = ["extract"]


@click.command("extract")
@click.argument("report", type=click.Path(exists=True, dir_okay=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Record file to write (a folder when REPORT is a folder).")
@click.option("--force", is_flag=True, help="Folder mode: re-extract up-to-date records too "
              "(records marked 'reviewed: true' are never overwritten).")
@click.option("--no-evidence", is_flag=True, help="Leave out evidence sentences and offsets.")
def extract(report: Path, output: Path | None, force: bool, no_evidence: bool):
    """Extract the event record of REPORT (.txt, .html, .htm, .pdf) as YAML.

    With a file, the record goes to stdout, or to -o FILE (written atomically).
    With a folder, one record per report is written to -o DIR as <stem>.yaml,
    skipping up-to-date and reviewed records; progress goes to stderr.

    Example: kg extract data/reports/000_x.txt -o data/records/000_x.yaml
    """
    from kg.record import dump_record, write_atomic

    from .core import ExtractOptions, extract_report
    from .folder import extract_folder
    from .load import ExtractionError

    options = ExtractOptions(evidence=not no_evidence)
    if report.is_dir():
        if output is None:
            raise click.ClickException(f"{report} is a folder: give the records folder with -o DIR")
        if output.exists() and not output.is_dir():
            raise click.ClickException(f"{output}: not a folder")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            summary = extract_folder(report, output, force=force, options=options,
                                     progress=lambda line: click.echo(line, err=True))
        for w in caught:
            click.echo(f"warning: {w.message}", err=True)
        click.echo(str(summary), err=True)
        if summary.failed:
            raise click.ClickException("; ".join(summary.failed.values()))
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            record = extract_report(report, options)
        except ExtractionError as exc:
            raise click.ClickException(str(exc)) from None
    for w in caught:
        click.echo(f"warning: {w.message}", err=True)
    text = dump_record(record)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(f"{report} -> {output}", err=True)
