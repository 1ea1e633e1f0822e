"""Earlier versions stay readable (bin/archive; README, "Earlier versions"): in a repository with two
tagged versions, bin/archive builds both into branch `versions` at v/<version>/, every page of each
says which version it is and links to the same page in the current version, and a second run
builds nothing. The downloads page lists the earlier versions.

The repository is a copy of the small fixture project (tests/engine.py: the project's code, a page
of each kind), sharing the build cache, with its history made here: the fixture as it is, tagged as
its newest version; then a page changed and one version more, tagged. What is tested is bin/archive
and the archived pages, which any pages show as well as the policy's.
"""

from __future__ import annotations

import datetime
import os
import posixpath
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

import engine
from checks import external_link_problems, html_parse_errors, internal_link_problems, parse
from conftest import ROOT, built_pages, soup
from dpup.content import model
from dpup.pdf import downloads
from dpup.pdf.editions import WHOLE
from dpup.text import page_url

CHANGED_PAGE = "docs/guides/consent.md"  # the fixture's; built at guides/consent/
NEW_TEXT = "This sentence is new in the second version."
CHANGE = "Adds a sentence for the second version."  # the page's change entry
OLD_WORDS, NEW_WORDS = "says no.", "does not agree."  # a few words changed on the same page
AROUND = "who will see it,"  # words before them in the same paragraph
GIT = {
    "GIT_AUTHOR_NAME": "Archive test",
    "GIT_AUTHOR_EMAIL": "archive@example.org",
    "GIT_COMMITTER_NAME": "Archive test",
    "GIT_COMMITTER_EMAIL": "archive@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}  # no one's own git settings
RUN = {**GIT, "DPUP_PDF": "0", "SOURCE_DATE_EPOCH": "1795996800"}  # 30 November 2026, 00:00 UTC


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, env={**os.environ, **GIT}, check=True, capture_output=True, text=True
    ).stdout


def archive(repo: Path) -> subprocess.CompletedProcess:
    start = time.perf_counter()
    done = subprocess.run(
        [str(repo / "bin" / "archive")],
        cwd=repo,
        env={**os.environ, **RUN},
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(f"bin/archive: {time.perf_counter() - start:.1f} s\n{done.stdout}")
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def two_versions(repo: Path) -> tuple[str, str]:
    """A repository of the project with two tagged versions: (first, second)."""
    engine.fixture_project(repo)
    (repo / "bin").mkdir()
    shutil.copy2(ROOT / "bin" / "archive", repo / "bin" / "archive")
    (repo / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    (repo / ".gitignore").write_text(".cache\n.venv\nsite/\n__pycache__/\n", encoding="utf-8")
    git(repo, "init", "--quiet", "--initial-branch", "main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "The first version")
    first, second = next_version(repo)
    git(repo, "tag", f"v{first}", "HEAD")
    git(repo, "commit", "--quiet", "--all", "--message", f"Version {second}")
    git(repo, "tag", f"v{second}")
    return first, second


def next_version(project: Path) -> tuple[str, str]:
    """Change a page and add a version to the top of data/versions.yml: (newest before, the new one)."""
    versions_file = project / "data" / "versions.yml"
    newest = yaml.safe_load(versions_file.read_text(encoding="utf-8"))["versions"][0]
    first = newest["version"]
    major, minor = first.split(".")[:2]
    second = f"{major}.{int(minor) + 1}"
    day = newest["date"] + datetime.timedelta(days=1)
    page = project / CHANGED_PAGE
    text = page.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{NEW_TEXT}\n"
    assert OLD_WORDS in text
    text = text.replace(OLD_WORDS, NEW_WORDS, 1)
    entry = f'changes:\n  - version: "{second}"\n    date: {day}\n    what: {CHANGE}\n'
    page.write_text(text.replace("\nkind: ", f"\n{entry}kind: ", 1), encoding="utf-8")
    entry = f'  - version: "{second}"\n    date: {day}\n    changes:\n      - The consent guide says something new.\n'
    text = versions_file.read_text(encoding="utf-8")
    versions_file.write_text(text.replace("versions:\n", "versions:\n" + entry, 1), encoding="utf-8")
    return first, second


BANNER = re.compile(r'<div class="[^"]*\bdpup-archived\b.*?</div>', re.DOTALL)


def banner_problems(version_site: Path, version: str, date: datetime.date) -> list[str]:
    """Every page of a version's site shows the banner: its version, its date, and a link that leads
    from /v/<version>/<page> to /<page>."""
    problems = []
    for path in built_pages(version_site):
        url = path.parent.relative_to(version_site).as_posix()
        url = "" if url == "." else url + "/"
        found = BANNER.search(path.read_text(encoding="utf-8"))  # quicker than parsing the whole page
        banner = parse(found.group(0)).div if found else None
        if banner is None or banner.get("role") != "note":
            problems.append(f"{url or 'home'}: no banner")
            continue
        text = " ".join(banner.get_text(" ").split())
        if f"version {version} of this edition, published {date.day} {date:%B %Y}" not in text:
            problems.append(f"{url or 'home'}: the banner says {text!r}")
        link = banner.find("a", href=True)
        target = posixpath.normpath(posixpath.join(f"v/{version}/{url}", link["href"])) if link else None
        if target != posixpath.normpath(url or "."):
            problems.append(f"{url or 'home'}: the banner links to {link and link['href']!r}, not to /{url}")
    return problems


@pytest.mark.heavy
def test_two_tagged_versions_are_built_kept_and_never_rebuilt(tmp_path):
    repo = tmp_path / "repo"
    first, second = two_versions(repo)
    dates = {
        v["version"]: v["date"]
        for v in yaml.safe_load((repo / "data" / "versions.yml").read_text(encoding="utf-8"))["versions"]
    }

    built = archive(repo)
    assert [line.split(" (")[0] for line in built.stdout.splitlines()] == [f"{first}: built", f"{second}: built"]

    kept = tmp_path / "kept"
    kept.mkdir()
    subprocess.run(f"git archive versions | tar -x -C {kept}", shell=True, cwd=repo, check=True)
    for version in (first, second):
        assert (kept / "v" / version / "index.html").is_file()
        assert banner_problems(kept / "v" / version, version, dates[version]) == []
        # Published at <site_url>v/<version>/, not where mike's own plugin would put it.
        canonical = soup(kept / "v" / version / "index.html").find("link", rel="canonical")["href"]
        assert canonical.endswith(f"/v/{version}/"), canonical
    assert not list(kept.rglob("version-select*")), "mike's version selector was added"

    # Each version is built from its own tag.
    page = Path(page_url(CHANGED_PAGE.removeprefix("docs/"))) / "index.html"
    assert NEW_TEXT not in (kept / "v" / first / page).read_text(encoding="utf-8")
    assert NEW_TEXT in (kept / "v" / second / page).read_text(encoding="utf-8")

    # The second version compares the changed page with the first, word for word, from the text
    # the first one kept; its "What changed" list links there, and its feed lists the change.
    compared = soup(kept / "v" / second / "compare" / page)
    added = [" ".join(ins.get_text(" ").split()) for ins in compared.select(".dpup-compare ins")]
    taken_out = [" ".join(d.get_text(" ").split()) for d in compared.select(".dpup-compare del")]
    assert added == [f"Added: {NEW_WORDS.rstrip('.')}", f"Added: {NEW_TEXT}"] or added == [
        f"Added: {NEW_WORDS}",
        f"Added: {NEW_TEXT}",
    ], added
    assert taken_out in ([f"Taken out: {OLD_WORDS}"], [f"Taken out: {OLD_WORDS.rstrip('.')}"]), taken_out
    changed_block = compared.select_one(".dpup-compare del").parent.get_text(" ")
    assert AROUND in changed_block, "the words around a change are shown"
    assert f"version {first} to {second}" in compared.h1.get_text()
    changed = soup(kept / "v" / second / page)
    assert changed.find(
        "a", href=f"../../compare/{page.parent.as_posix()}/", string=f"See the words that changed since version {first}"
    )
    feed = (kept / "v" / second / "feeds" / "changes.xml").read_text(encoding="utf-8")
    assert f"<summary>{CHANGE}</summary>" in feed
    assert not (kept / "v" / first / "compare").exists(), "the first version has nothing to compare with"

    # The banner check fails on a page without the banner.
    home = kept / "v" / first / "index.html"
    page_html = soup(home)
    page_html.find(class_="dpup-archived").decompose()
    home.write_text(str(page_html), encoding="utf-8")
    assert banner_problems(kept / "v" / first, first, dates[first]) == ["home: no banner"]

    # A second run builds nothing and says so.
    head = git(repo, "rev-parse", "versions")
    again = archive(repo)
    assert again.stdout.splitlines() == [f"{first}: already kept", f"{second}: already kept"]
    assert git(repo, "rev-parse", "versions") == head


def test_the_downloads_page_lists_earlier_versions_on_the_published_site(tmp_path):
    """Each version but the newest, with its site and its whole-policy PDF at /v/<version>/ of the
    published site: absolute addresses, which the link checks leave alone (no build holds v/)."""
    project = engine.fixture_project(tmp_path / "project")
    first, second = next_version(project)
    versions = model.load_data(project / "data").versions
    assert [v.version for v in versions[:2]] == [second, first]
    assert downloads.earlier_versions_html([], "https://example.org/site/v/", WHOLE) == ""  # one version only

    listed = downloads.earlier_versions_html(versions[1:], "https://example.org/site/v/", WHOLE)
    page = parse(listed)
    hrefs = [a["href"] for a in page.find_all("a")]
    assert hrefs[:2] == [f"https://example.org/site/v/{first}/", f"https://example.org/site/v/{first}/pdf/dpup.pdf"]
    assert f"published {versions[1].date.day} {versions[1].date:%B %Y}" in " ".join(page.get_text(" ").split())
    assert internal_link_problems(tmp_path, tmp_path / "index.html", page) == []
    assert external_link_problems(page) == []
    assert html_parse_errors(f"<!doctype html><title>Downloads</title>{listed}") == []


def test_the_archive_workflow_builds_read_only_and_pushes_without_project_code():
    """As in deploy.yml: the job that runs project code may only read; the job that writes runs only git."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/archive.yml").read_text(encoding="utf-8"))
    assert workflow[True] == {"push": {"tags": ["v*"]}}  # YAML reads the key `on` as true
    assert workflow["permissions"] == {"contents": "read"}
    build, push = workflow["jobs"]["build"], workflow["jobs"]["push"]
    assert "write" not in build["permissions"].values()
    assert any(step.get("run") == "bin/setup && bin/archive" for step in build["steps"])
    assert push["needs"] == "build" and push["permissions"] == {"contents": "write"}
    assert all(step["run"].lstrip().startswith("git ") for step in push["steps"] if "run" in step)
    for step in build["steps"] + push["steps"]:
        assert "uses" not in step or re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    deploy = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    steps = [step.get("run", "") for step in deploy["jobs"]["build"]["steps"]]
    assert steps.index("bin/build") < next(i for i, run in enumerate(steps) if "| tar -x -C site" in run)
