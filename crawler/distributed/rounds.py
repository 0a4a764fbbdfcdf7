"""Crawl rounds: one pass over a site by every worker together.

``warta enqueue`` (or ``warta crawl --redis``, or the scheduler) begins a round: it
clears the site's duplicate filter from the last round, notes the backfill window, puts
one request in the shared queue whose callback reads the site's sitemaps and feeds, and
marks the site active. Workers crawl the active sites; the round is over when nothing of
the site is queued or held, and the site leaves the active set.

The duplicate filter lives as long as its round: within a round no URL is fetched twice
by any worker; across rounds the database decides what is new, so an article that failed
in one round is tried again in the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scrapy import Request
from scrapy_redis import picklecompat

from crawler.distributed.keys import ACTIVE_SITES, SiteKeys
from crawler.sites import SiteProfile

# The round's first request: answered by Scrapy itself, its callback does discovery.
ROUND_START_URL = "data:,warta-round-start"
_START_PRIORITY = 100

# KEYS active sites, requests, dupefilter, incomplete, round;
# ARGV site, site argument, since, until, start request, its score.
_BEGIN = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
redis.call('DEL', KEYS[3], KEYS[4], KEYS[5])
redis.call('HSET', KEYS[5], 'site', ARGV[2], 'since', ARGV[3], 'until', ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[6], ARGV[5])
redis.call('SADD', KEYS[1], ARGV[1])
return 1
"""


@dataclass(frozen=True)
class Round:
    """An active round, as workers need it to open a spider for it."""

    key: str
    site: str  # the spider's ``site`` argument: a profile key, or a URL
    since: date | None = None
    until: date | None = None


def _start_request() -> bytes:
    request = Request(ROUND_START_URL, dont_filter=True, priority=_START_PRIORITY)
    # Serialized as a worker's spider would serialize it, with the callbacks by name. Its
    # errback gives the lease back: a start request that fails (a misconfigured proxy)
    # would otherwise be requeued and retaken every few seconds, forever.
    callbacks = {"callback": "begin_discovery", "errback": "discovery_failed"}
    return picklecompat.dumps(request.to_dict() | callbacks)


def begin_round(
    server, profile: SiteProfile, since: date | None = None, until: date | None = None
) -> bool:
    """Begin a round of ``profile``'s site; False if one is already in progress."""
    keys = SiteKeys(profile.key)
    begun = server.register_script(_BEGIN)(
        keys=[ACTIVE_SITES, keys.requests, keys.dupefilter, keys.incomplete, keys.round],
        args=[
            profile.key,
            profile.target,
            since.isoformat() if since else "",
            until.isoformat() if until else "",
            _start_request(),
            -_START_PRIORITY,
        ],
    )
    return bool(begun)


def active_rounds(server) -> list[Round]:
    rounds = []
    for raw_key in sorted(server.smembers(ACTIVE_SITES)):
        key = raw_key.decode()
        fields = {k.decode(): v.decode() for k, v in server.hgetall(SiteKeys(key).round).items()}
        rounds.append(
            Round(
                key=key,
                site=fields.get("site") or key,
                since=date.fromisoformat(fields["since"]) if fields.get("since") else None,
                until=date.fromisoformat(fields["until"]) if fields.get("until") else None,
            )
        )
    return rounds


def round_progress(server, key: str) -> tuple[int, int]:
    """Requests of ``key``'s round queued and held by workers, for people to read."""
    keys = SiteKeys(key)
    held = sum(
        server.hlen(keys.leases(worker.decode())) for worker in server.smembers(keys.holders)
    )
    return server.zcard(keys.requests), held
