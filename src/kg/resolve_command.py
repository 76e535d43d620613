"""``kg resolve``: the merges the rules were unsure of, and the analyst's decisions.

A thin wrapper over :func:`kg.resolve.resolve` (list) and
:func:`kg.resolve.record_decision` (``--same`` / ``--different``).
"""

from __future__ import annotations

import click

__all__ = ["resolve"]


@click.command("resolve")
@click.option("--data", "data_dir", default="data", show_default=True,
              type=click.Path(file_okay=False), help="Data folder (records/, authorities.yaml, resolution/).")
@click.option("--same", nargs=2, metavar="NAME NAME", help="Record that two names are one entity.")
@click.option("--different", nargs=2, metavar="NAME NAME", help="Record that two names are different entities.")
@click.option("--kind", type=click.Choice(["person", "org", "proposal"]),
              help="Kind of entity of --same/--different (inferred when only one kind has both names).")
@click.option("--note", default="", help="A note kept with the decision.")
@click.option("--merged", is_flag=True, help="Also list the merges the rules made, with their reasons.")
def resolve(data_dir, same, different, kind, note, merged):
    """List merge candidates the rules were unsure of; record same/different decisions.

    Each candidate shows its score, the two names with their reports, and the
    reasons. Decisions go to DATA/resolution/decisions.tsv, one per line
    (delete a line to undo it); `kg build` respects them.

    Example: kg resolve && kg resolve --same "Park Ji-hoon" "Amb. Park"
    """
    from kg.record import RecordError
    from kg.resolve import data_records, record_decision
    from kg.resolve import resolve as resolve_entities
    from kg.resolve_authorities import AuthorityError
    from kg.resolve_decisions import DecisionError

    if same and different:
        raise click.UsageError("give --same or --different, not both")
    try:
        records = data_records(data_dir)
        if same or different:
            verdict, (a, b) = ("same", same) if same else ("different", different)
            d = record_decision(data_dir, verdict, a, b, kind=kind, note=note, records=records)
            click.echo(f"{d.where}: {d.verdict} {d.kind} {d.a!r} {d.b!r}")
            return
        result = resolve_entities(records, data_dir=data_dir)
    except (DecisionError, AuthorityError, RecordError) as exc:
        raise click.ClickException(str(exc)) from None
    if merged:
        click.echo(f"{len(result.merges)} merge(s) made by the rules:")
        for c in result.merges:
            click.echo(c.text())
        click.echo("")
    if not result.candidates:
        click.echo("no merge candidates: every grouping was certain")
        return
    click.echo(f"{len(result.candidates)} merge candidate(s) to decide:")
    for c in result.candidates:
        click.echo(c.text())
        click.echo(f'          kg resolve --same "{c.a.name}" "{c.b.name}" --kind {c.kind}   '
                   f'(or --different)')
