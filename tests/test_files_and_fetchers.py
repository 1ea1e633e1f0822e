"""Files are what they say, links are read as a browser reads them, and WeasyPrint sees only the
built site (issue 26, class 3). Each test would fail without its defence.

Most are unit tests on small folders; one builds a hostile copy of the project, to prove the
content hook refuses links and pipes before MkDocs reads or follows them.
"""

from __future__ import annotations

import base64
import io
import os
import struct
import time
import unicodedata
import zlib
from pathlib import Path

import pytest
from PIL import Image

from conftest import ROOT, copy_project
from dpup import local, offline
from dpup.content import files, links, sanitise
from dpup.content.errors import ContentError

# The smallest valid image of each type (1 x 1 pixel).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
HTML = b"<!doctype html><script>alert(document.domain)</script>"


def saved(kind: str, size: tuple[int, int] = (1, 1), mode: str = "RGB", **options) -> bytes:
    """A real image, as Pillow (pinned) saves it."""
    out = io.BytesIO()
    Image.new(mode, size, "white").save(out, kind, **options)
    return out.getvalue()


JPEG = saved("JPEG")
WEBP = saved("WEBP", lossless=True)


def project(tmp_path: Path) -> Path:
    """A tiny project: one page, one data file, one image, and the site's own logo in overrides/."""
    for folder in ("docs/assets/images", "data/tools", "overrides/assets/images"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "docs/index.md").write_text("---\ntitle: Home\n---\nText.\n", encoding="utf-8")
    (tmp_path / "docs/assets/images/ok.png").write_bytes(PNG)
    (tmp_path / "data/audiences.yml").write_text("- id: a\n", encoding="utf-8")
    (tmp_path / "data/tools/quiz.yml").write_text("id: q\n", encoding="utf-8")
    (tmp_path / "overrides/assets/images/logo.svg").write_text("<svg/>", encoding="utf-8")
    return tmp_path


def found(tmp_path: Path) -> dict[str, str]:
    return {p.file: p.message for p in files.problems(tmp_path)}


# --- files are what they say ------------------------------------------------------------


def test_the_project_and_a_plain_tree_pass():
    assert files.problems(ROOT) == []


def test_a_tiny_project_passes(tmp_path):
    assert found(project(tmp_path)) == {}


def test_symbolic_links_are_refused_to_a_file_a_folder_or_nothing(tmp_path):
    p = project(tmp_path)
    (p / "docs/x.md").symlink_to("/etc/passwd")
    (p / "docs/leak").symlink_to("/", target_is_directory=True)
    (p / "data/laws.yml").symlink_to(p / "nowhere.yml")
    (p / "docs/.hidden").mkdir()
    (p / "docs/.hidden/environ").symlink_to("/proc/self/environ")
    start = time.perf_counter()
    problems = found(p)
    assert time.perf_counter() - start < 2, "the walk followed a link"
    assert set(problems) == {"docs/x.md", "docs/leak", "data/laws.yml", "docs/.hidden/environ"}
    assert problems["docs/x.md"] == (
        "this is a symbolic link (to /etc/passwd), which the build does not follow: "
        "a link could publish any file of the build machine. Put the file or folder "
        "itself here, or remove the link."
    )


def test_a_linked_content_folder_is_refused(tmp_path):
    p = project(tmp_path)
    (p / "data").rename(p / "elsewhere")
    (p / "data").symlink_to(p / "elsewhere", target_is_directory=True)
    assert list(found(p)) == ["data"]


def test_pipes_are_refused_without_waiting_on_them(tmp_path):
    p = project(tmp_path)
    os.mkfifo(p / "docs/x.md")
    os.mkfifo(p / "data/glossary.yml")
    problems = found(p)  # reading either would wait for ever
    assert set(problems) == {"docs/x.md", "data/glossary.yml"}
    assert "named pipe" in problems["docs/x.md"]


@pytest.mark.parametrize(
    "name, content",
    [("ok.png", PNG), ("ok.gif", GIF), ("ok.jpg", JPEG), ("ok.jpeg", JPEG), ("ok.webp", WEBP)],
)
def test_each_image_type_passes_with_its_own_first_bytes(tmp_path, name, content):
    p = project(tmp_path)
    (p / "docs/assets/images" / name).write_bytes(content)
    assert found(p) == {}
    (p / "docs/assets/images" / name).write_bytes(HTML)
    assert list(found(p)) == [f"docs/assets/images/{name}"]


def test_an_html_file_named_png_is_refused(tmp_path):
    p = project(tmp_path)
    (p / "docs/assets/images/x.png").write_bytes(HTML)
    (p / "docs/assets/images/y.png").write_bytes(GIF)  # a real image, of another type
    problems = found(p)
    assert problems["docs/assets/images/x.png"] == (
        "this file is named .png but is not a PNG image (its first bytes say otherwise); save the image again "
        "in that format and check its extension."
    )
    assert "docs/assets/images/y.png" in problems


def test_svg_and_code_are_refused_in_docs_and_point_to_overrides(tmp_path):
    p = project(tmp_path)
    for name in ("x.svg", "x.js", "x.css", "x.html", "x.yml", "x.pdf", "README"):
        (p / "docs" / name).write_text("<svg onload=alert(1)>", encoding="utf-8")
    problems = found(p)
    assert set(problems) == {f"docs/{n}" for n in ("x.svg", "x.js", "x.css", "x.html", "x.yml", "x.pdf", "README")}
    assert "an SVG can hold a script that would run on the site" in problems["docs/x.svg"]
    assert "overrides/assets/images/" in problems["docs/x.svg"]
    assert "overrides/assets/" in problems["docs/x.js"]


def test_data_holds_only_yml(tmp_path):
    p = project(tmp_path)
    (p / "data/x.yaml").write_text("a: 1\n", encoding="utf-8")
    (p / "data/tools/x.md").write_text("a\n", encoding="utf-8")
    (p / "data/.x.yml").write_text("a: 1\n", encoding="utf-8")  # read like any other: no exception for dots
    (p / "data/.DS_Store").write_bytes(b"\0")
    assert set(found(p)) == {"data/x.yaml", "data/tools/x.md", "data/.DS_Store"}


def test_upper_case_extensions_are_named(tmp_path):
    p = project(tmp_path)
    (p / "docs/Page.MD").write_text("x", encoding="utf-8")  # MkDocs would publish it as a plain file
    (p / "docs/assets/images/photo.JPG").write_bytes(JPEG)
    assert found(p) == {
        "docs/Page.MD": "rename it to end in '.md' (lower case).",
        "docs/assets/images/photo.JPG": "rename it to end in '.jpg' (lower case).",
    }


def test_sizes_are_limited(tmp_path):
    p = project(tmp_path)
    (p / "docs/long.md").write_text("x" * (files.PAGE_LIMIT + 1), encoding="utf-8")
    (p / "docs/assets/images/big.png").write_bytes(PNG + b"\0" * files.IMAGE_LIMIT)
    (p / "data/big.yml").write_text("#" * (files.DATA_LIMIT + 1), encoding="utf-8")
    (p / "docs/fits.md").write_text("x" * files.PAGE_LIMIT, encoding="utf-8")
    problems = found(p)
    assert set(problems) == {"docs/long.md", "docs/assets/images/big.png", "data/big.yml"}
    assert problems["docs/long.md"] == (
        "this file is 201 KB, more than the 200 KB a .md file may be; split it into two pages."
    )
    assert problems["docs/assets/images/big.png"] == (
        "this file is 2.1 MB, more than the 2 MB a .png file may be; save it with fewer pixels, or as WebP."
    )


def test_hidden_plain_files_in_docs_pass(tmp_path):
    """MkDocs neither publishes nor reads them; an editor's swap file must not stop bin/serve."""
    p = project(tmp_path)
    (p / "docs/.index.md.swp").write_bytes(b"\0\1")
    (p / "docs/.obsidian").mkdir()
    (p / "docs/.obsidian/app.json").write_text("{}", encoding="utf-8")
    assert found(p) == {}


def test_a_content_file_may_not_take_the_place_of_the_sites_code(tmp_path):
    p = project(tmp_path)
    (p / "overrides/assets/images/badge.png").write_bytes(PNG)
    (p / "docs/assets/images/badge.png").write_bytes(PNG)  # MkDocs prefers docs/ to the theme
    assert list(found(p)) == ["docs/assets/images/badge.png"]


def test_control_characters_in_a_name_cannot_forge_a_line(tmp_path):
    p = project(tmp_path)
    (p / "docs/a\nb.md").write_text("x", encoding="utf-8")
    assert found(p) == {"docs/a?b.md": "this file name holds a control character (a line break or tab); rename it."}


# --- names every system can hold ----------------------------------------------------------

RED_TEAM_NAME = "x\\..\\..\\..\\..\\Users\\Public\\Desktop\\policy.png"


@pytest.mark.parametrize(
    "name, says",
    [
        (RED_TEAM_NAME, "which Windows does not allow in a file name"),
        *[(f"a{c}b.md", "which Windows does not allow in a file name") for c in '<>:"|?*'],
        ("page.md.", "ends in a dot or a space"),
        ("page.md ", "ends in a dot or a space"),
        ("CON", "a name Windows keeps for a device"),
        ("con.md", "a name Windows keeps for a device"),
        ("Nul.png", "a name Windows keeps for a device"),
        ("aux.tar.md", "a name Windows keeps for a device"),
        ("PRN .md", "a name Windows keeps for a device"),
        ("com1.md", "a name Windows keeps for a device"),
        ("LPT9.md", "a name Windows keeps for a device"),
        ("a\tb.md", "control character"),
        # Red team 6: a name that reads backwards ("x\u202egnp.png" shows as "xpng.png"), and
        # one that looks like another's.
        ("x\u202egnp.png", "invisible character (U+202E)"),
        ("pol\u200bicy.md", "invisible character (U+200B)"),
    ],
)
def test_names_windows_cannot_hold_are_refused(tmp_path, name, says):
    p = project(tmp_path)
    (p / "docs" / name).write_bytes(PNG if name.endswith(".png") else b"x")
    problems = found(p)
    shown = name.replace("\t", "?")
    assert list(problems) == [f"docs/{shown}"]
    assert says in problems[f"docs/{shown}"] and "rename it" in problems[f"docs/{shown}"]


def test_the_red_teams_backslash_name_is_named_with_its_fix(tmp_path):
    p = project(tmp_path)
    (p / "docs/assets/images" / RED_TEAM_NAME).write_bytes(PNG)
    assert found(p) == {
        f"docs/assets/images/{RED_TEAM_NAME}": "this name holds \\, which Windows does not allow in a file name "
        "(a backslash would be read as a folder, even outside the site); rename it, with letters, digits and hyphens."
    }


def test_names_close_to_the_refused_ones_pass(tmp_path):
    p = project(tmp_path)
    for name in ("console.md", "com10.md", "nullable.md", "auxiliary.md", "lpt.md", "a.b.md", "con-tract.md", "x.md"):
        (p / "docs" / name).write_text("x", encoding="utf-8")
    (p / "docs/.x.md.swp").write_bytes(b"\0")
    assert found(p) == {}


def test_a_folder_with_such_a_name_is_named_once_and_hidden_names_are_checked_too(tmp_path):
    p = project(tmp_path)
    (p / "docs/CON").mkdir()
    (p / "docs/CON/page.md").write_text("x", encoding="utf-8")
    (p / "docs/CON/other.md").write_text("x", encoding="utf-8")
    (p / "data/a:b").mkdir()
    (p / "data/a:b/x.yml").write_text("a: 1\n", encoding="utf-8")
    (p / "docs/.swap\\x").write_bytes(b"\0")  # never published, but no Windows checkout could hold it
    assert set(found(p)) == {"docs/CON", "data/a:b", "docs/.swap\\x"}


def test_names_that_differ_only_in_case_are_refused(tmp_path):
    p = project(tmp_path)
    (p / "docs/Guide.md").write_text("x", encoding="utf-8")
    (p / "docs/guide.md").write_text("x", encoding="utf-8")
    (p / "docs/Assets").mkdir()  # beside docs/assets: one folder on Windows and macOS
    (p / "docs/Assets/other.png").write_bytes(PNG)
    (p / "data/" / unicodedata.normalize("NFD", "café.yml")).write_text("a: 1\n", encoding="utf-8")
    (p / "data/" / unicodedata.normalize("NFC", "café.yml")).write_text("a: 1\n", encoding="utf-8")
    problems = found(p)
    assert set(problems) == {"docs/guide.md", "docs/assets", f"data/{unicodedata.normalize('NFC', 'café.yml')}"}
    assert problems["docs/guide.md"] == (
        "this name differs from 'Guide.md', in the same folder, only in case: Windows and macOS would see one "
        "file where Linux sees two. Rename one of them, or remove one."
    )


def test_the_offline_zip_never_writes_a_backslash_or_a_parent_folder(tmp_path):
    site = tmp_path / "site"
    (site / "assets/images").mkdir(parents=True)
    (site / "assets/images/ok.png").write_bytes(PNG)
    offline.write_zip(site, tmp_path / "ok.zip")
    (site / "assets/images" / RED_TEAM_NAME).write_bytes(PNG)
    with pytest.raises(ContentError, match=r"backslash or a '\.\.' part.*Rename the file in docs/"):
        offline.write_zip(site, tmp_path / "bad.zip")
    for name in ("../x.png", "a/../../x.png", "a\\b.png", "a\nb\\c"):
        with pytest.raises(ContentError, match="offline zip") as error:
            offline.entry_name(name)
        assert "\n" not in str(error.value).split(":", 1)[1].split("\n  ", 1)[1]
    assert offline.entry_name("a/b..c.png") == f"{offline.TOP}/a/b..c.png"


# --- images are images, of a size readers and the PDFs can draw ------------------------------


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header(width: int, height: int) -> bytes:
    """A PNG that says it is width x height (1 bit, greyscale) and holds no pixels: its header is
    all the check may read before it refuses the size."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def image_problem(tmp_path: Path, name: str, content: bytes) -> str | None:
    p = tmp_path if (tmp_path / "docs").is_dir() else project(tmp_path)
    (p / "docs/assets/images" / name).write_bytes(content)
    return found(p).get(f"docs/assets/images/{name}")


@pytest.mark.parametrize(
    "width, height, says",
    [
        (40_000, 40_000, "this image has far more pixels than an image may have"),  # the red team's 1.6 gigapixels
        (6_000, 5_000, "this image is 6,000 × 5,000 pixels, more than an image may be"),
        (5_000, 5_001, "this image is 5,000 × 5,001 pixels"),
        (10_001, 1, "this image is 10,001 × 1 pixels"),
    ],
)
def test_images_with_too_many_pixels_are_refused_from_their_header(tmp_path, width, height, says):
    start = time.perf_counter()
    problem = image_problem(tmp_path, "big.png", png_header(width, height))
    assert time.perf_counter() - start < 2, "the check decoded the image"
    assert problem is not None and problem.startswith(says)
    assert problem.endswith(
        "(25 megapixels, and 10,000 pixels a side); every reader's browser and every PDF would decode it. "
        "Save it with fewer pixels."
    )


def test_an_image_at_the_limits_passes(tmp_path):
    assert image_problem(tmp_path, "square.png", saved("PNG", (5_000, 5_000), mode="1")) is None
    assert image_problem(tmp_path, "strip.png", saved("PNG", (10_000, 1))) is None


@pytest.mark.parametrize(
    "name, content",
    [
        ("consent-form.gif", b'GIF89a=0;/*\0\0\0*/;var s=new ActiveXObject("WScript.Shell");s.Run("calc");'),
        ("small.gif", b'GIF89a\x01\x00\x01\x00\x00\x00\x00;var s=new ActiveXObject("WScript.Shell");'),
        ("script.png", b"\x89PNG\r\n\x1a\n<script>alert(1)</script>"),
        ("cut.png", saved("PNG", (64, 64), mode="L")[:-40]),  # ends inside its pixels
        ("empty.png", png_header(2, 2)),  # every chunk in place, but no pixels in them
        ("cut.jpg", JPEG[:200]),
        ("cut.webp", WEBP[:20]),
    ],
)
def test_a_file_that_starts_like_an_image_but_is_not_one_is_refused(tmp_path, name, content):
    problem = image_problem(tmp_path, name, content)
    assert problem is not None and "save it again as" in problem.replace("Save", "save")


@pytest.mark.parametrize(
    "content",
    [
        b'GIF89a=0;/*\0\0\0*/;var s=new ActiveXObject("WScript.Shell");s.Run("calc");',  # the red team's
        b'GIF89a\x01\x00\x01\x00\x00\x00\x00;var s=new ActiveXObject("WScript.Shell");',  # 1 x 1, no image in it
    ],
)
def test_the_red_teams_polyglot_gif_is_refused_as_a_gif_that_does_not_decode(tmp_path, content):
    assert image_problem(tmp_path, "consent-form.gif", content) == (
        "this file starts like a GIF image but does not decode as one (it is broken, or something else in "
        "disguise); open it in an image editor, save it again as .gif, and check its extension."
    )


SCRIPT = b'/*\0*/;var s=new ActiveXObject("WScript.Shell");'


@pytest.mark.parametrize("name, content", [("a.png", PNG), ("a.gif", GIF), ("a.jpg", JPEG), ("a.webp", WEBP)])
def test_bytes_after_an_images_end_are_refused(tmp_path, name, content):
    kind = {"a.png": "PNG", "a.gif": "GIF", "a.jpg": "JPEG", "a.webp": "WEBP"}[name]
    assert image_problem(tmp_path, name, content) is None
    assert image_problem(tmp_path, name, content + SCRIPT) == (
        f"this {kind} image is not the image alone: it has {len(SCRIPT)} bytes after its end, which a browser "
        f"ignores but which can hide a script or another file. Open it in an image editor and save it again "
        f"as .{name.split('.')[1]}."
    )


def frames() -> bytes:
    """An animated GIF: three frames, each with its own colours, and a comment."""
    first, *rest = [Image.new("P", (8, 8), i) for i in range(3)]
    out = io.BytesIO()
    first.save(out, "GIF", save_all=True, append_images=rest, comment=b"made by a test", loop=0)
    return out.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [
        ("progressive.jpg", saved("JPEG", (64, 48), progressive=True, optimize=True)),
        # an EXIF block holding bytes that look like a JPEG's end, as a thumbnail would
        ("exif.jpg", saved("JPEG", (16, 16), exif=b"Exif\0\0" + b"\xff\xd8\xff\xd9" * 8)),
        ("restarts.jpg", saved("JPEG", (256, 256), mode="L", restart_marker_blocks=1)),
        ("cmyk.jpg", saved("JPEG", (16, 16), mode="CMYK")),
        ("animated.gif", frames()),
        ("greys.png", saved("PNG", (300, 200), mode="L", optimize=True)),
        ("lossy.webp", saved("WEBP", (64, 64), quality=50)),
    ],
)
def test_real_images_of_every_kind_pass(tmp_path, name, content):
    assert image_problem(tmp_path, name, content) is None


def test_the_build_refuses_links_and_pipes_before_mkdocs_reads_them(tmp_path):
    """Through a real build: MkDocs would publish a linked page, walk a linked folder (all of `/`)
    and wait for ever on a pipe; the content hook's on_config stops it first, in seconds."""
    copy = copy_project(tmp_path / "project")
    (copy / "docs/leak.md").symlink_to("/etc/passwd")
    (copy / "docs/leak.txt").symlink_to("/etc/passwd")  # without the check, published as site/leak.txt
    (copy / "docs/leak").symlink_to("/", target_is_directory=True)
    os.mkfifo(copy / "docs/waiting.md")
    (copy / "docs/assets/images").mkdir(parents=True)
    (copy / "docs/assets/images/x.png").write_bytes(HTML)
    start = time.perf_counter()
    result = local.build(copy, tmp_path / "site", env={"DPUP_PDF": "0", "DPUP_STOCK_SEARCH": "1"}, timeout=240)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "The policy content has 5 problems:" in output
    for name in (
        "docs/leak.md: this is a symbolic link (to /etc/passwd)",
        "docs/leak.txt: this is a symbolic link",
        "docs/leak: this is a symbolic link (to /)",
        "docs/waiting.md: this is not a file but a named pipe",
        "docs/assets/images/x.png: this file is named .png but is not a PNG image",
    ):
        assert name in output, output[-3000:]
    assert "root:x:0:0" not in output and not (tmp_path / "site").exists()
    assert time.perf_counter() - start < 120


# --- links are read with an HTML parser ---------------------------------------------------

URLS = {
    "",
    "index.html",
    "principles/",
    "principles/index.html",
    "principles/he-tangata/",
    "principles/he-tangata/index.html",
    "assets/images/ok.png",
}
HERE = "principles/he-tangata/"


def link_problems(prose: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in links.problems("docs/principles/he-tangata.md", 10, prose, HERE, URLS)]


NOWHERE = (
    "'nowhere/' goes to no page or file of this site; check the path (it is read from this page's address), "
    "or use a Markdown link, which the build checks."
)
ABSOLUTE = (
    "the address '/etc/passwd' starts with '/', so it is read from the web server's root, not from this "
    "site's; write the path from this page instead, or use a Markdown link, which the build checks."
)
FILE = (
    "the address 'file:///etc/passwd' is not allowed: a raw link goes to a page or file of this site, or to "
    "another site (https:), an email address (mailto:) or a phone number (tel:)."
)


@pytest.mark.parametrize(
    "html",
    [
        '<a title=">" href="nowhere/">x</a>',  # a quoted > ended the old pattern's tag
        "<a title='>' href='nowhere/'>x</a>",
        "<a href=nowhere/>x</a>",  # unquoted
        '<A HREF="nowhere/">x</A>',
        '<a href = "nowhere/" >x</a>',
        '<a/href="nowhere/">x</a>',  # a slash separates attributes, as a space does
        '<a class="x" href="../" href="nowhere/">x</a>',  # the second of two
        '<a href="&#110;owhere/">x</a>',  # an entity is decoded
        '<a href="  nowhere/  ">x</a>',  # spaces around an address are dropped
    ],
)
def test_tricky_raw_links_are_found(html):
    assert link_problems(f"Text.\n\n{html}\n") == [(12, NOWHERE)]


def test_a_newline_inside_the_tag_gives_the_line_it_starts_on():
    assert link_problems('One.\n\n<a\n  title=">"\n  href="nowhere/">x</a>\n') == [(12, NOWHERE)]


@pytest.mark.parametrize(
    "html, message",
    [
        ('<a rel="attachment" title=">" href="/etc/passwd">x</a>', ABSOLUTE),
        ('<a href="\\etc\\passwd">x</a>', ABSOLUTE),  # a browser reads \ as /
        ('<a href="file:///etc/passwd">x</a>', FILE),
        ('<a href="&#x66;ile:///etc/passwd">x</a>', FILE),
        ('<a href="fi&Tab;le:///etc/passwd">x</a>', FILE),  # a browser drops tabs from an address
        ("<A HREF=FILE:///etc/passwd>x</A>", FILE.replace("file:", "FILE:", 1)),
    ],
)
def test_absolute_paths_and_file_addresses_are_refused(html, message):
    assert link_problems(html) == [(10, message)]


def test_images_from_elsewhere_and_above_the_site_are_refused():
    problems = [
        m
        for _, m in link_problems(
            '<img src="file:///etc/hostname" alt="">\n<img src="//x.nz/a.png" alt="">'
            '\n<a href="../../../etc/passwd">x</a>'
        )
    ]
    assert problems[0].startswith("the image 'file:///etc/hostname' is not a file of this site")
    assert problems[1].startswith("the image '//x.nz/a.png' is not a file of this site")
    assert problems[2].startswith("'../../../etc/passwd' goes to no page or file of this site")


def test_good_raw_links_and_code_pass():
    prose = (
        '<a href="https://x.nz/" target="_blank" rel="noopener">x</a> <a href="mailto:a@b.nz">m</a>\n'
        '<a href="#here">h</a> <a href="../">up</a> <img src="../../assets/images/ok.png" alt="ok">\n'
        '`<a href="/etc/passwd">` and ``<a href="nowhere/">``\n'
    )
    assert link_problems(prose) == []


def test_the_old_messages_stand():
    assert link_problems('<a href="../../law.md">law</a>') == [
        (
            10,
            "the raw HTML link '../../law.md' is not rewritten for the website; write it as a Markdown link, "
            "[text](page.md), which the build checks and rewrites.",
        )
    ]


# --- a link's rel ---------------------------------------------------------------------------


@pytest.mark.parametrize("rel", ["attachment", "noopener attachment", "stylesheet", "ATTACHMENT"])
def test_a_rel_the_site_does_not_write_is_refused(rel):
    html = f'<p><a rel="{rel}" href="x/" title=">">x</a></p>'
    [change] = sanitise.changes(html, sanitise.clean(html))
    assert change.message.startswith(
        f'rel="{rel}" is not allowed on a link: its rel may hold only external, noopener and noreferrer'
    )


@pytest.mark.parametrize("rel", ["noopener", "noreferrer", "noopener noreferrer", "external", "NoOpener"])
def test_the_rels_the_site_writes_pass(rel):
    html = f'<p><a rel="{rel}" href="https://x.nz/" target="_blank">x</a></p>'
    assert sanitise.changes(html, sanitise.clean(html)) == []


# --- WeasyPrint sees only the built site --------------------------------------------------------


@pytest.fixture
def site(tmp_path) -> Path:
    """A built site's folder with an image, and a secret beside it."""
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets/ok.png").write_bytes(PNG)
    (tmp_path / "secret.txt").write_text("SECRET", encoding="utf-8")
    return site


def render(site: Path, body: str, css: str = "") -> Path:
    from dpup.pdf.render import _render

    out = site.parent / "out.pdf"
    _render("pdf/x.pdf", f'<html lang="en"><title>t</title><body>{body}</body></html>', css, str(site), str(out))
    return out


def embedded(pdf: Path) -> dict[str, bytes]:
    """The files a PDF's links carry (rel="attachment" makes a file attachment annotation)."""
    import pypdf

    annotations = [a.get_object() for page in pypdf.PdfReader(pdf).pages for a in page.get("/Annots", [])]
    return {
        str(a["/FS"]["/F"]): a["/FS"]["/EF"]["/F"].get_object().get_data()
        for a in annotations
        if a["/Subtype"] == "/FileAttachment"
    }


def test_images_and_attachments_inside_the_site_work(site):
    pdf = render(
        site,
        '<img src="assets/ok.png" alt="ok"><img src="data:image/png;base64,'
        + base64.b64encode(PNG).decode()
        + '" alt="ok"><a rel="attachment" href="assets/ok.png">x</a>',
    )
    assert embedded(pdf) == {"ok.png": PNG}


@pytest.mark.parametrize(
    "body, css",
    [
        ('<a rel="attachment" href="{secret}">x</a>', ""),  # an absolute path is a file:// URL here
        ('<a rel="attachment" href="../secret.txt">x</a>', ""),
        ('<a rel="attachment" href="%2e%2e/secret.txt">x</a>', ""),
        ('<img src="file://{secret}" alt="x">', ""),
        ('<img src="file://localhost{secret}" alt="x">', ""),
        ("<p>x</p>", "body {{ background: url(../secret.txt) }}"),
        (
            '<img alt="x" src="data:image/svg+xml,<svg xmlns=\'http://www.w3.org/2000/svg\' '
            "xmlns:xlink='http://www.w3.org/1999/xlink'><image width='9' height='9' "
            "xlink:href='file://{secret}'/></svg>\">",
            "",
        ),  # WeasyPrint swallows errors while drawing an SVG
    ],
)
def test_files_outside_the_site_are_refused(site, body, css):
    secret = str(site.parent / "secret.txt")
    with pytest.raises(
        ContentError,
        match=r"^pdf/x\.pdf: the PDF would read '.*', which is not a file of the "
        r"built site",
    ):
        render(site, body.format(secret=secret), css.format(secret=secret))
    assert not (site.parent / "out.pdf").exists()


def test_a_link_inside_the_site_to_a_file_outside_is_refused(site):
    (site / "assets/link.txt").symlink_to(site.parent / "secret.txt")
    with pytest.raises(ContentError, match="assets/link.txt"):
        render(site, '<a rel="attachment" href="assets/link.txt">x</a>')


def test_the_fetcher_refuses_everything_but_the_site_and_data(site):
    from weasyprint.urls import FatalURLFetchingError

    from dpup.pdf.render import site_fetcher

    fetch = site_fetcher(site)
    assert fetch((site / "assets/ok.png").as_uri()).read() == PNG
    assert fetch("data:text/plain,hi").read() == b"hi"
    for url in (
        "file:///etc/passwd",
        f"file://elsewhere{site}/assets/ok.png",
        "https://example.org/",
        (site / "assets").as_uri(),
        f"{site.as_uri()}/../secret.txt",
    ):
        with pytest.raises(FatalURLFetchingError, match="is not a file of the built site"):
            fetch(url)


def test_a_refusal_stops_the_build_with_the_editions_name(site):
    from dpup.cache import Cache
    from dpup.pdf.render import Job, render_all

    jobs = [Job("pdf/good.pdf", "<p>Good</p>"), Job("pdf/bad.pdf", '<p><img src="/etc/passwd" alt="x"></p>')]
    with pytest.raises(ContentError, match="^pdf/bad.pdf: the PDF would read 'file:///etc/passwd'"):
        render_all(jobs, "", site, Cache(None, "pdf", "dpup.pdf.render"), workers=2)
