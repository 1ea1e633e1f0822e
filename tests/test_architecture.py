"""The shape of the code: a core free of MkDocs, thin hooks in a checked order, no hidden state."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

import dpup
from conftest import ROOT

CORE = sorted((ROOT / "hooks" / "dpup").rglob("*.py"))
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


def test_the_core_imports_nothing_from_mkdocs():
    """So the policy logic would survive a move to another engine (Zensical runs no MkDocs hooks)."""
    found = {str(p.relative_to(ROOT)): m for p in CORE for m in imports(p) if m.split(".")[0] == "mkdocs"}
    assert not found, found


def test_the_core_keeps_no_state_outside_the_build():
    """Module globals are set once, by build.start(); everything else a build learns lives there."""
    for path in CORE + HOOKS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        globals_ = [n for n in ast.walk(tree) if isinstance(n, ast.Global)]
        allowed = {"hooks/dpup/build.py": {"_current"},  # the build under way
                   "hooks/content.py": {"_command"},  # `build` or `serve`: once per process, before any build
                   "hooks/dpup/pdf/tags.py": {"_installed"}}  # WeasyPrint patched once per process
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
    assert str(problem).startswith("mkdocs.yml: field 'hooks': the hooks must be listed in this order: "
                                   "hooks/content.py, hooks/history.py, hooks/pages.py")
