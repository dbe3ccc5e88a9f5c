"""The command line on every input format and on bad input: clear one-line errors, exit codes."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storybrief.cli import app

runner = CliRunner()

A = (
    "The city council approved a $2.1 billion budget on Monday after a debate of nine hours.\n"
    "Council members voted 7 to 4 in favour of the plan, which raises spending on schools.\n"
)
B = (
    "Share\nThe council approved the budget on Monday with a vote of 7 to 4, officials said.\n"
    "Opponents said the plan would raise property taxes for thousands of homeowners next year.\n"
)


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    return tmp_path


def test_folder_text_output(folder: Path) -> None:
    r = run("summarize", str(folder), "--max-words", "40")
    assert r.exit_code == 0, r.output
    # both articles' leads state the same vote: the digest may cite either (issue 17)
    assert "Sources:" in r.stdout and ("[1]" in r.stdout or "[2]" in r.stdout)
    assert "Share" not in r.stdout.split("Sources:")[0]


def test_example_runs_in_every_format() -> None:
    for fmt in ("text", "markdown", "json"):
        r = run("summarize", "--example", "--format", fmt, "--max-words", "80")
        assert r.exit_code == 0, r.output
        assert "Harbor Bridge" in r.stdout
    data = json.loads(run("summarize", "--example", "-f", "json").stdout)
    assert {d["name"] for d in data["documents"]} >= {"01_wire.txt", "04_analysis.html"}
    # the HTML article's main text was extracted; navigation and footer were not
    html_doc = next(d for d in data["documents"] if d["name"] == "04_analysis.html")
    assert html_doc["n_sentences"] >= 4
    assert "All rights reserved" not in json.dumps(data["sentences"])


def test_multinews_line_form(tmp_path: Path) -> None:
    line = (A + "|||||" + B).replace("\n", "NEWLINE_CHAR")
    f = tmp_path / "cluster.txt"
    f.write_text(line + "\n" + line + "\n", encoding="utf-8")
    r = run("summarize", str(f), "-f", "json", "-w", "30")
    assert r.exit_code == 0, r.output
    records = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["id"] for x in records] == ["cluster-1", "cluster-2"]
    assert all(x["n_words"] <= 30 for x in records)


def test_jsonl_gz_with_metadata_and_passthrough(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl.gz"
    rec = {
        "id": "story-7",
        "documents": [{"text": A, "title": "Budget passes", "url": "https://x.test/a"}, B],
        "topic": "city",
    }
    with gzip.open(f, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(rec) + "\n")
    r = run("summarize", str(f), "-f", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["id"] == "story-7" and out["extra"] == {"topic": "city"}
    assert out["documents"][0]["title"] == "Budget passes"


def test_stdin(folder: Path) -> None:
    line = json.dumps({"id": "s", "documents": [A, B]})
    r = run("summarize", "-", "-w", "30", input=line + "\n")
    assert r.exit_code == 0, r.output
    assert "=== s ===" in r.stdout


def test_output_file(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    r = run("summarize", str(folder), "-f", "markdown", "-o", str(out))
    assert r.exit_code == 0, r.output
    assert "**Sources**" in out.read_text(encoding="utf-8")


def test_malformed_jsonl_reports_line_and_skip_bad_counts(tmp_path: Path) -> None:
    f = tmp_path / "bad.jsonl"
    good = json.dumps({"id": "ok", "documents": [A, B]})
    f.write_text(good + "\n{not json\n" + good + "\n", encoding="utf-8")
    r = run("summarize", str(f))
    assert r.exit_code == 4
    assert "bad.jsonl:2" in r.stderr and "malformed JSON" in r.stderr
    r = run("summarize", str(f), "--skip-bad")
    assert r.exit_code == 0
    assert r.stdout.count("=== ok ===") == 2
    assert "skipped 1 malformed line" in r.stderr


@pytest.mark.parametrize(
    ("setup", "code", "message"),
    [
        (lambda p: p, 3, "no readable articles"),  # empty folder
        (lambda p: (p / "e.txt").write_text("  \n\t\n") and p, 3, "no readable articles"),
        (lambda p: (p / "x.bin").write_bytes(b"\x00\x01" * 100) and p, 3, "no readable articles"),
        (lambda p: p / "missing", 3, "no such file"),
    ],
)
def test_bad_inputs_give_one_line_errors(tmp_path: Path, setup, code: int, message: str) -> None:
    target = setup(tmp_path)
    r = run("summarize", str(target))
    assert r.exit_code == code, r.output
    assert message in r.stderr
    assert "Traceback" not in r.output


def test_binary_file_among_articles_is_skipped_with_warning(folder: Path) -> None:
    (folder / "c.txt").write_bytes(b"\x00\xff\x00" * 200)
    r = run("summarize", str(folder))
    assert r.exit_code == 0
    assert "binary" in r.stderr


def test_non_utf8_is_decoded_with_warning(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(
        (
            # (a fact of its own: a sentence restating b.txt's lead would be left out as a repeat)
            "The café owner said small businesses on Main Street had a hard winter.\n"
            "The council approved the budget with a vote of 7 to 4 after a debate of nine hours.\n"
        ).encode("cp1252")
    )
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    r = run("summarize", str(tmp_path), "-f", "json")
    assert r.exit_code == 0, r.output
    assert "Windows-1252" in r.stderr
    assert "café" in r.stdout


def test_boilerplate_only_input_exits_5(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Share\nAdvertisement\nLeave a Reply\n")
    r = run("summarize", str(tmp_path))
    assert r.exit_code == 5
    assert "nothing to summarize" in r.stderr


def test_unknown_method_and_formats() -> None:
    r = run("summarize", "--example", "--method", "magic")
    assert r.exit_code == 2 and "unknown method" in r.stderr
    r = run("summarize", "--example", "--input-format", "pdf")
    assert r.exit_code == 2


def test_huge_document_is_read_in_bounded_size(tmp_path: Path) -> None:
    sentence = "Officials said the river rose by two metres overnight in the northern district. "
    (tmp_path / "big.txt").write_text(sentence * 80_000, encoding="utf-8")  # ~6.5 MB
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    r = run("summarize", str(tmp_path), "-w", "40")
    assert r.exit_code == 0, r.output
    assert "only the beginning was read" in r.stderr


def test_output_is_identical_run_to_run(folder: Path) -> None:
    outs = {run("summarize", str(folder), "-f", "json").stdout for _ in range(3)}
    assert len(outs) == 1


def test_installed_entry_point_never_prints_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "storybrief.cli", "summarize", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr and "error:" in proc.stderr


def test_methods_command_lists_default() -> None:
    r = run("methods")
    assert r.exit_code == 0 and "(default)" in r.stdout and "lexrank" in r.stdout


def test_method_help_names_every_method() -> None:
    """The --method help is written without importing the pipeline (a fast --help): its
    names must be the pipeline's own."""
    from storybrief.cli import METHOD_NAMES
    from storybrief.pipeline.score import available_methods

    assert list(METHOD_NAMES) == available_methods()


def test_input_formats_are_the_readers() -> None:
    """--input-format's choices are written without importing the readers: they must be the
    readers' own."""
    from storybrief.cli import INPUT_FORMATS
    from storybrief.readers import FORMATS

    assert INPUT_FORMATS == FORMATS


def test_lazy_commands_are_every_command_module_with_their_own_help() -> None:
    """Each module of storybrief/commands/ belongs to one entry of cli.COMMANDS, and the help
    line ``storybrief --help`` lists for it is the loaded command's first paragraph."""
    import pkgutil

    from storybrief import commands
    from storybrief.cli import COMMANDS, load_command

    modules = {m.name for m in pkgutil.iter_modules(commands.__path__)}
    listed = [m for lazy in COMMANDS.values() for m in lazy.modules]
    assert sorted(listed) == sorted(modules)
    for name, lazy in COMMANDS.items():
        assert load_command(name).help.split("\n\n")[0] == lazy.help, name


def test_top_level_help_is_the_same_once_the_commands_are_loaded() -> None:
    code = (
        "from typer.testing import CliRunner\n"
        "from storybrief.cli import COMMANDS, app, load_command\n"
        "before = CliRunner().invoke(app, ['--help']).output\n"
        "for name in COMMANDS:\n    load_command(name)\n"
        "after = CliRunner().invoke(app, ['--help']).output\n"
        "print(before == after, 'feed' in before, 'Did you mean' in "
        "CliRunner().invoke(app, ['fead']).output)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "True", "True"]


def test_help_does_not_import_the_pipeline() -> None:
    """``storybrief --help`` imports the interface only: the pipeline, numpy, the feed, the
    readers and the command modules load when a command runs (BENCHMARKS.md, "CLI start-up")."""
    code = (
        "import sys\n"
        "from storybrief.cli import main\n"
        "sys.argv = ['storybrief', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('numpy', 'storybrief.pipeline', 'storybrief.feed', "
        "'storybrief.readers', 'storybrief.commands.feed') if m in sys.modules]\n"
        "print('heavy:', heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0 and "summarize" in proc.stdout
    assert "heavy: []" in proc.stderr


def test_folder_of_1000_documents(tmp_path: Path) -> None:
    for i in range(1000):
        (tmp_path / f"{i:04d}.txt").write_text(
            f"Flood waters rose in district {i % 37} on Monday, officials said.\n"
            f"About {i * 10} residents were moved to shelters in the town of Riverton {i}.\n",
            encoding="utf-8",
        )
    r = run("summarize", str(tmp_path), "-w", "60", "-f", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert len(data["documents"]) == 1000
    assert 0 < data["n_words"] <= 60
    # each lead sentence is syndicated to 27 articles (i % 37) and grouped as one unit
    assert max(len(g["members"]) for g in data["duplicates"]) >= 27
