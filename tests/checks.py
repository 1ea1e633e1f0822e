"""The rules the quality gates apply, as small functions over HTML, URLs and storage keys.

Each returns a list of problems (empty when the rule holds), so a test can assert `== []`
and print every problem at once, and unit tests can prove each rule catches what it should.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
from bs4 import BeautifulSoup

# WCAG 2.2 A and AA, as axe-core tags its rules. axe-core 4.14 has no "wcag22a" rule; its one
# "wcag22aa" rule is target-size (2.5.8).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Link text that says nothing when a screen reader lists the page's links out of context.
VAGUE_LINK_TEXT = {"click here", "here", "read more", "more", "link", "this link", "this page", "click"}


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


# --- accessibility ------------------------------------------------------------


def landmark_name_problems(page: BeautifulSoup) -> list[str]:
    """Every <nav> has a name a screen reader can list it by (its label, or the text it points at)."""
    problems = []
    for nav in page.find_all("nav"):
        name = (nav.get("aria-label") or "").strip()
        if not name and nav.get("aria-labelledby"):
            target = page.find(id=nav["aria-labelledby"])
            name = target.get_text(" ", strip=True) if target else ""
        if not name:
            problems.append(f"a navigation landmark has no name: {str(nav)[:100]}")
    return problems


def heading_name_problems(page: BeautifulSoup) -> list[str]:
    """No heading's accessible name ends in the "¶" of its permalink."""
    return [
        f"the heading '{h.get_text(' ', strip=True)}' has '¶' in its accessible name"
        for h in page.find_all(re.compile(r"^h[1-6]$"))
        for link in h.find_all("a", class_="headerlink")
        if link.get("aria-hidden") != "true"
    ]


def heading_problems(page: BeautifulSoup) -> list[str]:
    """Exactly one h1, first; no heading skips a level on the way down (h2 then h4)."""
    levels = [int(h.name[1]) for h in page.find_all(re.compile(r"^h[1-6]$"))]
    problems = []
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 elements (want exactly one)")
    if levels and levels[0] != 1:
        problems.append(f"the first heading is h{levels[0]}, not h1")
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            problems.append(f"h{before} is followed by h{after}")
    return problems


def link_text(link) -> str:
    """What a screen reader announces for a link: aria-label, else its text and images' alt."""
    if link.get("aria-label"):
        return link["aria-label"].strip()
    alts = " ".join(img.get("alt", "") for img in link.find_all("img"))
    return " ".join((link.get_text(" ") + " " + alts).split())


def link_text_problems(page: BeautifulSoup) -> list[str]:
    """Every link has text, and none is a vague "click here" or "read more"."""
    problems = []
    for link in page.find_all("a", href=True):
        text = link_text(link)
        if link.get("title") and not text:
            text = link["title"]
        if not text and not link.get("aria-hidden"):
            problems.append(f"link to {link['href']} has no text")
        elif text.lower().strip(" .:…") in VAGUE_LINK_TEXT:
            problems.append(f"link to {link['href']} says only {text!r}")
    return problems


def img_alt_problems(page: BeautifulSoup) -> list[str]:
    """Every image has an alt attribute (empty is fine for decoration, missing is not)."""
    return [f"<img src={img.get('src')!r}> has no alt" for img in page.find_all("img") if img.get("alt") is None]


def table_header_problems(page: BeautifulSoup) -> list[str]:
    """Every table header cell names its column or row: text, or an aria-label (WCAG 1.3.1)."""
    return [
        f"a table has an empty header cell: {str(th.find_parent('tr') or th)[:100]}"
        for th in page.find_all("th")
        if not th.get_text(strip=True) and not (th.get("aria-label") or "").strip()
    ]


def skip_link_problems(page: BeautifulSoup) -> list[str]:
    """The first link on the page is a "Skip to content" link, and its target exists."""
    first = page.find("a", href=True)
    if not first or not first["href"].startswith("#") or not link_text(first).lower().startswith("skip"):
        return ["the first link on the page is not a skip link"]
    if not page.find(id=first["href"][1:]):
        return [f"the skip link's target {first['href']} is missing"]
    return []


# --- links and HTML -----------------------------------------------------------


def html_parse_errors(html: str | bytes) -> list[str]:
    """Every error html5lib (the WHATWG parsing algorithm) reports; a strict parse allows none."""
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(html)
    return [f"line {line}, column {col}: {code} {data or ''}".strip() for (line, col), code, data in parser.errors]


def target_file(site: Path, page_file: Path, href: str, site_path: str = "/") -> tuple[Path, str] | None:
    """The built file an internal href points to, and its fragment; None for other origins."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):  # absolute to the site (the 404 page uses these)
        if not path.startswith(site_path):
            return site / "__outside_the_site__", parts.fragment
        target = site / path[len(site_path) :]
    elif path:
        target = Path(os.path.normpath(page_file.parent / path))  # no symlink resolving: stays under site
    else:
        target = page_file
    if target.is_dir() or href.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


def internal_link_problems(
    site: Path, page_file: Path, page: BeautifulSoup, site_path: str = "/", cache: dict | None = None
) -> list[str]:
    """Every internal href/src points to a built file, and every #anchor to an id in it."""
    problems = []
    cache = {} if cache is None else cache  # target file -> its ids, shared across pages
    for node in page.find_all(["a", "link", "img", "script", "source"]):
        ref = node.get("href") or node.get("src")
        if not ref or ref.startswith(("data:", "blob:", "mailto:", "tel:")):
            continue
        found = target_file(site, page_file, ref, site_path)
        if found is None:
            continue
        target, fragment = found
        if not target.is_file():
            problems.append(f"{ref}: no such file")
        elif fragment and target.suffix == ".html":
            if target not in cache:
                cache[target] = ids_in(target.read_text(encoding="utf-8"))
            if fragment not in cache[target]:
                problems.append(f"{ref}: no id {fragment!r} in {target.relative_to(site)}")
    return problems


def ids_in(html: str) -> set[str]:
    page = parse(html)
    return {n["id"] for n in page.find_all(id=True)} | {n["name"] for n in page.find_all("a", attrs={"name": True})}


def external_link_problems(page: BeautifulSoup) -> list[str]:
    """Links to other sites use https, and a link that opens a new tab cannot reach back (noopener)."""
    problems = []
    for link in page.find_all("a", href=True):
        href = link["href"]
        scheme = urlsplit(href).scheme
        if scheme and scheme not in ("https", "mailto", "tel", "blob"):
            problems.append(f"{href}: not https")
        if link.get("target") == "_blank":
            rel = set(link.get("rel") or [])
            if not rel & {"noopener", "noreferrer"}:
                problems.append(f"{href}: target=_blank without rel=noopener")
    return problems


def pdf_site_links(pdf: Path, site_url: str) -> list[str]:
    """The links in a PDF that point into the site, as site-absolute paths ("/law/#ipp-1").

    Read with poppler's `pdfinfo -url` (the link annotations' URIs), far quicker than pypdf."""
    import subprocess

    listing = subprocess.run(["pdfinfo", "-url", str(pdf)], capture_output=True, text=True, check=True).stdout
    uris = [line.split()[-1] for line in listing.splitlines()[1:] if line.strip()]
    return ["/" + uri[len(site_url) :] for uri in uris if uri.startswith(site_url)]


# --- privacy ------------------------------------------------------------------


def outside_requests(urls: list[str], base: str) -> list[str]:
    """Requests to anywhere but the local server (blob: and data: URLs stay in the browser)."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    return [u for u in urls if not (u.startswith(origin + "/") or u.startswith(("blob:" + origin, "data:")))]


def csp_problems(page: BeautifulSoup) -> list[str]:
    """The page's Content-Security-Policy <meta> limits every fetch to the site itself."""
    meta = page.find("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
    if not meta:
        return ["no Content-Security-Policy <meta>"]
    directives = {}
    for part in meta["content"].split(";"):
        if part.strip():
            name, *values = part.split()
            directives[name.lower()] = values
    problems = []
    if directives.get("default-src") != ["'self'"]:
        problems.append(f"default-src is {directives.get('default-src')}, not 'self'")
    allowed = {"'self'", "'none'", "'unsafe-inline'", "data:", "blob:"}
    for name, values in directives.items():
        others = [v for v in values if v not in allowed]
        if others:
            problems.append(f"{name} allows {' '.join(others)}")
    return problems


def documented_storage_keys(readme: str) -> list[re.Pattern]:
    """The localStorage keys README's Privacy table lists; `<…>` stands for any text."""
    section = readme.split("### Privacy", 1)[1].split("\n#", 1)[0]
    patterns = []
    for row in re.findall(r"^\|\s*`([^`]+)`", section, re.M):
        # Material scopes its keys by the site's path: "/dpup-site/.__palette".
        prefix = r"(?:.*/\.)?" if row.startswith("__") else ""
        body = ".+".join(re.escape(piece) for piece in re.split(r"<[^>]+>", row))
        patterns.append(re.compile(f"^{prefix}{body}$"))
    return patterns


def undocumented_keys(keys: list[str], patterns: list[re.Pattern]) -> list[str]:
    return [k for k in keys if not any(p.match(k) for p in patterns)]
