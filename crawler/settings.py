"""Scrapy settings for warta. Every knob an operator may turn is here or in the
environment; command-line flags of `warta` only override these."""

import os

BOT_NAME = "warta"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- warta's own settings ------------------------------------------------------------
WARTA_DB_URL = os.environ.get("WARTA_DB_URL")  # None: ./warta.db
WARTA_PROXY = os.environ.get("WARTA_PROXY")  # a local mirror answering as a proxy
WARTA_LANGUAGES = ["id"]
# Articles per database transaction; a crawl killed mid-batch fetches that batch again.
WARTA_BATCH_SIZE = int(os.environ.get("WARTA_BATCH_SIZE", "50"))
# How long a crawl waits for a database that went away (restart, lock) before a batch
# is given up; the crawl pauses meanwhile, and what it gives up is fetched next time.
WARTA_DB_RETRY_SECONDS = float(os.environ.get("WARTA_DB_RETRY_SECONDS", "300"))
WARTA_PROGRESS = False  # a live progress line per crawl; `warta crawl` turns it on on a TTY
# Distributed crawls: the shared queue on this Redis (see crawler/distributed); None:
# this process crawls alone, with Scrapy's own scheduler.
WARTA_REDIS_URL = os.environ.get("WARTA_REDIS_URL")
# A worker silent this long is taken for dead, and what it had taken is crawled by others.
WARTA_WORKER_TIMEOUT = int(os.environ.get("WARTA_WORKER_TIMEOUT", "60"))
WARTA_CONTACT = os.environ.get("WARTA_CONTACT", "set WARTA_CONTACT to your e-mail")
# How far back discovery reads dated index pages: a site never crawled to the end goes
# back this many days; later crawls go back to the day before the last complete crawl
# began. --since (a backfill) names the days instead.
WARTA_DISCOVERY_DAYS = 7
# Discovery requests (sitemaps, feeds, home, section and index pages) one crawl makes at
# most; a crawl that reaches it says so in its summary and is not taken as complete.
WARTA_DISCOVERY_BUDGET = 1000
# Steady state: what later crawls of a site need not ask for again.
# An article skipped for a lasting reason (not an article, paywall, another language, not
# HTML, 404/410) is not fetched again for this many days, unless its sitemap or feed says
# it changed after the skip.
WARTA_SKIP_MEMORY_DAYS = 30
# A discovery path that answered 404 or 410 (/sitemap.xml, /feed/...) is not probed again
# for this many days.
WARTA_ABSENT_RETRY_DAYS = 7
# HTML listings (home, sections, dated index pages) are walked at most this often while
# the site's sitemaps or feeds cover the time since the last complete crawl; a crawl
# whose sitemaps and feeds do not reach back that far walks them at once.
WARTA_LISTING_HOURS = 24
# The day taken for today (YYYY-MM-DD, a WIB day); unset, the clock's. For tests and for
# replaying a crawl of an archived site.
WARTA_TODAY = os.environ.get("WARTA_TODAY")

# --- politeness ------------------------------------------------------------------------
USER_AGENT = (
    f"warta/0.1 (Indonesian news archiver; +https://github.com/warta-id/warta; {WARTA_CONTACT})"
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

# --- limits and retries --------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5
# The spider's errbacks count and log every request that failed, at the level it
# deserves; Scrapy's own "gave up retrying" would say it again as an ERROR.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
METAREFRESH_ENABLED = False

# --- components ------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # Above RetryAfterMiddleware: a challenge page is neither waited for nor retried.
    "crawler.middlewares.BlockRecognition": 570,
    # Above RetryMiddleware (550), so its wait comes before the retry is scheduled.
    "crawler.middlewares.RetryAfterMiddleware": 560,
    "crawler.middlewares.MirrorProxyMiddleware": 740,
}
WARTA_RETRY_AFTER_MAX = 120  # seconds; a longer Retry-After is not waited for
SPIDER_MIDDLEWARES = {"crawler.budget.DiscoveryBudget": 800}
ITEM_PIPELINES = {
    "crawler.pipelines.CleanPipeline": 100,
    "crawler.pipelines.LanguagePipeline": 200,
    "crawler.pipelines.DedupPipeline": 300,
    "crawler.pipelines.StorePipeline": 400,
}
EXTENSIONS = {
    "crawler.extensions.CrawlRunRecorder": 500,
    "crawler.extensions.LastingSkipMemory": 510,
    "crawler.progress.CrawlProgress": 600,
    "crawler.extensions.QuietNetworkFailures": 700,
}
ADDONS = {"crawler.distributed.DistributedCrawling": 0}
LOG_FORMATTER = "crawler.logformatter.WartaLogFormatter"

# --- development -----------------------------------------------------------------------
HTTPCACHE_ENABLED = os.environ.get("WARTA_HTTPCACHE", "") == "1"
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_EXPIRATION_SECS = 3600

# --- housekeeping ----------------------------------------------------------------------
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy 2.19 would otherwise start a control server
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
