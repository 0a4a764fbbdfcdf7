"""The Redis keys of distributed crawls, in one place.

Everything of one site lives under ``warta:<site>:``, so one Redis serves many sites and
``redis-cli --scan --pattern 'warta:kompas:*'`` shows a site's whole state.
"""

from __future__ import annotations

from dataclasses import dataclass

# Sites whose crawl round is in progress; workers crawl what is in here.
ACTIVE_SITES = "warta:sites"


def heartbeat(worker: str) -> str:
    """Exists while the worker is alive; it expires when the worker dies."""
    return f"warta:worker:{worker}"


@dataclass(frozen=True)
class SiteKeys:
    site: str

    def _key(self, name: str) -> str:
        return f"warta:{self.site}:{name}"

    @property
    def requests(self) -> str:
        """Sorted set of serialized requests waiting, by priority."""
        return self._key("requests")

    @property
    def dupefilter(self) -> str:
        """Set of fingerprints of every request scheduled in this round."""
        return self._key("dupefilter")

    @property
    def holders(self) -> str:
        """Set of workers that may hold leases on this site's requests."""
        return self._key("holders")

    @property
    def round(self) -> str:
        """Hash: how the current round was asked for (site argument, since, until)."""
        return self._key("round")

    @property
    def incomplete(self) -> str:
        """Set of discovery documents with an article that failed in this round."""
        return self._key("incomplete")

    def leases(self, worker: str) -> str:
        """Hash of the requests ``worker`` has taken and not finished: token -> request."""
        return self._key(f"leases:{worker}")

    @property
    def leases_prefix(self) -> str:
        return self._key("leases:")
