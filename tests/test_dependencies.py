"""Every third-party package the code imports is declared in pyproject.toml (issue 12: the
quick start failed on a fresh machine because an indirect dependency was never installed)."""

from __future__ import annotations

import ast
import importlib
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def names(reqs: list[str]) -> set[str]:
        return {_norm(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in reqs}

    core = names(project["dependencies"])
    extras = set().union(*(names(v) for v in project["optional-dependencies"].values()))
    return core, core | extras


def _imports(folder: Path) -> set[str]:
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    local = {p.stem for p in folder.glob("*.py")} | {"storybrief", "conftest"}
    return {m for m in found if m not in sys.stdlib_module_names and m not in local}


def _distributions(module: str) -> set[str]:
    return {_norm(d) for d in metadata.packages_distributions().get(module, [module])}


def test_every_imported_package_is_declared() -> None:
    _, declared = _declared()
    missing = {
        module: sorted(_distributions(module))
        for folder in (REPO / "src" / "storybrief", REPO / "tests")
        for module in _imports(folder)
        if not _distributions(module) & declared
    }
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_html_cleaner_is_a_core_dependency() -> None:
    """trafilatura imports ``lxml.html.clean``, which lives in ``lxml_html_clean``; pip < 24
    does not resolve lxml's ``html-clean`` extra from justext's ``html_clean``, so the package
    must be declared directly for the quick start to work with Python's bundled pip."""
    core, _ = _declared()
    assert "lxml-html-clean" in core and "trafilatura" in core
    # the module trafilatura needs (by name: it is trafilatura's import, not ours)
    importlib.import_module("lxml.html.clean")
