"""Log lines for dropped items that name the page and the reason, not the whole item."""

from __future__ import annotations

import logging

from scrapy import logformatter


class WartaLogFormatter(logformatter.LogFormatter):
    def dropped(self, item, exception, response, spider):
        # A skipped page is an expected outcome, counted in the stats: DEBUG, one line.
        return {
            "level": logging.DEBUG,
            "msg": "skipped %(reason)s",
            "args": {"reason": str(exception)},
        }
