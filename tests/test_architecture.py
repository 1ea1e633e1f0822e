"""The shape of the code: a core free of MkDocs, thin hooks in a checked order, no hidden state."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

import dpup
from conftest import ROOT

DPUP = ROOT / "hooks" / "dpup"
CORE = sorted(DPUP.rglob("*.py"))
HOOKS = sorted(p for p in (ROOT / "hooks").glob("*.py") if p.name != "adapter.py")


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            out.add(node.module)
    return out


def _module(path: Path) -> str:
    """hooks/dpup/pages/fragments.py -> 'dpup.pages.fragments'; hooks/dpup/pages/__init__.py -> 'dpup.pages'."""
    parts = path.relative_to(DPUP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    path = DPUP.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def dpup_imports(path: Path) -> set[str]:
    """The dpup modules a core file imports, at the top or inside a function, relative or not."""
    package = _module(path) if path.name == "__init__.py" else _module(path).rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            # `from .. import run` imports the module dpup.run; `from ..text import slug`, a name.
            out |= {f"{module}.{a.name}" if _is_module(f"{module}.{a.name}") else module for a in node.names}
    return {m for m in out if m.split(".")[0] == "dpup"}


def part(module: str) -> str:
    """The part of the core a module belongs to: its subpackage ('pages'), or a top-level module ('text', 'dpup')."""
    return module.split(".")[1] if "." in module else module


def part_imports() -> dict[str, dict[str, set[str]]]:
    """part -> the other parts it imports -> the files that do."""
    graph: dict[str, dict[str, set[str]]] = {}
    for path in CORE:
        here = part(_module(path))
        for module in dpup_imports(path):
            if part(module) != here:
                graph.setdefault(here, {}).setdefault(part(module), set()).add(str(path.relative_to(DPUP)))
    return graph


def test_the_core_parts_import_each_other_in_one_direction():
    """An import cycle between two parts (history imports pages, pages imports history) means
    neither can be read, tested or replaced alone; what both need belongs in a lower module."""
    graph = part_imports()

    def cycle_from(start: str, path: list[str]) -> list[str] | None:
        for nxt in sorted(graph.get(path[-1], {})):
            if nxt == start:
                return [*path, start]
            if nxt not in path and (found := cycle_from(start, [*path, nxt])):
                return found
        return None

    for start in sorted(graph):
        if cycle := cycle_from(start, [start]):
            how = "; ".join(f"{a} -> {b} in {', '.join(sorted(graph[a][b]))}" for a, b in zip(cycle, cycle[1:]))
            raise AssertionError(
                f"hooks/dpup: import cycle {' -> '.join(cycle)} ({how}); "
                "move what they share into a module both can import."
            )


def test_the_build_record_depends_only_on_content_and_the_top_level_modules():
    """dpup/build.py is what every hook reads: it may not depend on an output (pages, search, pdf,
    office) or on history, which would tie every hook to it."""
    below = {part(m) for m in dpup_imports(DPUP / "build.py")}
    subpackages = {p.name for p in DPUP.iterdir() if (p / "__init__.py").is_file()}
    assert below & subpackages <= {"content"}, (
        f"hooks/dpup/build.py imports {sorted(below & subpackages - {'content'})}: move the type it needs to "
        "content/ or a top-level module of dpup/."
    )


def test_the_core_imports_nothing_from_mkdocs():
    """So the policy logic would survive a move to another engine (Zensical runs no MkDocs hooks)."""
    found = {str(p.relative_to(ROOT)): m for p in CORE for m in imports(p) if m.split(".")[0] == "mkdocs"}
    assert not found, found


def test_the_core_keeps_no_state_outside_the_build():
    """Module globals are set once, by build.start(); everything else a build learns lives there."""
    for path in CORE + HOOKS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        globals_ = [n for n in ast.walk(tree) if isinstance(n, ast.Global)]
        allowed = {
            "hooks/dpup/build.py": {"_current"},  # the build under way
            "hooks/content.py": {"_command"},  # `build` or `serve`: once per process, before any build
            "hooks/dpup/pdf/tags.py": {"_installed"},
        }  # WeasyPrint patched once per process
        names = {name for g in globals_ for name in g.names}
        assert names <= allowed.get(str(path.relative_to(ROOT)), set()), f"{path.relative_to(ROOT)}: global {names}"


def test_each_hook_is_a_thin_adapter_listed_in_order():
    listed = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["hooks"]
    assert listed == [f"hooks/{h}.py" for h in dpup.HOOK_ORDER]
    assert sorted(p.stem for p in HOOKS) == sorted(dpup.HOOK_ORDER)
    for path in HOOKS:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines < 200, f"{path.name} has {lines} lines: move the logic into hooks/dpup/"


def test_the_hook_order_is_checked_with_a_named_error():
    assert dpup.hook_order_problems(list(dpup.HOOK_ORDER)) == []
    [problem] = dpup.hook_order_problems(["pages", "content", "search", "offline", "pdf"])
    assert str(problem).startswith(
        "mkdocs.yml: field 'hooks': the hooks must be listed in this order: "
        "hooks/content.py, hooks/safe_html.py, hooks/history.py"
    )
