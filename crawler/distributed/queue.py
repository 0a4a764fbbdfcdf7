"""The shared request queue, with leases: a request a worker takes is not gone from
Redis until the worker says it is finished with it.

scrapy-redis pops a request out of Redis the moment a worker takes it, so a worker that
dies loses every request it had in flight (and the duplicate filter stops anyone from
scheduling them again). Here taking a request moves it, atomically, into the worker's
lease hash; the worker deletes the lease once the page is stored or skipped, and a
worker whose heartbeat expired has its leases put back in the queue by whichever worker
notices first.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from scrapy import Request
from scrapy_redis.queue import PriorityQueue

from crawler.distributed.keys import ACTIVE_SITES, SiteKeys, heartbeat

# Where in ``request.meta`` a taken request carries its lease token.
LEASE = "warta_lease"
# Where a request a response's callback yielded carries the lease of that response's
# request, until it is queued (see LeaseMiddleware).
PARENT_LEASE = "warta_parent_lease"

# Take the first request and lease it, unless the worker already holds ARGV[3] leases
# (0: no limit). The token ends with the request's score, so a requeued request keeps
# its priority.
_TAKE = """
local most = tonumber(ARGV[3])
if most > 0 and redis.call('HLEN', KEYS[2]) >= most then return false end
local found = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #found == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
local token = ARGV[2] .. '|' .. found[2]
redis.call('HSET', KEYS[2], token, found[1])
redis.call('SADD', KEYS[3], ARGV[1])
return {token, found[1]}
"""

# Put every request a worker holds back in the queue: KEYS queue, holders; ARGV worker,
# leases key.
_REQUEUE_BODY = """
local function requeue(queue, holders, worker, leases)
  local entries = redis.call('HGETALL', leases)
  for i = 1, #entries, 2 do
    local score = tonumber(string.match(entries[i], '|([^|]+)$'))
    redis.call('ZADD', queue, score, entries[i + 1])
  end
  redis.call('DEL', leases)
  redis.call('SREM', holders, worker)
  return #entries / 2
end
"""

_REQUEUE = _REQUEUE_BODY + "return requeue(KEYS[1], KEYS[2], ARGV[1], ARGV[2])"

# Requeue the leases of dead workers, then count what is left; a round with nothing
# queued and nothing held is over and leaves the active sites.
# KEYS queue, holders, active sites; ARGV site, leases prefix, heartbeat prefix.
_SETTLE = (
    _REQUEUE_BODY
    + """
local requeued, held = 0, 0
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local leases = ARGV[2] .. worker
  if redis.call('EXISTS', ARGV[3] .. worker) == 0 then
    requeued = requeued + requeue(KEYS[1], KEYS[2], worker, leases)
  else
    held = held + redis.call('HLEN', leases)
  end
end
local queued = redis.call('ZCARD', KEYS[1])
if queued == 0 and held == 0 then redis.call('SREM', KEYS[3], ARGV[1]) end
return {requeued, queued, held}
"""
)


@dataclass(frozen=True)
class RoundState:
    """What a site's round has left, after dead workers' requests were requeued."""

    requeued: int
    queued: int
    held: int

    @property
    def over(self) -> bool:
        return self.queued == 0 and self.held == 0


class LeasedQueue(PriorityQueue):
    """scrapy-redis's priority queue, taking requests under a lease for ``worker``, at most
    ``most_held`` at a time (0: no limit): what a worker that dies leaves to be fetched
    again is bounded by it."""

    def __init__(
        self, server, spider, keys: SiteKeys, worker: str, serializer=None, most_held: int = 0
    ) -> None:
        super().__init__(server, spider, keys.requests, serializer)
        self.keys = keys
        self.worker = worker
        self.most_held = most_held
        self._take = server.register_script(_TAKE)
        self._requeue = server.register_script(_REQUEUE)
        self._settle = server.register_script(_SETTLE)

    def pop(self, timeout: int = 0) -> Request | None:
        found = self._take(
            keys=[self.key, self.keys.leases(self.worker), self.keys.holders],
            args=[self.worker, uuid.uuid4().hex, self.most_held],
        )
        if not found:
            return None
        token, data = found
        request = self._decode_request(data)
        request.meta[LEASE] = token.decode() if isinstance(token, bytes) else token
        return request

    def release(self, token: str | None) -> None:
        """The request is finished with: nothing will ever need it again."""
        if token:
            self.server.hdel(self.keys.leases(self.worker), token)

    def requeue_own(self) -> int:
        """Give back what this worker holds (it is stopping, or lost track of it)."""
        return self._requeue(
            keys=[self.key, self.keys.holders],
            args=[self.worker, self.keys.leases(self.worker)],
        )

    def settle(self) -> RoundState:
        requeued, queued, held = self._settle(
            keys=[self.key, self.keys.holders, ACTIVE_SITES],
            args=[self.keys.site, self.keys.leases_prefix, heartbeat("")],
        )
        return RoundState(requeued, queued, held)
