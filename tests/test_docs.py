"""Every command has help with an example and is documented in the README; the README's commands exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import COMMANDS, cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
#: the README's code blocks, where commands are shown
CODE = "\n".join(re.findall(r"^```[a-z]*\n(.*?)^```", README, re.M | re.S))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_has_help_with_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output, f"kg {name} --help has no example"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_in_the_readme(name):
    assert re.search(rf"(^|&& )kg {name}\b", CODE, re.M), f"kg {name} is not shown in README.md"


def test_readme_commands_are_real_commands():
    used = set(re.findall(r"^kg ([a-z-]+)", CODE, re.M))
    assert used <= set(COMMANDS), used - set(COMMANDS)


def test_readme_options_exist():
    """Each option the README shows for a command is one of that command's options."""
    for line in re.findall(r"^kg [a-z-]+[^\n]*", CODE, re.M):
        name = line.split()[1]
        options = {o for p in cli.get_command(None, name).params for o in p.opts}
        for opt in re.findall(r"(?<=\s)(--?[a-z][a-z-]*)", line.split("#")[0]):
            assert opt in options, f"README: kg {name} has no option {opt}"


def test_top_level_help_lists_every_command():
    out = CliRunner().invoke(cli, ["--help"]).output
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\b", out, re.M), name
