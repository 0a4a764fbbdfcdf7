"""Checking a site profile before a crawl trusts it.

A profile is hand-written TOML, often by an operator who is not a warta developer, so a
mistake must come back as one line that names the file, the line and the problem: a key
that is unknown (a typo silently ignored would change nothing and nobody would know), a
required key that is missing, a value of the wrong kind, a regex that does not compile,
or an example URL the profile itself gets wrong. The loader refuses a profile with a
structural problem; ``warta sites check`` also runs the examples.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import MISSING, dataclass, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from crawler.sites import SiteProfile

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
_REGEX_KEYS = ("article_url", "exclude_url")


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

    expected = {}
    for field in fields(SiteProfile):
        default = field.default
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
    return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}, problems


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
