"""warta's own Scrapy signals, sent with ``crawler.signals.send_catch_log``."""

# Nothing more will come of a request: its page was stored, skipped or failed, and any
# request it led to is scheduled. Sent with ``lease``, the token the shared scheduler
# gave the request (None outside distributed crawls, where nobody listens), and, once
# its callback is done, ``requests``: how many requests the callback yielded, which Scrapy
# may schedule after the callback has returned. The lease ends when they all are.
request_handled = object()

# The spider's errback is done with a request that failed (and counted it): nothing more
# will come of it. Sent with ``request``. Scrapy tells nobody when an errback ends, and
# the errback of a failed download bypasses the spider middlewares; the shared scheduler
# listens, to release the request's lease.
request_failed = object()

# The spider skipped an article page before any pipeline saw it (it failed, or was not
# HTML). Sent with ``url`` (the canonical article URL) and ``reason`` (as counted under
# ``warta/skipped/``); the pipelines' skips are heard through Scrapy's ``item_dropped``.
page_skipped = object()
