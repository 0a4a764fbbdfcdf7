"""Why a request failed, in the words counts, logs and messages use.

A crawl counts each failed request under its reason (``discovery/dns_failed``,
``skipped/http_503``...). The crawl summary, `warta health` and the progress line read
those counts back to say how many requests failed and, when nothing answered at all,
why: the network, not the site's profile.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from crawler import count_keys

# Failures by exception name, as people read them in counts and logs. Scrapy 2.19 wraps
# Twisted's errors in its own (DownloadConnectionRefusedError...); both are named here.
_BY_EXCEPTION = {
    "DownloadCancelledError": "too_large",  # DOWNLOAD_MAXSIZE, declared or reached
    "ResponseDataLossError": "truncated",
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "DownloadTimeoutError": "timeout",
    "ConnectionRefusedError": "connection_refused",
    "DownloadConnectionRefusedError": "connection_refused",
    "ConnectionLost": "connection_failed",
    "ConnectionDone": "connection_failed",
    "ResponseFailed": "connection_failed",
    "DownloadFailedError": "connection_failed",
    "DNSLookupError": "dns_failed",
    "CannotResolveHostError": "dns_failed",
}

# Failures where no answer came back at all, and how a person says each.
NETWORK = {
    "dns_failed": "cannot resolve host",
    "connection_refused": "connection refused",
    "timeout": "timed out",
    "connection_failed": "connection failed",
    "truncated": "answers cut short",
}


def reason_for(exception_name: str) -> str:
    """The counted reason for an exception class name; unknown ones by their own name."""
    return _BY_EXCEPTION.get(exception_name, exception_name.lower())


def is_network_error(exception: BaseException) -> bool:
    return _BY_EXCEPTION.get(type(exception).__name__) in NETWORK


def _is_failure(reason: str) -> bool:
    """A request that got no usable answer: the network, or a server error. A 404 is an
    answer (the page is gone), and so is a page refused for its content."""
    return reason in NETWORK or (reason.startswith("http_5") and reason[5:].isdigit())


def failed_requests(counts: Mapping[str, object]) -> Counter[str]:
    """Failed requests by reason, discovery documents and articles together, from a
    crawl run's counts (``discovery/<reason>``, ``skipped/<reason>``)."""
    failed: Counter[str] = Counter()
    for family in count_keys.FAILED_IN:
        for reason, value in family.read(counts).items():
            if _is_failure(reason):
                failed[reason] += value
    return failed


def error_count(counts: Mapping[str, object]) -> int:
    """Failed requests plus errors logged (a database gone, a bug)."""
    return sum(failed_requests(counts).values()) + count_keys.ERRORS.value_in(counts)


def unreachable(counts: Mapping[str, object]) -> str | None:
    """Why nothing at all could be fetched ("cannot resolve host"), or None when the site
    answered something: every request failed on the network and none got a response."""
    if count_keys.RESPONSES.value_in(counts):
        return None
    network = Counter({r: n for r, n in failed_requests(counts).items() if r in NETWORK})
    if not network:
        return None
    return NETWORK[network.most_common(1)[0][0]]
