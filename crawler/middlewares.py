"""Downloader middlewares."""

from __future__ import annotations


class MirrorProxyMiddleware:
    """Send every request through ``WARTA_PROXY`` when it is set.

    This is how the demo, the tests and the benchmarks crawl local mirrors of sites by
    their real URLs: the mirror server answers as a proxy on 127.0.0.1.
    """

    def __init__(self, proxy: str | None) -> None:
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("WARTA_PROXY"))

    def process_request(self, request):
        if self.proxy:
            request.meta.setdefault("proxy", self.proxy)
        return None
