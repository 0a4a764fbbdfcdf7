"""A built sample site: every path it answers, and what a correct crawl must store."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    body: str
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    last_modified: str | None = None  # an HTTP date, sent as Last-Modified


@dataclass
class BuiltSite:
    """One fictional news site. ``pages`` maps path-with-query to what the server sends."""

    key: str
    host: str
    name: str
    pages: dict[str, Page] = field(default_factory=dict)
    # canonical URL -> the article that must be stored under it
    expected: dict[str, object] = field(default_factory=dict)
    # URLs a crawl will meet that must never become articles, with why
    traps: dict[str, str] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}"

    def url(self, path: str) -> str:
        return self.base_url + path
