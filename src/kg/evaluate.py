"""Score predicted event records against gold records: ``kg evaluate``.

Records are paired by the base name of ``source.file``.  A gold record with no
usable prediction loses all its recall; a prediction whose report has no gold
record is ignored (with a warning).  Counts are summed over all paired files,
per relation, then micro-averaged over all relations.  The rules are those of
the reference scorer (a copy lives in ``tests/fixtures/reference_score.py``,
and ``tests/test_evaluate.py`` checks that both agree); see
:mod:`kg.evaluate_read` for normalisation and :mod:`kg.evaluate_match` for
matching.

Precision is TP/(TP+FP) and recall TP/(TP+FN).  With nothing predicted,
precision is 1.0 if there was also nothing to find, else 0.0; with nothing to
find, recall is 1.0 if nothing was predicted, else 0.0.  F1 is their harmonic
mean (0.0 when both are 0).

Examples
--------
>>> prf(3, 1, 0)
(0.75, 1.0, 0.8571428571428571)
>>> prf(0, 0, 0)
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

import json
import os

import click

from kg.evaluate_match import RELATIONS, score_pair
from kg.evaluate_read import list_yaml, read_scored_record

__all__ = ["RELATIONS", "EvaluateError", "evaluate_dirs", "prf", "summarise", "format_table",
           "evaluate_command"]


class EvaluateError(Exception):
    """The gold set cannot be used (missing directory, unreadable or duplicate gold record)."""


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts, with the empty-set conventions above."""
    if tp + fp > 0:
        precision = tp / (tp + fp)
    else:
        precision = 1.0 if fn == 0 else 0.0
    if tp + fn > 0:
        recall = tp / (tp + fn)
    else:
        recall = 1.0 if fp == 0 else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return precision, recall, f1


def summarise(totals: dict) -> dict:
    """``{relation: {tp, fp, fn, precision, recall, f1}}`` plus ``micro`` from ``{relation: [tp, fp, fn]}``."""
    out = {}
    micro = [0, 0, 0]
    for rel in RELATIONS:
        tp, fp, fn = totals[rel]
        p, r, f = prf(tp, fp, fn)
        out[rel] = {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}
        micro = [micro[0] + tp, micro[1] + fp, micro[2] + fn]
    p, r, f = prf(*micro)
    out["micro"] = {"tp": micro[0], "fp": micro[1], "fn": micro[2], "precision": p, "recall": r, "f1": f}
    return out


def format_table(summary: dict, title: str | None = None) -> str:
    """A fixed-width table of a summary, one relation a line, micro last."""
    lines = [title] if title else []
    lines.append(f"{'relation':<14}{'TP':>6}{'FP':>6}{'FN':>6}{'P':>8}{'R':>8}{'F1':>8}")
    for rel in RELATIONS + ["micro"]:
        if rel == "micro":
            lines.append("-" * 56)
        s = summary[rel]
        lines.append(f"{rel:<14}{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}"
                     f"{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}")
    return "\n".join(lines)


def _stem(name: str) -> str:
    base = os.path.basename(name)
    return base.rsplit(".", 1)[0] if "." in base else base


def _read_golds(gold_dir) -> tuple[dict, list]:
    if not os.path.isdir(gold_dir):
        raise EvaluateError(f"gold directory {gold_dir} does not exist")
    golds, messages, fatal = {}, [], []
    for path in list_yaml(gold_dir):
        rec = read_scored_record(path)
        if not rec.readable or rec.file is None:
            fatal.append(f"gold {path}: " + "; ".join(rec.errors or ["unreadable"]))
            continue
        for e in rec.errors:
            messages.append(f"warning: gold {os.path.basename(path)}: {e}")
        if rec.file in golds:
            fatal.append(f"gold {path}: source.file {rec.file} already used by {golds[rec.file].path}")
            continue
        golds[rec.file] = rec
    if fatal:
        raise EvaluateError("\n".join(fatal))
    return golds, messages


def _read_preds(pred_dir, golds: dict, messages: list) -> tuple[dict, set]:
    preds, broken = {}, set()  # broken: gold files whose prediction exists but cannot be read
    if not os.path.isdir(pred_dir):
        messages.append(f"error: prediction directory {pred_dir} does not exist; "
                        "every record counts as missing")
        return preds, broken
    by_stem = {}
    for f, g in golds.items():
        by_stem.setdefault(_stem(f), f)
        by_stem.setdefault(_stem(g.path), f)
    for path in list_yaml(pred_dir):
        rec = read_scored_record(path)
        name = os.path.basename(path)
        if not rec.readable or rec.file is None:
            target = by_stem.get(_stem(name))
            messages.append(f"error: prediction {name}: " + "; ".join(rec.errors or ["unreadable"])
                            + ("; counted as zero predictions" + (f" for {target}" if target else "")))
            if target and target not in preds:
                broken.add(target)
            continue
        for e in rec.errors:
            messages.append(f"error: prediction {name}: {e}")
        if rec.file not in golds:
            messages.append(f"warning: prediction {name}: source.file {rec.file} has no gold record; ignored")
            continue
        if rec.file in preds:
            messages.append(f"warning: prediction {name}: second record for {rec.file}; ignored")
            continue
        preds[rec.file] = rec
        broken.discard(rec.file)
    return preds, broken


def evaluate_dirs(gold_dir, pred_dir, strict_sessions: bool = False) -> tuple[dict, dict, list[str]]:
    """Score every gold record of ``gold_dir`` against its prediction in ``pred_dir``.

    Returns ``(summary, per_file, messages)``: the micro-averaged summary (see
    :func:`summarise`), the same for each gold file (keyed by report file
    name), and human-readable errors and warnings about the predictions.
    A missing or unreadable prediction counts as predicting nothing.
    Raises :class:`EvaluateError` when the gold set itself cannot be used.

    ``strict_sessions`` turns off the pairing of otherwise unmatched sessions
    by the people they share.
    """
    golds, messages = _read_golds(gold_dir)
    preds, broken = _read_preds(pred_dir, golds, messages)
    totals = {rel: [0, 0, 0] for rel in RELATIONS}
    per_file = {}
    for f in sorted(golds):
        pred = preds.get(f)
        if pred is None and f not in broken:
            messages.append(f"warning: no prediction for {f}; all its recall is lost")
        counts = score_pair(golds[f], pred, strict_sessions=strict_sessions)
        per_file[f] = summarise(counts)
        for rel in RELATIONS:
            for k in range(3):
                totals[rel][k] += counts[rel][k]
    return summarise(totals), per_file, messages


@click.command("evaluate")
@click.argument("gold_dir", type=click.Path(file_okay=False))
@click.argument("pred_dir", type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object instead of a table.")
@click.option("--per-file", is_flag=True, help="Also give the scores of each file.")
@click.option("--strict-sessions", is_flag=True,
              help="Match sessions on number/title only (no pairing of unmatched sessions by shared people).")
def evaluate_command(gold_dir, pred_dir, as_json, per_file, strict_sessions):
    """Score predicted records in PRED_DIR against gold records in GOLD_DIR.

    Records are paired by source.file; prints precision, recall and F1 for
    each relation (person, organization, affiliation, organizer, session_role,
    proposal, proposed_by, event_date) and their micro-average.  Warnings
    about the predictions go to stderr.

    Example: kg evaluate tests/fixtures/heldout/gold /tmp/pred
    """
    for label, path in (("gold", gold_dir), ("prediction", pred_dir)):
        if not os.path.isdir(path):
            raise click.ClickException(f"{label} directory {path} does not exist")
    try:
        summary, files, messages = evaluate_dirs(gold_dir, pred_dir, strict_sessions=strict_sessions)
    except EvaluateError as exc:
        raise click.ClickException(str(exc)) from None
    for m in messages:
        click.echo(m, err=True)
    if as_json:
        out = {**summary, "files": files} if per_file else dict(summary)
        click.echo(json.dumps(out, indent=2, sort_keys=False))
        return
    if per_file:
        for f, s in files.items():
            click.echo(format_table(s, title=f"== {f}"))
            click.echo()
    click.echo(format_table(summary, title=f"== all ({len(files)} gold file(s))"))
