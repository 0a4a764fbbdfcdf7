"""Checking a site profile before a crawl trusts it.

A profile is hand-written TOML, often by an operator who is not a warta developer, so a
mistake must come back as one line that names the file, the line and the problem: a key
that is unknown (a typo silently ignored would change nothing and nobody would know), a
required key that is missing, a value of the wrong kind, a regex that does not compile,
or an example URL the profile itself gets wrong. The loader refuses a profile with a
structural problem; ``warta sites check`` also runs the examples.

A profile also says where and when it was last checked against the world, in a
``checked`` table (``Checked``): the day, the public sources read (other scrapers'
code, saved robots.txt and sitemap files, pages naming real article URLs), the verdict
and what was found. It is optional for an operator's profile and required, by the test
suite, of every bundled one.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import MISSING, dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from crawler.sites import SiteProfile

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
_REGEX_KEYS = ("article_url", "exclude_url")
VERDICTS = ("confirmed", "contradicted", "unknown")


@dataclass(frozen=True)
class Checked:
    """Provenance of a profile: ``on`` the day it was checked; ``sources`` what was read,
    each written ``owner/repo@commit:path`` for a file in a public repository (or
    ``code-index:<id>`` for a file of the public code index whose repository the index
    does not name); ``verdict`` whether the sources confirmed the profile's discovery URLs
    and article pattern, contradicted them (and the profile was changed to match), or
    neither (``unknown``: nothing independent was found); ``notes`` what each source said
    and what stays unverified."""

    on: date
    verdict: str
    sources: tuple[str, ...] = ()
    notes: str = ""


_CHECKED_KEYS = {
    "on": "a date",
    "verdict": "a string",
    "sources": "an array of strings",
    "notes": "a string",
}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int  # 1-based; 0 when the problem belongs to no line (a missing key)
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.message}"
            if self.line
            else f"{self.file}: {self.message}"
        )


class ProfileError(ValueError):
    """A profile file that cannot be loaded; the message is the whole answer."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _expected_types() -> dict[str, type]:
    """The TOML type each profile key takes, from the SiteProfile field defaults: a tuple
    field is a TOML array, a field defaulting to None or with no default a string."""
    from crawler.sites import SiteProfile

    expected: dict[str, type] = {"checked": dict}
    for field in fields(SiteProfile):
        default = field.default
        if field.name in expected:
            continue
        if isinstance(default, tuple) or field.default_factory is not MISSING:
            expected[field.name] = list
        elif default is MISSING or default is None:
            expected[field.name] = str
        else:
            expected[field.name] = type(default)
    return expected


def _required() -> list[str]:
    from crawler.sites import SiteProfile

    return [
        f.name for f in fields(SiteProfile) if f.default is MISSING and f.default_factory is MISSING
    ]


def _line_of(text: str, needle: str, key: bool = False) -> int:
    """The first line that sets ``needle`` as a key (or, for a value, mentions it)."""
    pattern = rf"^\s*{re.escape(needle)}\s*=" if key else re.escape(needle)
    for number, line in enumerate(text.splitlines(), start=1):
        if re.search(pattern, line):
            return number
    return 0


def _structure(name: str, text: str, data: dict[str, Any]) -> list[Problem]:
    expected = _expected_types()
    problems = [
        Problem(name, _line_of(text, key, key=True), f"unknown key {key!r}")
        for key in data
        if key not in expected
    ]
    problems += [
        Problem(name, 0, f"missing required key {key!r}") for key in _required() if key not in data
    ]
    for key, value in data.items():
        kind = expected.get(key)
        wrong_kind = kind is not None and not isinstance(value, kind)
        if kind is int and isinstance(value, bool):
            wrong_kind = True
        if not wrong_kind and kind is list and not all(isinstance(v, str) for v in value):
            wrong_kind = True
        if wrong_kind:
            wanted = "an array of strings" if kind is list else f"a {kind.__name__}"
            problems.append(
                Problem(name, _line_of(text, key, key=True), f"{key!r} must be {wanted}")
            )
    return problems


def _checked(name: str, text: str, data: dict[str, Any]) -> list[Problem]:
    """Problems of the ``checked`` table: its keys, their kinds, the verdict's word."""
    table = data.get("checked")
    if not isinstance(table, dict):
        return []
    line = _line_of(text, "checked", key=True) or _line_of(text, "[checked]")
    problems = [
        Problem(name, line, f"checked: unknown key {key!r}")
        for key in table
        if key not in _CHECKED_KEYS
    ]
    problems += [
        Problem(name, line, f"checked: missing key {key!r}")
        for key in ("on", "verdict")
        if key not in table
    ]
    on = table.get("on")
    if "on" in table and not _is_day(on):
        problems.append(Problem(name, line, "checked: 'on' must be a date (2026-12-05)"))
    verdict = table.get("verdict")
    if "verdict" in table and verdict not in VERDICTS:
        problems.append(
            Problem(name, line, f"checked: verdict must be one of {', '.join(VERDICTS)}")
        )
    sources = table.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) and s for s in sources):
        problems.append(Problem(name, line, "checked: 'sources' must be an array of strings"))
    elif not sources and verdict in ("confirmed", "contradicted"):
        problems.append(Problem(name, line, f"checked: a {verdict} profile must name its sources"))
    if not isinstance(table.get("notes", ""), str):
        problems.append(Problem(name, line, "checked: 'notes' must be a string"))
    return problems


def _is_day(value: Any) -> bool:
    if isinstance(value, date):
        return True
    if isinstance(value, str):
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        return True
    return False


def _to_checked(table: dict[str, Any]) -> Checked:
    on = table["on"]
    return Checked(
        on=on if isinstance(on, date) else date.fromisoformat(on),
        verdict=table["verdict"],
        sources=tuple(table.get("sources", ())),
        notes=table.get("notes", ""),
    )


def _regexes(name: str, text: str, data: dict[str, Any]) -> list[Problem]:
    problems = []
    for key in _REGEX_KEYS:
        value = data.get(key)
        patterns = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                line = _line_of(text, key, key=True)
                problems.append(Problem(name, line, f"{key}: bad regex {pattern!r}: {exc}"))
    return problems


def parse(path: Traversable) -> tuple[dict[str, Any], list[Problem]]:
    """A profile file's data (TOML arrays as tuples) and its structural problems."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [Problem(name, 0, f"cannot read: {exc}")]
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POSITION.search(str(exc))
        message = _TOML_POSITION.sub("", str(exc)).strip()
        return {}, [Problem(name, int(found.group(1)) if found else 0, f"not TOML: {message}")]
    problems = _structure(name, text, data) + _regexes(name, text, data)
    problems += _checked(name, text, data)
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
    if not problems and isinstance(data.get("checked"), dict):
        values["checked"] = _to_checked(data["checked"])
    return values, problems


def _examples(name: str, text: str, profile: SiteProfile) -> list[Problem]:
    problems = [
        Problem(name, _line_of(text, url), f"article example is not taken for an article: {url}")
        for url in profile.article_examples
        if not profile.is_article_url(url)
    ]
    problems += [
        Problem(name, _line_of(text, url), f"non-article example is taken for an article: {url}")
        for url in profile.non_article_examples
        if profile.is_article_url(url)
    ]
    if not profile.discovery_urls():
        problems.append(Problem(name, 0, "no sitemaps or feeds: nowhere to discover articles"))
    return problems


def check_file(path: Traversable) -> list[Problem]:
    """Every problem of one profile file, structure first, then its own examples."""
    from crawler.sites import SiteProfile

    data, problems = parse(path)
    if problems:
        return problems
    return _examples(str(path), path.read_text(encoding="utf-8"), SiteProfile(**data))
