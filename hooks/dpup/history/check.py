"""The change-entry check (issue #17): a page whose text changed must say so in `changes:`.

Between a base and a head commit, every `docs/**/*.md` page whose body changed (after the front
matter, whitespace normalised, so re-wrapping a paragraph or editing only front matter is no text
change) must gain an entry in its `changes:` list: an entry at head that was not there at base.
A new page needs one too (the version it first appears in): a page with none says no change to
it is recorded since the first edition. Deleted pages are ignored; a renamed page is compared
with its old self.
A typo fix is marked with a line `changes: minor` in a commit message between base and head or in
the pull request's description: the pages are still listed, but the check passes.

`bin/check-changes <base-ref> [<head-ref>]` runs it on the repository you are in; the Check
workflow runs it on every pull request, with the description in PR_BODY.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content.model import split_front_matter

# A line of its own saying `changes: minor` (any case; backticks and a list bullet allowed).
MINOR = re.compile(r"^[ \t]*(?:[-*][ \t]+)?`?changes:[ \t]*minor`?[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)

FIX = ("Add one (version, date, one sentence on what changed), or mark a typo fix with a line "
       "'changes: minor' in the pull request description or a commit message.")


class GitError(Exception):
    """A git command failed: usually a ref that is not there (fetch the whole history)."""


@dataclass(frozen=True)
class Result:
    pages: list[str]  # repository paths of the pages whose text changed with no new entry
    minor: bool  # a 'changes: minor' line was found: report the pages, but pass

    @property
    def passed(self) -> bool:
        return self.minor or not self.pages

    def lines(self) -> list[str]:
        if self.minor:
            return [f"{page}: the text changed with no new entry in 'changes:'; passed as a typo fix "
                    "('changes: minor')." for page in self.pages]
        return [f"{page}: the text changed but 'changes:' has no new entry. {FIX}" for page in self.pages]


def check(repo: Path, base: str, head: str = "HEAD", description: str = "") -> Result:
    """Pages changed between `base` and `head` (as a pull request compares them: from their merge
    base) whose text changed with no new change entry, and whether the change is marked minor."""
    merge_base = _git(repo, "merge-base", base, head).strip()
    pages = [new for old, new in changed_pages(repo, merge_base, head)
             if text_changed_without_entry(_show(repo, merge_base, old) if old else "", _show(repo, head, new))]
    messages = _git(repo, "log", "--format=%B", f"{base}..{head}")
    return Result(pages, minor=bool(MINOR.search(messages) or MINOR.search(description or "")))


def changed_pages(repo: Path, base: str, head: str) -> list[tuple[str | None, str]]:
    """(path at base, path at head) of every Markdown page under docs/ added, modified or renamed
    between the two commits; an added page has no path at base (None). Deleted pages are left out."""
    out = _git(repo, "diff", "--name-status", "-z", "-M", "--no-ext-diff", "--no-textconv",
               base, head, "--", ":(top)docs").split("\0")
    pairs, i = [], 0
    while i < len(out) - 1:
        status = out[i]
        if status.startswith(("R", "C")):
            old, new, i = out[i + 1], out[i + 2], i + 3
        else:
            old = new = out[i + 1]
            i += 2
        if status.startswith(("M", "R", "T", "A")) and new.endswith(".md"):
            pairs.append((None if status.startswith("A") else old, new))
    return pairs


def text_changed_without_entry(before: str, after: str) -> bool:
    """True when the body changed (whitespace aside) and `changes:` gained no entry."""
    yaml_before, body_before, _ = split_front_matter(before)
    yaml_after, body_after, _ = split_front_matter(after)
    if " ".join(body_before.split()) == " ".join(body_after.split()):
        return False
    old = [_key(e) for e in _entries(yaml_before)]
    for entry in map(_key, _entries(yaml_after)):
        if entry in old:
            old.remove(entry)  # each old entry matches one entry at head
        else:
            return False  # an entry that was not there before
    return True


def _entries(front_matter: str | None) -> list:
    """The `changes:` list of a page's front matter; [] when there is none or it cannot be read
    (the build names a malformed front matter itself)."""
    try:
        meta = yaml.safe_load(front_matter or "")
    except yaml.YAMLError:
        return []
    changes = meta.get("changes") if isinstance(meta, dict) else None
    return changes if isinstance(changes, list) else []


def _key(entry) -> str:
    return json.dumps(entry, sort_keys=True, default=str)


def _show(repo: Path, commit: str, path: str) -> str:
    return _git(repo, "cat-file", "blob", f"{commit}:{path}")


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True)
    if result.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout.decode("utf-8", "replace")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bin/check-changes",
        description="List the pages whose text changed with no new entry in their 'changes:' front matter. "
                    "The pull request's description, if any, is read from the environment variable PR_BODY.")
    parser.add_argument("base", help="the ref the changes are compared with, e.g. origin/main")
    parser.add_argument("head", nargs="?", default="HEAD", help="the ref with the changes (default HEAD)")
    args = parser.parse_args(argv)
    try:
        repo = Path(_git(Path.cwd(), "rev-parse", "--show-toplevel").strip())
        result = check(repo, args.base, args.head, os.environ.get("PR_BODY", ""))
    except GitError as error:
        print(f"bin/check-changes: {error}\nBoth refs must be in this repository, with the history "
              "between them (in CI: fetch-depth: 0).", file=sys.stderr)
        return 2
    for line in result.lines():
        print(line)
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
