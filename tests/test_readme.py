"""README is a contract: its Python example works as written, and its quick-start section holds
the two blocks that `.ci/run` runs verbatim (issue 12)."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert m, f"README has no section {title!r}"
    return m.group(1)


def blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```$", text, re.M | re.S)


def test_python_example_runs_and_summarizes() -> None:
    (code,) = blocks(section("Python API"), "python")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    printed = out.getvalue()
    assert "council" in printed.lower() and "**Sources**" in printed
    assert "\n[]\n" in printed  # summary.warnings: nothing cut, nothing empty


def test_ci_runs_the_quick_start_blocks() -> None:
    quick, tests = blocks(section("Quick start"), "bash")
    assert quick.strip().startswith("python3 -m venv .venv && . .venv/bin/activate")
    assert "pytest" in tests
    assert "inside the `.venv`" in section("Quick start")
    # .ci/run extracts exactly these two blocks
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    func = re.search(r"^readme_block\(\) \{.*?^\}", script, re.M | re.S)
    assert (
        func and 'readme_block "Quick start" 1' in script and "pip install --upgrade" not in script
    )
    got = [
        subprocess.run(
            ["bash", "-c", f'{func.group(0)}\nreadme_block "Quick start" {n}'],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in (1, 2)
    ]
    assert got == [quick, tests]
