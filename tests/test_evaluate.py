"""kg.evaluate must agree with the reference scorer to three decimals.

The reference scorer is an unchanged copy of the project's shared
``score.py`` in ``tests/fixtures/reference_score.py``; it is loaded here by
file path (tests only: the package never imports it).  Each test builds a
prediction set from the gold records (the gold itself, then perturbed
copies), scores it with both, and compares every relation and the micro
average, overall and per file.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import random
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.evaluate import RELATIONS, EvaluateError, evaluate_command, evaluate_dirs
from kg.record import load_records

FIXTURES = Path(__file__).parent / "fixtures"
SEED_GOLD = FIXTURES / "seed" / "gold"
HELDOUT_GOLD = FIXTURES / "heldout" / "gold"
SEED = "000_10c68b35a4710464"
KEYS = ("tp", "fp", "fn", "precision", "recall", "f1")


@pytest.fixture(scope="module")
def reference():
    """The reference scorer, loaded from its file."""
    name = "kg_tests_reference_score"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, FIXTURES / "reference_score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def gold_records(gold_dir: Path) -> dict[str, dict]:
    """Stem -> raw YAML data of every gold record of a folder."""
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.yaml"))}


def write_preds(folder: Path, records: dict[str, object]) -> Path:
    """Write records (dict -> YAML, str -> raw text) into a new folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem, data in records.items():
        text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (folder / f"{stem}.yaml").write_text(text, encoding="utf-8")
    return folder


def assert_agree(reference, gold_dir, pred_dir, strict_sessions=False):
    """Both scorers give the same counts and the same P/R/F1 to three decimals."""
    ref_summary, ref_files, ref_messages, fatal = reference.evaluate(
        str(gold_dir), str(pred_dir), strict_sessions=strict_sessions)
    assert not fatal
    summary, files, messages = evaluate_dirs(gold_dir, pred_dir, strict_sessions=strict_sessions)
    assert set(files) == set(ref_files)
    for label, ours, ref in [("all", summary, ref_summary)] + [(f, files[f], ref_files[f]) for f in files]:
        for rel in RELATIONS + ["micro"]:
            for key in KEYS:
                assert round(ours[rel][key], 3) == round(ref[rel][key], 3), (label, rel, key)
    assert messages == ref_messages
    return summary


# ---------------------------------------------------------------------------
# perturbations
# ---------------------------------------------------------------------------

ROLE_KEYS = ("chairs", "speakers", "discussants")


def rename_everywhere(rec: dict, old: str, new: str) -> None:
    for p in rec["people"]:
        if p["name"] == old:
            p["name"] = new
    for s in rec["sessions"]:
        for key in ROLE_KEYS:
            s[key] = [new if n == old else n for n in s[key]]
    for p in rec["proposals"]:
        p["proposed_by"] = [new if n == old else n for n in p["proposed_by"]]


def drop_person(rec: dict, name: str) -> None:
    rec["people"] = [p for p in rec["people"] if p["name"] != name]
    for s in rec["sessions"]:
        for key in ROLE_KEYS:
            s[key] = [n for n in s[key] if n != name]
    for p in rec["proposals"]:
        p["proposed_by"] = [n for n in p["proposed_by"] if n != name]


def reorder_name(name: str) -> str:
    """"Ken Jimbo" -> "JIMBO, Ken": family name first, in capitals, with a comma."""
    parts = name.split()
    return f"{parts[-1].upper()}, {' '.join(parts[:-1])}" if len(parts) > 1 else name


def random_perturbation(rec: dict, rng: random.Random) -> dict:
    """A copy of a record with a few random, realistic extraction mistakes."""
    rec = copy.deepcopy(rec)
    names = [p["name"] for p in rec["people"]]
    for _ in range(rng.randint(1, 6)):
        move = rng.choice(["drop", "rename", "reorder", "role", "session", "org", "proposal",
                           "proposer", "date", "organizer", "alias"])
        if move == "drop" and names:
            drop_person(rec, names.pop(rng.randrange(len(names))))
        elif move == "rename" and names:
            i = rng.randrange(len(names))
            rename_everywhere(rec, names[i], names[i] + "x")
            names[i] += "x"
        elif move == "reorder" and names:
            i = rng.randrange(len(names))
            rename_everywhere(rec, names[i], reorder_name(names[i]))
            names[i] = reorder_name(names[i])
        elif move == "role" and rec["sessions"]:
            s = rng.choice(rec["sessions"])
            src, dst = rng.sample(ROLE_KEYS, 2)
            s[dst] = s[dst] + s[src]
            s[src] = []
        elif move == "session" and rec["sessions"]:
            s = rng.choice(rec["sessions"])
            choice = rng.randrange(3)
            if choice == 0:
                s["number"] = None
            elif choice == 1:
                s["title"] = "Made-up panel title"
            else:
                s["number"] = (s["number"] or 0) + 5
        elif move == "org" and rec["organizations"]:
            rec["organizations"].pop(rng.randrange(len(rec["organizations"])))
        elif move == "proposal":
            rec["proposals"].append({"name": rng.choice(["Joint task force on water", "Regional fund",
                                                         "Asian NATO framework", "New Korea-Japan Declaration"]),
                                     "aliases": [], "proposed_by": names[:1], "session": None})
        elif move == "proposer" and rec["proposals"]:
            p = rng.choice(rec["proposals"])
            p["proposed_by"] = [] if p["proposed_by"] else names[-1:]
        elif move == "date":
            rec["event"]["start"] = rng.choice([None, "2001-01-01", rec["event"]["start"]])
        elif move == "organizer":
            rec["event"]["organizers"] = rec["event"]["organizers"][:1]
        elif move == "alias" and rec["organizations"]:
            o = rng.choice(rec["organizations"])
            if o.get("aliases"):
                o["name"], o["aliases"] = o["aliases"][0], []
    return rec


# ---------------------------------------------------------------------------
# agreement on fixed prediction sets
# ---------------------------------------------------------------------------


def test_gold_against_itself_is_perfect(reference):
    summary = assert_agree(reference, SEED_GOLD, SEED_GOLD)
    for rel in RELATIONS + ["micro"]:
        assert summary[rel]["f1"] == 1.0, rel
    assert summary["micro"]["tp"] > 0


def test_names_dropped(reference, tmp_path):
    recs = gold_records(SEED_GOLD)
    for victim in ("Hirohito Ogi", "Ken Jimbo", "Yang Uk"):
        drop_person(recs[SEED], victim)
    summary = assert_agree(reference, SEED_GOLD, write_preds(tmp_path / "pred", recs))
    assert summary["person"]["fn"] == 3 and summary["person"]["fp"] == 0


def test_names_renamed_and_reordered(reference, tmp_path):
    recs = gold_records(SEED_GOLD)
    rename_everywhere(recs[SEED], "Choi Kang", "Choi Kangg")
    for old in ("Chung Mong-Joon", "Ken Jimbo", "Yuichi Hosoya"):
        rename_everywhere(recs[SEED], old, reorder_name(old))
    summary = assert_agree(reference, SEED_GOLD, write_preds(tmp_path / "pred", recs))
    assert summary["person"]["fn"] == 1 and summary["person"]["fp"] == 1


def test_wrong_roles_and_sessions(reference, tmp_path):
    recs = gold_records(SEED_GOLD)
    sessions = recs[SEED]["sessions"]
    sessions[2]["speakers"], sessions[2]["discussants"] = sessions[2]["discussants"], sessions[2]["speakers"]
    sessions[3]["number"] = 7
    sessions[5]["title"] = "Closing remarks"
    sessions[0]["title"] = "OPENING SESSION"
    for strict in (False, True):
        assert_agree(reference, SEED_GOLD, write_preds(tmp_path / f"pred{strict}", recs), strict)


def test_extra_and_renamed_proposals(reference, tmp_path):
    recs = gold_records(SEED_GOLD)
    props = recs[SEED]["proposals"]
    props.append({"name": "Asian NATO concept", "aliases": [], "proposed_by": ["Ken Jimbo"], "session": None})
    props.append({"name": "Trilateral water fund", "aliases": [], "proposed_by": [], "session": 1})
    props[2]["name"], props[2]["aliases"] = "Real-time information sharing network", []
    recs["002_363e236a17082842"]["proposals"][0]["name"] = "semiconductor and LNG cooperation"
    summary = assert_agree(reference, SEED_GOLD, write_preds(tmp_path / "pred", recs))
    assert summary["proposal"]["fp"] >= 1


def test_organisations_by_alias_only_and_missing(reference, tmp_path):
    recs = gold_records(SEED_GOLD)
    rec = recs[SEED]
    rec["organizations"] = [o for o in rec["organizations"] if o["name"] != "Sejong Institute"]
    for o in rec["organizations"]:
        if o["aliases"]:
            o["name"], o["aliases"] = o["aliases"][0], []
    rec["event"]["organizers"] = ["IHJ", "Asan Institute", "Keio University"]
    for p in rec["people"]:
        for a in p["affiliations"]:
            a["org"] = {"International House of Japan": "IHJ"}.get(a["org"], a["org"])
    assert_agree(reference, SEED_GOLD, write_preds(tmp_path / "pred", recs))


def test_missing_broken_and_unknown_files(reference, tmp_path):
    recs = gold_records(SEED_GOLD)
    del recs["002_363e236a17082842"]
    recs["003_28207104a702530a"] = "schema: kg-record/1\nsource: {file: x\npeople: [\n"
    extra = copy.deepcopy(recs[SEED])
    extra["source"]["file"] = "not_in_gold.txt"
    recs["zzz_extra"] = extra
    recs["zzz_dup"] = copy.deepcopy(recs[SEED])
    summary = assert_agree(reference, SEED_GOLD, write_preds(tmp_path / "pred", recs))
    assert summary["micro"]["recall"] < 1.0


def test_missing_prediction_directory(reference, tmp_path):
    summary = assert_agree(reference, SEED_GOLD, tmp_path / "nowhere")
    assert summary["micro"]["tp"] == 0


def test_wrong_shapes_do_not_crash(reference, tmp_path):
    bad = {
        "schema": "kg-record/1",
        "source": {"file": "reports/" + SEED + ".txt"},
        "event": {"title": 5, "start": "2025-10-15", "organizers": "International House of Japan"},
        "sessions": [None, "x", {"number": "Session 2", "speakers": "Yang Uk", "chairs": [{"name": "Ken Jimbo"}, 7]}],
        "people": "nobody",
        "organizations": [{"aliases": "IHJ"}, 3, None],
        "proposals": [{"name": "SIREN", "proposed_by": "Yang Uk"}, {"aliases": None}],
    }
    summary = assert_agree(reference, SEED_GOLD, write_preds(tmp_path / "pred", {"whatever": bad}))
    assert summary["proposal"]["tp"] == 1


@pytest.mark.parametrize("seed", range(12))
def test_random_perturbations_agree(reference, tmp_path, seed):
    rng = random.Random(seed)
    gold_dir = SEED_GOLD if seed % 3 else HELDOUT_GOLD
    recs = {stem: random_perturbation(rec, rng) for stem, rec in gold_records(gold_dir).items()}
    assert_agree(reference, gold_dir, write_preds(tmp_path / "pred", recs), strict_sessions=seed % 4 == 0)


# ---------------------------------------------------------------------------
# the gold sets themselves
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("gold_dir", [SEED_GOLD, HELDOUT_GOLD], ids=["seed", "heldout"])
def test_gold_sets_are_valid_records(reference, gold_dir):
    records = load_records(gold_dir)
    assert records
    for path, _rec in records:
        errors, _warnings = reference.check_record(str(path))
        assert errors == [], (path.name, errors)


def test_heldout_gold_names_an_existing_report():
    for path, rec in load_records(HELDOUT_GOLD):
        assert (FIXTURES / "heldout" / "reports" / rec["source"]["file"]).is_file(), path.name
        assert path.stem == Path(rec["source"]["file"]).stem


def test_broken_gold_raises(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.yaml").write_text("- not a record\n", encoding="utf-8")
    with pytest.raises(EvaluateError):
        evaluate_dirs(gold, tmp_path)
    with pytest.raises(EvaluateError):
        evaluate_dirs(tmp_path / "nowhere", tmp_path)


# ---------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------


def test_cli_table_and_json(tmp_path):
    runner = CliRunner()
    result = runner.invoke(evaluate_command, [str(SEED_GOLD), str(SEED_GOLD)])
    assert result.exit_code == 0, result.output
    assert "micro" in result.output and "session_role" in result.output
    result = runner.invoke(evaluate_command, [str(SEED_GOLD), str(SEED_GOLD), "--json", "--per-file"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == set(RELATIONS) | {"micro", "files"}
    assert data["micro"]["f1"] == 1.0
    assert f"{SEED}.txt" in data["files"]


def test_cli_matches_reference_output(reference, tmp_path, capsys):
    recs = gold_records(SEED_GOLD)
    drop_person(recs[SEED], "Ken Jimbo")
    pred = write_preds(tmp_path / "pred", recs)
    assert reference.main([str(SEED_GOLD), str(pred), "--per-file"]) == 0
    expected = capsys.readouterr().out
    result = CliRunner().invoke(evaluate_command, [str(SEED_GOLD), str(pred), "--per-file"])
    assert result.exit_code == 0
    assert result.stdout == expected


def test_cli_missing_directory_is_a_clean_error(tmp_path):
    runner = CliRunner()
    result = runner.invoke(evaluate_command, [str(tmp_path / "nowhere"), str(tmp_path)])
    assert result.exit_code == 1
    assert "does not exist" in result.output
    result = runner.invoke(evaluate_command, [str(SEED_GOLD), str(tmp_path / "nowhere")])
    assert result.exit_code == 1


def test_cli_help_has_example():
    result = CliRunner().invoke(evaluate_command, ["--help"])
    assert result.exit_code == 0
    assert "Example: kg evaluate tests/fixtures/heldout/gold /tmp/pred" in result.output


def test_copy_of_gold_dir_scores_one(tmp_path):
    shutil.copytree(SEED_GOLD, tmp_path / "pred")
    summary, _files, messages = evaluate_dirs(SEED_GOLD, tmp_path / "pred")
    assert summary["micro"]["f1"] == 1.0 and messages == []


def test_registered_as_kg_evaluate():
    from kg.cli import cli

    result = CliRunner().invoke(cli, ["evaluate", str(SEED_GOLD), str(SEED_GOLD), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["micro"]["f1"] == 1.0
