"""What one client may ask of the web app: a request rate and a share of the queue per client
address, back-off then lock-out after wrong facilitator passwords, and a small cache of opened
source documents.

Each limiter keeps its state in memory in one process (a replica limits the clients it serves)
and takes its clock as an argument, so its behaviour can be checked without waiting.
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable

log = logging.getLogger(__name__)

MAX_CLIENTS = 10_000  # clients remembered at once; the longest-idle are forgotten first


class RateLimiter:
    """A token bucket per client: up to ``burst`` requests at once, then ``per_minute``."""

    def __init__(self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate = per_minute / 60.0
        self.burst = max(1, burst)
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, client: str) -> float:
        """Take one request from the client's bucket: 0 when it may go ahead, else the seconds
        until it may (nothing is taken then)."""
        if self.rate <= 0:
            return 0.0
        with self._lock:
            now = self.clock()
            tokens, last = self._buckets.pop(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
            self._buckets[client] = (tokens - 1 if wait == 0 else tokens, now)
            while len(self._buckets) > MAX_CLIENTS:
                self._buckets.popitem(last=False)
            return wait


class AdmissionGate:
    """ASGI middleware in front of the app. A request that would start work (a queue join or an
    API call) is refused before it reaches the queue when its client already has ``max_pending``
    requests waiting or running, and any POST is refused when its client is over its rate or its
    body is over ``max_body`` bytes. A refusal is a 429 (or 413) with ``Retry-After`` and a
    one-line ``detail``, which the page shows as it is.

    ``pending(client)`` counts the client's requests already in the queue."""

    STARTS_WORK = re.compile(r"/queue/join$|/call/[^/]+$")

    def __init__(self, app, rate: RateLimiter, max_pending: int, pending: Callable[[str], int], max_body: int = 0):
        self.app = app
        self.rate = rate
        self.max_pending = max_pending
        self.pending = pending
        self.max_body = max_body
        self.joining: Counter = Counter()  # requests admitted but not yet in the queue, per client

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("unknown",))[0]
        starts_work = bool(self.STARTS_WORK.search(scope["path"]))
        length = dict(scope.get("headers") or []).get(b"content-length", b"0")
        length = int(length) if length.isdigit() else 0
        if self.max_body and length > self.max_body:
            return await _refuse(
                send, 413, 0, f"The request is over the {self.max_body // 1_000_000} MB limit.", length
            )
        if starts_work and self.max_pending and self.joining[client] + self.pending(client) >= self.max_pending:
            log.debug("refused %s: %d requests waiting or running", client, self.max_pending)
            return await _refuse(
                send,
                429,
                1,
                f"Too many requests from your address at once ({self.max_pending} waiting or "
                f"running): try again in 1 s.",
                length,
            )
        wait = self.rate.wait(client)
        if wait:
            log.debug("refused %s: over the rate, %.1f s to wait", client, wait)
            return await _refuse(
                send,
                429,
                wait,
                f"Too many requests from your address: try again in {max(1, math.ceil(wait))} s.",
                length,
            )
        if not starts_work:
            return await self.app(scope, receive, send)
        self.joining[client] += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.joining[client] -= 1
            if self.joining[client] <= 0:
                del self.joining[client]


async def _refuse(send, status: int, wait: float, message: str, length: int) -> None:
    """Answer without reading the request's body; a large one is not read at all (the connection
    is closed after the answer)."""
    body = json.dumps({"detail": message, "error": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if wait:
        headers.append((b"retry-after", str(max(1, math.ceil(wait))).encode()))
    if length > 1_000_000:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class LoginGuard:
    """Wrong facilitator passwords per client: the first ``FREE`` cost nothing, then each one
    makes the client wait 2, 4, 8 … (at most ``BACKOFF_MAX``) seconds before the next try, and
    ``lockout_failures`` within ``window_s`` lock it out for ``window_s``. A right password, once
    the client may try again, clears its count. Logged with the client address, never the
    password."""

    FREE = 2
    BACKOFF_MAX = 60.0

    def __init__(
        self, lockout_failures: int = 10, window_s: float = 900.0, clock: Callable[[], float] = time.monotonic
    ):
        self.lockout_failures = max(1, lockout_failures)
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[str, list[float]] = {}
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, client: str) -> float:
        """Seconds before ``client`` may try a password again (0: now)."""
        with self._lock:
            return max(0.0, self._until.get(client, 0.0) - self.clock())

    def failed(self, client: str) -> float:
        """Count a wrong password from ``client``; returns how long it must now wait."""
        with self._lock:
            now = self.clock()
            failures = [t for t in self._failures.get(client, []) if now - t < self.window_s] + [now]
            self._failures[client] = failures
            n = len(failures)
            if n >= self.lockout_failures:
                wait = self.window_s
                log.warning(
                    "facilitator login locked for %s for %.0f min after %d wrong passwords", client, wait / 60, n
                )
            else:
                wait = 0.0 if n <= self.FREE else min(2.0 ** (n - self.FREE), self.BACKOFF_MAX)
                log.warning("wrong facilitator password from %s (%d in %.0f min)", client, n, self.window_s / 60)
            self._until[client] = now + wait
            if len(self._failures) > MAX_CLIENTS:
                self._forget(now)
            return wait

    def succeeded(self, client: str) -> None:
        with self._lock:
            if self._failures.pop(client, None):
                log.info("facilitator login from %s after wrong passwords", client)
            self._until.pop(client, None)

    def _forget(self, now: float) -> None:
        for client in [
            c
            for c, times in self._failures.items()
            if now - times[-1] >= self.window_s and self._until.get(c, 0) <= now
        ]:
            self._failures.pop(client, None)
            self._until.pop(client, None)


class ViewCache:
    """A small LRU of rendered views keyed by whatever names a version (e.g. document id, page and
    content hash). A miss is computed under one lock, so at most one parse runs at a time and a
    view asked for by several clients at once is made once."""

    def __init__(self, size: int = 16):
        self.size = size
        self._views: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._making = threading.Lock()

    def get(self, key, make: Callable[[], str]) -> str:
        with self._lock:
            if key in self._views:
                self._views.move_to_end(key)
                return self._views[key]
        with self._making:
            with self._lock:
                if key in self._views:
                    return self._views[key]
            view = make()
            with self._lock:
                self._views[key] = view
                while len(self._views) > self.size:
                    self._views.popitem(last=False)
            return view
