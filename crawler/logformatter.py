"""Log lines for dropped items that name the page and the reason, not the whole item."""

from __future__ import annotations

import logging

from scrapy import logformatter


class WartaLogFormatter(logformatter.LogFormatter):
    def dropped(self, item, exception, response, spider):
        # A skipped page is an expected outcome, counted in the stats: one line at INFO,
        # seen with `warta crawl -v`, worded as the spider words its own skips.
        return {
            "level": logging.INFO,
            "msg": "skipped (%(reason)s): %(url)s",
            "args": {
                "reason": getattr(exception, "reason", str(exception)),
                "url": getattr(exception, "url", getattr(item, "url", "")),
            },
        }
