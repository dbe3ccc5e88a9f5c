"""The package's layers: dependencies point one way.

text, types, errors, readers, follow  <-  analysis  <-  pipeline  <-  engines, evaluate, train, feed
<-  interfaces (cli, commands, web).  A module may import its own layer and the layers below,
never a layer above (function-level imports included: a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "storybrief"

# lower number = lower layer; the key is the first dotted part after "storybrief."
LAYER = {
    "errors": 0,
    "types": 0,
    "text": 0,
    "readers": 0,
    # following real feeds: input from the network beside readers' input from files; the
    # feed store and the interfaces build on it
    "follow": 0,
    "analysis": 1,
    "pipeline": 2,
    "engines": 3,
    "evaluate": 3,
    "train": 3,
    "train_opener": 3,
    "train_facts": 3,
    "feed": 3,
    "cli": 4,
    "commands": 4,
    "web": 4,
}
# within layer 3, these must not import each other's packages
INDEPENDENT = {
    "engines": {"feed", "evaluate", "train", "train_opener", "train_facts"},
    "feed": {"engines", "evaluate", "train", "train_opener", "train_facts"},
}


def _part(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "storybrief" or len(parts) < 2:
        return None
    return parts[1]


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "storybrief":  # from storybrief import x: x is the part
                out += [(node.lineno, f"storybrief.{a.name}") for a in node.names]
            else:
                out.append((node.lineno, node.module))
    return out


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE or p.stem != "__init__")


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    rel = path.relative_to(PACKAGE)
    own = rel.parts[0].removesuffix(".py")
    assert own in LAYER, f"{rel}: add its package to LAYER in this test"
    bad = []
    for lineno, module in _imports(path):
        part = _part(module)
        if part is None or part == own:
            continue
        if part in ("__init__", "__version__"):
            # the top-level package assembles the public API from every layer
            if LAYER[own] < 4:
                bad.append(f"{rel}:{lineno} imports the top-level storybrief package")
            continue
        if part not in LAYER:
            continue
        if LAYER[part] > LAYER[own] or part in INDEPENDENT.get(own, set()):
            bad.append(f"{rel}:{lineno} imports storybrief.{part} (layer {LAYER[part]})")
    assert not bad, "\n".join(bad)


def test_every_package_is_placed() -> None:
    parts = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in _modules()}
    parts -= {"models", "data"}
    assert parts <= set(LAYER), sorted(parts - set(LAYER))


def test_every_long_module_says_why_in_its_docstring() -> None:
    # issue 18: a module over about 500 lines is a choice, and its docstring says why
    # ("Over 500 lines because ..."), so that a reader knows whether to split it
    unexplained = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if source.count("\n") <= 500:
            continue
        doc = ast.get_docstring(ast.parse(source)) or ""
        if "500 lines" not in doc and "longer than most" not in doc:
            unexplained.append(str(path.relative_to(PACKAGE)))
    assert not unexplained, unexplained
