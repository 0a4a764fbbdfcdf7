"""The reliability report: tests that inject a fault record what warta did, and the
test session writes the table to docs/reliability.md (see conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass

from tests.conftest import PROJECT_DIR

REPORT = PROJECT_DIR / "docs" / "reliability.md"
SECTIONS = {
    "http": "Broken servers and pages (one crawl of a local site where each page fails in one way)",
    "process": "A crawl that dies",
    "database": "A database that goes away mid-crawl",
}


@dataclass(frozen=True)
class Outcome:
    section: str
    fault: str
    expected: int  # articles that must end up stored
    stored: int  # of those, stored (once or more)
    duplicated: int  # extra copies stored
    counted_as: str  # the crawl's count for it, or "stored"

    @property
    def lost(self) -> int:
        return self.expected - self.stored


OUTCOMES: list[Outcome] = []


def write_report() -> None:
    """The table, when the main fault crawl ran in this session (a partial run of the
    suite must not leave a partial report behind)."""
    if not any(o.section == "http" for o in OUTCOMES):
        return
    lines = [
        "# Reliability: faults injected and what warta did",
        "",
        "Written by the test suite (`tests/test_faults.py`, `tests/test_crawling.py`) on",
        "every full run; each row is a fault the tests inject on 127.0.0.1 and what was",
        "stored. *Expected* counts the articles that must end up stored (0 when the page",
        "must not be stored); *lost* are expected articles not stored, *duplicated*",
        "extra copies.",
    ]
    for section, title in SECTIONS.items():
        rows = [o for o in OUTCOMES if o.section == section]
        if not rows:
            continue
        lines += ["", f"## {title}", "",
                  "| fault | expected | stored | duplicated | lost | counted as |",
                  "| --- | ---: | ---: | ---: | ---: | --- |"]  # fmt: skip
        lines += [
            f"| {o.fault} | {o.expected} | {o.stored} | {o.duplicated} | {o.lost} | "
            f"{o.counted_as} |"
            for o in rows
        ]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n")
