"""Files are what they say: docs/ holds pages and images, data/ holds data files, nothing else.

A pull request can add any file to the content tree, and MkDocs publishes every file of docs/
and follows every link while it walks it. So before MkDocs reads anything (the content hook's
on_config), the tree is walked without following a link, and the build stops on:

- a symbolic link, to a file or a folder, or to nothing: one could publish any file of the
  build machine (`/etc/passwd`, `/proc/self/environ`) or walk its whole disk;
- anything that is neither a file nor a folder (a named pipe, a device, a socket): reading one
  waits for ever or reads a device;
- a file of a type the site does not publish from content: script, styles and SVG (which can
  hold script) are code, and live in overrides/ where a maintainer changes them;
- an image whose first bytes are not its type's ("files are what they claim": an HTML page
  renamed .png is refused), that has too many pixels, does not decode, or has bytes after its own
  end (images.py);
- a file larger than its type's limit;
- a file or folder name that Windows or macOS would refuse, misread or merge with another
  (file_names.py): the offline zip and every checkout carry the names as they are.

In docs/, names starting with '.' (an editor's swap file, .DS_Store) are never published (MkDocs
leaves them out), so plain files among them pass; links and pipes among them do not, as MkDocs
would still walk into a linked folder. data/ has no such exception: its folders are read whole.
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path

from . import file_names, images
from .errors import Problem
from .file_names import CONTROL

KB, MB = 1024, 1024 * 1024
# Limits, far above what the policy needs and far below what would slow the build or readers:
# the longest page is 22 KB and the build's work on a page grows with its length; every reader
# downloads an image and every PDF embeds it; the largest data file (laws.yml) is 25 KB.
PAGE_LIMIT = 200 * KB
IMAGE_LIMIT = 2 * MB
DATA_LIMIT = 512 * KB


def _webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


# The images a page may show, each with a test of its first bytes (its "magic number").
IMAGES = {
    ".png": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    ".jpg": lambda head: head.startswith(b"\xff\xd8\xff"),
    ".jpeg": lambda head: head.startswith(b"\xff\xd8\xff"),
    ".gif": lambda head: head.startswith((b"GIF87a", b"GIF89a")),
    ".webp": _webp,
}
# How to bring a file under its limit.
SMALLER = {".md": "split it into two pages", **{s: "save it with fewer pixels, or as WebP" for s in IMAGES}}


def problems(project: Path, made_by_the_build: tuple[str, ...] = ()) -> list[Problem]:
    """Every file of docs/ and data/ that is not a plain page, image or data file of its size, or
    that sits where the build makes pages (`made_by_the_build`: docs paths, a folder ends in '/')."""
    found: list[Problem] = []
    for folder in ("docs", "data"):
        top = project / folder
        if top.is_symlink():
            found.append(_linked(folder, top))
        elif top.is_dir():
            found += _walk(project, top)
    found += [
        Problem(
            _shown(f"docs/{path}"),
            None,
            None,
            "the build makes the page at this address (an audience view, a comparison or another "
            "generated page); a written file here would stand in for it or publish a page no menu "
            "lists. Remove it, and edit the pages it is made from instead.",
        )
        for path in _written(project / "docs")
        if path.startswith(made_by_the_build)
    ]
    return found


def _written(docs: Path) -> list[str]:
    """Every file under docs/, as a docs path (links are not followed: the walk above names them)."""
    return (
        sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file() and not p.is_symlink())
        if docs.is_dir() and not docs.is_symlink()
        else []
    )


def _walk(project: Path, top: Path) -> list[Problem]:
    """Check every entry under `top`, never following a link (a stack, not recursion: any depth)."""
    found, folders = [], [top]
    while folders:
        with os.scandir(folders.pop()) as listed:
            entries = sorted(listed, key=lambda e: e.name)
            clashes = file_names.case_clashes([entry.name for entry in entries])
            for entry in entries:
                path = Path(entry.path)
                name = path.relative_to(project).as_posix()
                if _shown(name) != name:  # a name that is not UTF-8: MkDocs cannot even make its address
                    found.append(Problem(_shown(name), None, None, "this name is not UTF-8 text; rename it."))
                    continue
                if wrong := file_names.problem(entry.name) or _clash(clashes.get(entry.name)):
                    found.append(Problem(_printable(name), None, None, wrong))
                    continue  # not even a folder's files: each would name it again
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISLNK(info.st_mode):
                    found.append(_linked(name, path))
                elif stat.S_ISDIR(info.st_mode):
                    folders.append(path)
                elif not stat.S_ISREG(info.st_mode):
                    found.append(
                        Problem(
                            _printable(name),
                            None,
                            None,
                            "this is not a file but a named pipe, device or socket, which the build "
                            "would wait on or read from the machine; remove it.",
                        )
                    )
                elif problem := _file_problem(project, name, path, info.st_size):
                    found.append(problem)
    return sorted(found, key=lambda p: p.file)


def _clash(other: str | None) -> str | None:
    """The message for a name that differs from `other`, in the same folder, only in case."""
    return (
        None
        if other is None
        else f"this name differs from '{_printable(other)}', in the same folder, only in case: Windows and "
        "macOS would see one file where Linux sees two. Rename one of them, or remove one."
    )


def _linked(name: str, path: Path) -> Problem:
    try:
        target = f" (to {os.readlink(path)})"
    except OSError:
        target = ""
    return Problem(
        _printable(name),
        None,
        None,
        f"this is a symbolic link{_printable(target)}, which the build does not follow: a link "
        "could publish any file of the build machine. Put the file or folder itself here, or remove "
        "the link.",
    )


def _file_problem(project: Path, name: str, path: Path, size: int) -> Problem | None:
    """What is wrong with one plain file, if anything."""
    suffix = path.suffix
    if name.startswith("data/"):
        return _typed(
            name,
            suffix,
            size,
            {".yml": DATA_LIMIT},
            "data/ holds only YAML data files, named .yml; rename it, or remove it.",
        )
    if any(part.startswith(".") for part in Path(name).parts):
        return None  # MkDocs neither publishes nor reads it
    allowed = {".md": PAGE_LIMIT, **{s: IMAGE_LIMIT for s in IMAGES}}
    if problem := _typed(name, suffix, size, allowed, _not_content(suffix)):
        return problem
    if (project / "overrides" / path.relative_to(project / "docs")).exists():
        # MkDocs would publish the docs/ file in place of the theme's.
        return Problem(
            name,
            None,
            None,
            "the site's own code (overrides/) has a file at this address, and a file "
            "in docs/ would take its place; rename it.",
        )
    if suffix not in IMAGES:
        return None
    with open(path, "rb") as f:
        head = f.read(16)
    if not IMAGES[suffix](head):
        return Problem(
            name,
            None,
            None,
            f"this file is named {suffix} but is not a {suffix[1:].upper()} image "
            "(its first bytes say otherwise); save the image again in that format "
            "and check its extension.",
        )
    wrong = images.problem(path, suffix)
    return Problem(name, None, None, wrong) if wrong else None


def _typed(name: str, suffix: str, size: int, limits: dict[str, int], wrong_type: str) -> Problem | None:
    """A problem if the file's type is not one of `limits`, or it is over its type's limit."""
    if suffix not in limits:
        lower = suffix.lower()
        return Problem(
            name, None, None, f"rename it to end in '{lower}' (lower case)." if lower in limits else wrong_type
        )
    if size > limits[suffix]:
        return Problem(
            name,
            None,
            None,
            f"this file is {_size(size)}, more than the {_size(limits[suffix])} a "
            f"{suffix} file may be; {SMALLER.get(suffix, 'make it smaller')}.",
        )
    return None


def _not_content(suffix: str) -> str:
    """Why a file of this type may not be in docs/, and what to do."""
    if suffix == ".svg":
        return (
            "SVG images are not allowed in docs/: an SVG can hold a script that would run on the site. Save "
            "it as PNG or WebP; the site's own SVGs (logo, icons) are code, in overrides/assets/images/, "
            "which a maintainer changes."
        )
    if suffix in (".js", ".mjs", ".css", ".html", ".htm"):
        return (
            "scripts, stylesheets and HTML files are not allowed in docs/: they would run or apply on the "
            "site. The site's own are code, in overrides/assets/, which a maintainer changes."
        )
    return (
        f"docs/ holds only pages (.md) and images ({', '.join(IMAGES)}); "
        f"{'this file has no extension' if not suffix else f'{suffix} is not one of them'}. "
        "Remove it, or link to where it is published."
    )


def _size(size: int) -> str:
    """Rounded up, so a file just over a limit does not read as the limit itself."""
    return f"{math.ceil(size * 10 / MB) / 10:g} MB" if size >= MB else f"{math.ceil(size / KB)} KB"


def _shown(name: str) -> str:
    """A name as text: bytes that are not UTF-8 (which Python keeps as surrogates) shown as \\x.."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _printable(text: str) -> str:
    """Control characters shown as '?', so a name cannot forge lines of the message."""
    return CONTROL.sub("?", text)
