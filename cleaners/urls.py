"""Canonical URLs: the same story must have one identity however it was linked."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that only say where a click came from, never which page it is.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "ga_")
_TRACKING_NAMES = frozenset(
    {
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "_ga", "_gl", "ref",
        "ref_src", "source", "src", "from", "spm", "cmpid", "mkt_tok", "s_cid",
        "utm", "ito", "tag_from", "_branch_match_id",
    }
)  # fmt: skip


# Parameters that choose a view of the same article: AMP, print, the whole-article page.
_VIEW_PARAMS = frozenset({"amp", "outputtype", "output", "print", "single", "showall"})
_WHOLE_ARTICLE_PAGES = frozenset({"all", "semua"})
# Path endings of AMP and print views: /read/1/judul/amp, /amp/read/1/judul, /print/1
_VIEW_SEGMENTS = frozenset({"amp", "print"})


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def _is_view_param(name: str, value: str) -> bool:
    lowered = name.lower()
    return lowered in _VIEW_PARAMS or (lowered == "page" and value.lower() in _WHOLE_ARTICLE_PAGES)


def _without_view_segments(path: str) -> str:
    """The path without an AMP or print segment at its start or its end."""
    segments = [s for s in path.split("/") if s]
    if segments and segments[-1].lower() in _VIEW_SEGMENTS:
        segments.pop()
    if segments and segments[0].lower() in _VIEW_SEGMENTS:
        segments.pop(0)
    trailing = "/" if path.endswith("/") and segments else ""
    return "/" + "/".join(segments) + trailing


def canonicalize_url(url: str, base: str | None = None) -> str:
    """``url`` made absolute, with tracking parameters, view choices (AMP, print,
    ``?page=all``) and the fragment removed, the host lower-cased and the default port
    dropped. Other parameters keep their order, since some sites identify articles by
    them (``?id=123``)."""
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not (
        (parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)
    ):
        host = f"{host}:{port}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not is_tracking_param(k) and not _is_view_param(k, v)
        ]
    )
    path = _without_view_segments(parts.path or "/")
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))
