"""``/metrics``: what an operator's Prometheus scrapes, in its text format.

Counters (requests, ops answered) are counted where they happen. With several
worker processes each one counts in its own memory-mapped file under the data
dir (prometheus-client's multiprocess mode) and a scrape, answered by any one
worker, adds them all up; ``serve`` chooses that mode before the client library
is imported, because the library fixes it at import. Gauges that describe the
whole server (devices, feed lag) are read from the database at scrape time, so
every worker answers the same and none keeps state of its own.

Who may scrape: with ``FOLIO_SERVER_METRICS_TOKEN`` set, whoever sends it as a
bearer token; without it, only a client on the server's own machine whose
request did not come through a proxy (a reverse proxy on the same host makes
every request look local, so a forwarded request is never taken as local).
The numbers carry no names, no titles and no ids: counts per route template,
status and reason only.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import shutil
import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from server.context import ServerContext, now
from server.models import Device, FeedRow
from sync import protocol as p

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry, Counter, Histogram
    from prometheus_client.metrics_core import Metric

ENV_TOKEN = "FOLIO_SERVER_METRICS_TOKEN"  # noqa: S105 (the variable's name)
MIN_TOKEN_CHARS = 32
_MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
METRICS_DIR = "metrics"
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# A device counts as active when it reached the server within these windows.
ACTIVE_WINDOWS = {"1d": timedelta(days=1), "30d": timedelta(days=30)}
_FORWARDED_HEADERS = (b"forwarded", b"x-forwarded-for", b"x-real-ip")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Asgi = Callable[[Scope, Receive, Send], Awaitable[None]]


def use_worker_files(data_dir: Path) -> Path:
    """Count in files under the data dir, shared by every worker of this ``serve``.

    Must run before anything imports prometheus_client. Emptied at each start:
    counters begin at zero with the new process, as Prometheus expects of a restart.
    """
    folder = data_dir / METRICS_DIR
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=0o700, parents=True)
    os.environ[_MULTIPROC_ENV] = str(folder)
    return folder


def _multiprocess() -> str | None:
    return os.environ.get(_MULTIPROC_ENV) or None


class _DatabaseGauges:
    """The server-wide gauges, computed from the database on each scrape."""

    def __init__(self, ctx: ServerContext) -> None:
        self._ctx = ctx

    def collect(self) -> Iterable[Metric]:
        from prometheus_client.core import GaugeMetricFamily  # noqa: PLC0415 (see module doc)

        t = now()
        with self._ctx.sessions() as session:
            states = GaugeMetricFamily(
                "folio_devices", "Enrolled devices by state", labels=["state"]
            )
            revoked = session.scalar(
                select(func.count()).select_from(Device).where(Device.revoked_at.is_not(None))
            )
            pending = session.scalar(
                select(func.count())
                .select_from(Device)
                .where(Device.revoked_at.is_(None), Device.wipe_requested_at.is_not(None))
            )
            live = session.scalar(
                select(func.count())
                .select_from(Device)
                .where(Device.revoked_at.is_(None), Device.wipe_requested_at.is_(None))
            )
            states.add_metric(["active"], float(live or 0))
            states.add_metric(["wipe_pending"], float(pending or 0))
            states.add_metric(["revoked"], float(revoked or 0))
            yield states

            active = GaugeMetricFamily(
                "folio_active_devices",
                "Devices not revoked that reached the server within the window",
                labels=["within"],
            )
            for label, window in ACTIVE_WINDOWS.items():
                n = session.scalar(
                    select(func.count())
                    .select_from(Device)
                    .where(Device.revoked_at.is_(None), Device.last_seen_at >= t - window)
                )
                active.add_metric([label], float(n or 0))
            yield active

            head = session.execute(
                select(FeedRow.seq, FeedRow.created_at).order_by(FeedRow.seq.desc()).limit(1)
            ).first()
            head_seq, head_at = (0, None) if head is None else (int(head[0]), head[1])
            yield GaugeMetricFamily(
                "folio_feed_head_seq", "Sequence number of the newest feed entry", value=head_seq
            )
            behind_count = 0
            lag = 0.0
            if head_at is not None:
                # Devices active within 30 days whose last contact predates the newest
                # entry: they have not been to the server since the feed last moved.
                recent = t - ACTIVE_WINDOWS["30d"]
                behind = (
                    Device.revoked_at.is_(None),
                    Device.last_seen_at >= recent,
                    Device.last_seen_at < head_at,
                )
                behind_count = int(
                    session.scalar(select(func.count()).select_from(Device).where(*behind)) or 0
                )
                oldest = session.scalar(select(func.min(Device.last_seen_at)).where(*behind))
                if oldest is not None:
                    lag = max(0.0, (t - oldest).total_seconds())
            yield GaugeMetricFamily(
                "folio_feed_devices_behind",
                "Devices active within 30 days that have not reached the server since the "
                "newest feed entry",
                value=behind_count,
            )
            yield GaugeMetricFamily(
                "folio_feed_lag_seconds",
                "Since when the device furthest behind (of those active within 30 days) has "
                "not reached the server while the feed holds something newer; 0 when none is",
                value=lag,
            )


class Metrics:
    """The counters of one worker process and the scrape that reads every worker's."""

    def __init__(self, ctx: ServerContext) -> None:
        # Imported here, not at module level: ``serve`` must set the multiprocess
        # directory before the library is first imported (see use_worker_files).
        from prometheus_client import (  # noqa: PLC0415
            CollectorRegistry,
            Counter,
            Histogram,
        )

        self._ctx = ctx
        self._own: CollectorRegistry = CollectorRegistry()
        self.requests: Counter = Counter(
            "folio_http_requests",
            "HTTP requests answered, by route template, method and status",
            ["route", "method", "status"],
            registry=self._own,
        )
        self.duration: Histogram = Histogram(
            "folio_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template",
            ["route"],
            registry=self._own,
        )
        self.ops: Counter = Counter(
            "folio_ops",
            "Ops answered: applied, duplicate (replayed answer) or rejected, with the reason",
            ["status", "reason"],
            registry=self._own,
        )
        self._gauges = _DatabaseGauges(ctx)
        if _multiprocess() is None:
            self._own.register(self._gauges)

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.duration.labels(route).observe(seconds)

    def count_ops(self, answers: Iterable[p.OpAnswer]) -> None:
        for a in answers:
            reason = str(a.reason or "")
            self.ops.labels(a.status.value, reason).inc()

    def render(self) -> bytes:
        from prometheus_client import CollectorRegistry, generate_latest  # noqa: PLC0415
        from prometheus_client.multiprocess import MultiProcessCollector  # noqa: PLC0415

        folder = _multiprocess()
        if folder is None:
            return generate_latest(self._own)
        scrape = CollectorRegistry()
        # The library leaves this constructor unannotated.
        MultiProcessCollector(scrape, path=folder)  # type: ignore[no-untyped-call]
        scrape.register(self._gauges)
        return generate_latest(scrape)

    # -- who may scrape -------------------------------------------------------------

    def allowed(self, scope: Scope) -> bool:
        token = os.environ.get(ENV_TOKEN, "")
        headers = dict(scope.get("headers") or [])
        if token:
            if len(token) < MIN_TOKEN_CHARS:
                return False  # a guessable token is refused rather than trusted
            sent = headers.get(b"authorization", b"").decode("latin-1")
            scheme, _, value = sent.partition(" ")
            return scheme.lower() == "bearer" and hmac.compare_digest(
                value.strip().encode(), token.encode()
            )
        if any(h in headers for h in _FORWARDED_HEADERS):
            return False
        client = scope.get("client")
        if not client:
            return False
        try:
            return ipaddress.ip_address(str(client[0])).is_loopback
        except ValueError:
            return False


class Instrument:
    """ASGI middleware counting each request by the route that answered it.

    Pure ASGI (not Starlette's BaseHTTPMiddleware): it adds no task or stream per
    request. The route label is the template (``/v1/meetings/{meeting_id}/manifest``),
    never the path with ids in it; paths no route matched count as ``other``.
    """

    def __init__(self, app: Asgi, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = [500]  # an exception that escapes is answered 500 further out

        async def send_noting_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            route = getattr(scope.get("route"), "path", None) or "other"
            self.metrics.observe_request(
                route, str(scope.get("method", "")), status[0], time.perf_counter() - start
            )
