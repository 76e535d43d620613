"""The ``kg`` command line: thin wrappers over library functions.

Subcommands are imported only when run, so ``kg --help`` stays fast.
"""

from __future__ import annotations

import importlib

import click

__all__ = ["cli"]

#: command name -> "module:function" of its click command
COMMANDS = {
    "build": "kg.commands:build",
    "validate": "kg.commands:validate",
    "query": "kg.commands:query",
    "stats": "kg.commands:stats",
    "extract": "kg.extract.command:extract",
    "evaluate": "kg.evaluate:evaluate_command",
    "resolve": "kg.resolve_command:resolve",
    "analyze": "kg.analysis_command:analyze",
    "viz": "kg.render_command:viz",
    "serve": "kg.serve_command:serve",
    "push": "kg.push_command:push",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def cli():
    """kg: turn think-tank event reports into a knowledge graph.

    \b
    The main job:
      kg build            reports -> records -> graph, validated and exported
    Then ask it:
      kg query --list     the named questions
      kg stats            counts by class

    Example: kg build && kg query sessions-chaired --param person="Ken Jimbo"
    """
