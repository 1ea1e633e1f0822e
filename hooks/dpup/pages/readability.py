"""Plain-language measures: summaries are gated, body text is reported.

textstat does the scoring; this module only decides what text to score and how to report it.
textstat and BeautifulSoup are imported where they are used: they are slow to load, and a
build whose scores are all cached (dpup.cache) never needs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-ZĀĒĪŌŪ0-9])")
# "is kept", "were told", "be shared": a form of "to be" and a past participle.
PASSIVE = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?(\w+(?:ed|en)|told|kept|held|made|"
    r"given|taken|seen|shown|known|sent|built|put|set|paid|found|left|lost)\b",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def words(text: str) -> int:
    import textstat

    count: int = textstat.lexicon_count(text)  # textstat has no types: what it returns, as documented
    return count


def grade(text: str) -> float:
    """Flesch–Kincaid grade level."""
    import textstat

    score: float = textstat.flesch_kincaid_grade(text)  # (no types, as for words)
    return round(score, 1)


@dataclass(frozen=True)
class Limits:
    max_grade: float
    max_words: int
    max_sentence_words: int


def summary_problems(summary: str, limits: Limits) -> list[str]:
    """What makes a summary too hard to read; empty when it is within every limit."""
    problems = []
    score = grade(summary)
    if score > limits.max_grade:
        problems.append(
            f"Flesch–Kincaid grade {score} is over the limit of {limits.max_grade}; "
            "use shorter sentences and everyday words."
        )
    count = words(summary)
    if count > limits.max_words:
        problems.append(f"{count} words is over the limit of {limits.max_words}; say less.")
    for sentence in sentences(summary):
        n = words(sentence)
        if n > limits.max_sentence_words:
            problems.append(
                f'a sentence has {n} words, over the limit of {limits.max_sentence_words}: "{sentence[:60]}…"'
            )
    return problems


@dataclass
class BodyReport:
    """The plain-language measures of one page's body text."""

    src_uri: str
    kind: str
    grade: float
    words: int
    longest: list[str] = field(default_factory=list)
    passive: list[str] = field(default_factory=list)
    jargon: list[str] = field(default_factory=list)


def body_report(src_uri: str, kind: str, text: str, jargon: dict[str, str]) -> BodyReport:
    found = sentences(text)
    longest = sorted(found, key=words, reverse=True)[:3]
    passive = sorted({m.group(0).lower() for m in PASSIVE.finditer(text)})
    hits = [f"{w} → {plain}" for w, plain in jargon.items() if re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE)]
    return BodyReport(src_uri, kind, grade(text) if found else 0.0, words(text), longest, passive, hits)


def body_text(html: str) -> str:
    """The prose of a page: paragraphs and list items, without code, labels or permalinks."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for el in soup.select("pre, code, summary, .headerlink, table, .grid.cards"):
        el.decompose()
    parts = [el.get_text(" ", strip=True) for el in soup.find_all(["p", "li", "dd"]) if not el.find(["p", "li"])]
    return " ".join(p if p.endswith((".", "?", "!", ":")) else p + "." for p in parts if p)


def site_summary(reports: list[BodyReport], averaged_kinds: tuple[str, ...]) -> dict[str, float]:
    """The average grade of the whole site and of the kinds the limit applies to."""
    averaged = [r.grade for r in reports if r.kind in averaged_kinds]
    return {
        "protocol_and_guide_average": round(sum(averaged) / len(averaged), 1) if averaged else 0.0,
        "site_average": round(sum(r.grade for r in reports) / len(reports), 1) if reports else 0.0,
    }


def markdown_report(reports: list[BodyReport], summary: dict[str, float]) -> str:
    average, site_average = summary["protocol_and_guide_average"], summary["site_average"]
    lines = [
        "# Plain-language report",
        "",
        f"Average Flesch–Kincaid grade of body text: {site_average} across the site, "
        f"{average} for protocols and guides.",
        "",
        "| page | kind | grade | words | passive | jargon |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r.src_uri} | {r.kind} | {r.grade} | {r.words} | {len(r.passive)} | {len(r.jargon)} |"
        for r in sorted(reports, key=lambda r: -r.grade)
    ]
    for r in reports:
        lines += ["", f"## {r.src_uri} (grade {r.grade})", "", "Longest sentences:", ""]
        lines += [f"- {s}" for s in r.longest]
        if r.passive:
            lines += ["", "Possible passive voice: " + ", ".join(r.passive)]
        if r.jargon:
            lines += ["", "Jargon: " + ", ".join(r.jargon)]
    return "\n".join(lines) + "\n"


def page_grade_problems(reports: list[BodyReport], limits: dict[str, float]) -> list[tuple[str, str]]:
    """(docs path, message) for each page whose body grade is over the limit of the docs path or
    folder ("your-information/") that covers it: pages for the public read more easily still."""
    out = []
    for report in reports:
        covering = [
            limit
            for path, limit in limits.items()
            if report.src_uri == path or (path.endswith("/") and report.src_uri.startswith(path))
        ]
        if covering and report.grade > min(covering):
            hardest = "; ".join(f"'{s}'" for s in report.longest[:2])
            out.append(
                (
                    report.src_uri,
                    f"the body text reads at Flesch–Kincaid grade {report.grade}, over the "
                    "limit of "
                    f"{min(covering):g} for this page; shorten these sentences first: {hardest}.",
                )
            )
    return out
