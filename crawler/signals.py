"""warta's own Scrapy signals, sent with ``crawler.signals.send_catch_log``."""

# Nothing more will come of a request: its page was stored, skipped or failed, and any
# request it led to is already scheduled. Sent with ``lease``, the token the shared
# scheduler gave the request (None outside distributed crawls, where nobody listens).
request_handled = object()
