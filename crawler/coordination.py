"""What a crawl shares with the other processes crawling the same site.

The spider is one-machine code: it asks the crawl's coordination the few questions whose
answer changes when several workers crawl a site together, and never how they share it.
A crawl alone (:class:`CrawlAlone`, the default) shares nothing. The distributed add-on
(``crawler.distributed``) names its own coordination in ``WARTA_COORDINATION``, which
keeps what must be shared in Redis.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings


class CrawlAlone:
    """The only process crawling the site: it begins discovery itself, knows all it has
    read, and keeps its own record of what failed."""

    # Whether the spider's ``start()`` begins discovery. Where it does not, the request
    # that does is handed to the spider by whoever shares the crawl (``begin_discovery``).
    begins_discovery = True
    # Whether the HTML listings may wait until the sitemaps and feeds are read: only a
    # crawl that reads all of them itself knows whether they reached back far enough.
    listings_may_wait = True

    def __init__(self, settings: BaseSettings, site: str) -> None:
        self._incomplete: set[str] = set()

    def document_incomplete(self, url: str) -> None:
        """An article announced by the discovery document ``url`` failed, and should be
        retried: the document's validators are not to be saved."""
        self._incomplete.add(url)

    def incomplete_documents(self) -> set[str]:
        """The discovery documents of this crawl with an article that failed."""
        return set(self._incomplete)
