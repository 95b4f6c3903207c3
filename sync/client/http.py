"""HTTP for the sync engine: one requests Session, every failure a FolioError kind.

Why this shape:
- Timeouts on every call (requests has none by default), so a dead network is
  noticed instead of hanging a sync round forever.
- Short retries (connection resets, 502/503/504, a small Retry-After) are
  urllib3's ``Retry`` inside the adapter, not a hand-written loop. A long
  Retry-After is *not* slept through here: the answer comes back as
  ``ErrorKind.RETRY_AFTER`` with its seconds so the sync loop can wait for it
  in a cancellable way.
- TLS verification uses the OS trust store (``truststore``) so internal CAs and
  TLS-inspecting proxies that IT installed work; an optional SHA-256 pin of the
  server certificate's public key (SPKI) is checked on every new connection.
- Plain ``http://`` is refused before anything is sent unless the host is this
  machine (127.0.0.0/8, ::1, ``localhost``): a password, a token or the server's
  signing key pinned over an open network would be anyone's. Loopback stays
  allowed for a local test server and a TLS proxy on the same host.
- Proxies come from the environment (``trust_env``), like every other app on a
  managed machine.
- Downloads never trust requests' timeouts alone: a server that trickles one
  byte a second defeats a read timeout, so ``DownloadStream`` has a throughput
  watchdog and a total deadline, reads with ``read1`` so the watchdog is checked
  whenever bytes arrive, asks for ``Accept-Encoding: identity`` and never reads
  past the expected size.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import logging
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
import truststore
import urllib3
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from sync.errors import ErrorKind, FolioError
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, error_kind_for

log = logging.getLogger("folio.client")

USER_AGENT = "folio-sync/0.1"
RETRY_STATUSES = frozenset({429, 502, 503, 504})


def is_loopback_host(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``: names that never leave this machine.

    ``localhost`` is taken by name (RFC 6761 reserves it for loopback); any other
    name is not resolved to decide, since DNS is what an attacker may control.
    """
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def require_secure_url(url: str) -> str:
    """``url`` if Folio may talk to it: https://, or http:// to this machine only.

    Raises INSECURE_SERVER otherwise, before any connection is opened.
    """
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        raise FolioError(ErrorKind.BAD_INPUT, "the server address is not a URL") from None
    scheme = parts.scheme.lower()
    if scheme == "https" and host:
        return url
    if scheme == "http" and host and is_loopback_host(host):
        return url
    if scheme == "http":
        raise FolioError(ErrorKind.INSECURE_SERVER, "plain http:// is allowed only to this machine")
    raise FolioError(ErrorKind.BAD_INPUT, "the server address must start with https://")


@dataclass(frozen=True)
class HttpConfig:
    """Tunables of the transport; tests shrink them, production keeps the defaults."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 3
    backoff_factor: float = 0.5
    backoff_max: float = 8.0
    # A Retry-After up to this many seconds is waited for inside the request;
    # anything longer is returned to the sync loop as RETRY_AFTER.
    inline_retry_after_max: float = 2.0
    # certificate public-key pin: base64 of sha256(SubjectPublicKeyInfo DER)
    spki_pin_sha256: str | None = None
    # Download watchdog: after ``watchdog_window`` seconds a transfer slower than
    # ``min_bytes_per_second`` is cut; no transfer lasts longer than ``deadline``.
    min_bytes_per_second: float = 4096.0
    watchdog_window: float = 20.0
    download_deadline: float = 1800.0
    chunk_size: int = 256 * 1024
    user_agent: str = USER_AGENT
    extra_headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.connect_timeout, self.read_timeout)


class _FolioRetry(Retry):
    """urllib3's Retry, except that a long Retry-After ends the retries.

    The response then reaches the client, which turns it into RETRY_AFTER with
    the server's seconds, and the loop waits that long in a cancellable way.
    """

    inline_retry_after_max: float = 2.0

    def new(self, **kw: Any) -> _FolioRetry:
        fresh = super().new(**kw)
        fresh.inline_retry_after_max = self.inline_retry_after_max
        return fresh

    def increment(self, *args: Any, **kwargs: Any) -> _FolioRetry:
        response = kwargs.get("response")
        if response is None and len(args) >= 3:
            response = args[2]
        if response is not None and self.respect_retry_after_header:
            header = response.headers.get("Retry-After")
            if header is not None:
                try:
                    seconds = self.parse_retry_after(header)
                except urllib3.exceptions.InvalidHeader:
                    seconds = None
                if seconds is not None and seconds > self.inline_retry_after_max:
                    raise MaxRetryError(kwargs.get("_pool"), kwargs.get("url") or "", None)  # type: ignore[arg-type]  # urllib3 accepts a missing pool here
        return super().increment(*args, **kwargs)


def _spki_sha256_b64(cert_der: bytes) -> str:
    cert = x509.load_der_x509_certificate(cert_der)
    spki = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")


def _pinned_pool_class(pin: str) -> type[HTTPSConnectionPool]:
    class PinnedHTTPSConnection(HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            sock = self.sock
            cert = sock.getpeercert(binary_form=True) if isinstance(sock, ssl.SSLSocket) else None
            if not cert or _spki_sha256_b64(cert) != pin:
                self.close()
                raise ssl.SSLCertVerificationError(
                    "server certificate public key does not match the pin"
                )

    class PinnedHTTPSConnectionPool(HTTPSConnectionPool):
        ConnectionCls = PinnedHTTPSConnection

    return PinnedHTTPSConnectionPool


class _FolioAdapter(HTTPAdapter):
    """An adapter that verifies TLS with the OS trust store and, if set, a key pin."""

    def __init__(self, config: HttpConfig, retry: Retry | int) -> None:
        self._config = config
        self._ssl_context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        super().__init__(max_retries=retry, pool_connections=4, pool_maxsize=8)

    def _pin_pools(self, manager: Any) -> None:
        pin = self._config.spki_pin_sha256
        if pin and hasattr(manager, "pool_classes_by_scheme"):
            manager.pool_classes_by_scheme = {
                "http": HTTPConnectionPool,
                "https": _pinned_pool_class(pin),
            }

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        # Every request passes here, redirects included: a 307 from https:// to a
        # plain http:// host would otherwise resend the body (a password) in clear.
        require_secure_url(request.url or "")
        return super().send(request, *args, **kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = self._ssl_context
        super().init_poolmanager(*args, **kwargs)
        self._pin_pools(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        proxy_kwargs.setdefault("ssl_context", self._ssl_context)
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        self._pin_pools(manager)
        return manager


def make_session(config: HttpConfig, *, retry: bool = True) -> requests.Session:
    """A Session with our adapter on both schemes; ``retry=False`` for one-shot calls."""
    session = requests.Session()
    session.trust_env = True  # proxies (HTTPS_PROXY, NO_PROXY) and CA bundle overrides
    policy: Retry | int
    if retry:
        folio_retry = _FolioRetry(
            total=config.retries,
            connect=config.retries,
            read=config.retries,
            status=config.retries,
            other=0,
            # every Folio call is idempotent: op ids, cursors, content addresses
            allowed_methods=None,
            status_forcelist=RETRY_STATUSES,
            backoff_factor=config.backoff_factor,
            backoff_max=config.backoff_max,
            backoff_jitter=config.backoff_factor,
            respect_retry_after_header=True,
            raise_on_status=False,
            raise_on_redirect=False,
        )
        folio_retry.inline_retry_after_max = config.inline_retry_after_max
        policy = folio_retry
    else:
        policy = 0
    adapter = _FolioAdapter(config, policy)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = config.user_agent
    session.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
    session.headers.update(config.extra_headers)
    return session


# --- mapping failures to kinds ---------------------------------------------------


def _retry_after_seconds(response: requests.Response) -> float | None:
    header = response.headers.get("Retry-After")
    if header is None:
        return None
    try:
        return float(Retry().parse_retry_after(header))
    except (urllib3.exceptions.InvalidHeader, ValueError):
        return None


def error_code(response: requests.Response) -> str | None:
    """The machine-readable code of an error answer, if the body has one."""
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    for candidate in (body.get("code"), body.get("error"), body.get("detail")):
        if isinstance(candidate, str):
            return candidate
        if isinstance(candidate, dict):
            code = candidate.get("code")
            if isinstance(code, str):
                return code
    return None


def error_for_status(response: requests.Response, what: str) -> FolioError:
    """The FolioError for a non-2xx answer. ``what`` names the call, never content."""
    status = response.status_code
    code = error_code(response)
    detail = f"{what}: HTTP {status}" + (f" ({code})" if code else "")
    kind = error_kind_for(status, code)
    retry_after = _retry_after_seconds(response)
    if kind in (ErrorKind.SERVER, ErrorKind.RETRY_AFTER) and retry_after is not None:
        return FolioError(ErrorKind.RETRY_AFTER, detail, retry_after=retry_after, reason=code)
    if kind is ErrorKind.RETRY_AFTER:
        return FolioError(kind, detail, retry_after=1.0, reason=code)
    return FolioError(kind, detail, reason=code)


def _certificate_refused(exc: BaseException) -> bool:
    """True when TLS failed because the server's certificate did not verify (unknown CA,
    wrong name, expired, or not the pinned key), as opposed to a broken handshake:
    IT then has a CA to install or an address to fix, which "try again" never does."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        e = todo.pop()
        if not isinstance(e, BaseException) or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, ssl.SSLCertVerificationError):
            return True
        todo.extend([*e.args, getattr(e, "reason", None), e.__cause__, e.__context__])
    return False


def error_for_exception(exc: BaseException, what: str) -> FolioError:
    """Map a requests/urllib3 exception to a kind. Only type names reach the detail."""
    name = type(exc).__name__
    if _certificate_refused(exc):
        return FolioError(ErrorKind.UNTRUSTED_SERVER, f"{what}: certificate not trusted")
    if isinstance(exc, requests.exceptions.SSLError):
        return FolioError(ErrorKind.PROTOCOL, f"{what}: TLS handshake failed")
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return FolioError(ErrorKind.OFFLINE, f"{what}: could not connect in time")
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return FolioError(ErrorKind.TIMEOUT, f"{what}: the server stopped answering")
    if isinstance(exc, requests.exceptions.ChunkedEncodingError | urllib3.exceptions.ProtocolError):
        return FolioError(ErrorKind.PROTOCOL, f"{what}: the answer was cut off ({name})")
    if isinstance(exc, requests.exceptions.ConnectionError):
        reason = exc.args[0] if exc.args else None
        inner = getattr(reason, "reason", reason)
        if isinstance(inner, urllib3.exceptions.NewConnectionError | ConnectionRefusedError):
            return FolioError(ErrorKind.OFFLINE, f"{what}: server not reachable")
        if isinstance(inner, urllib3.exceptions.ReadTimeoutError):
            return FolioError(ErrorKind.TIMEOUT, f"{what}: the server stopped answering")
        if isinstance(inner, urllib3.exceptions.ProtocolError):
            return FolioError(ErrorKind.PROTOCOL, f"{what}: the connection broke mid-answer")
        if isinstance(inner, urllib3.exceptions.SSLError):
            return FolioError(ErrorKind.PROTOCOL, f"{what}: TLS handshake failed")
        return FolioError(ErrorKind.OFFLINE, f"{what}: connection failed ({name})")
    if isinstance(exc, requests.exceptions.RequestException):
        return FolioError(ErrorKind.PROTOCOL, f"{what}: {name}")
    if isinstance(exc, OSError):
        return FolioError(ErrorKind.OFFLINE, f"{what}: {name}")
    return FolioError(ErrorKind.PROTOCOL, f"{what}: {name}")


def parse_json(response: requests.Response, what: str) -> Any:
    """Body as JSON, with the length checked; garbage or a short body is PROTOCOL."""
    body = response.content
    declared = response.headers.get("Content-Length")
    if declared is not None and response.headers.get("Content-Encoding") in (None, "identity"):
        try:
            if int(declared) != len(body):
                raise FolioError(ErrorKind.PROTOCOL, f"{what}: Content-Length does not match")
        except ValueError:
            raise FolioError(ErrorKind.PROTOCOL, f"{what}: bad Content-Length") from None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise FolioError(ErrorKind.PROTOCOL, f"{what}: the answer is not valid JSON") from None


# --- downloads ---------------------------------------------------------------------


class Watchdog:
    """Cuts a transfer that is too slow on average or too long in total.

    requests' read timeout only fires when *no* byte arrives for that long; a
    server (or a proxy) that sends one byte a second keeps it happy forever.
    """

    def __init__(
        self,
        *,
        min_bytes_per_second: float,
        window: float,
        deadline: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._min_rate = min_bytes_per_second
        self._window = window
        self._clock = clock
        self._started = clock()
        self._deadline_at = self._started + deadline
        self._window_start = self._started
        self._window_bytes = 0

    def feed(self, nbytes: int) -> None:
        now = self._clock()
        if now > self._deadline_at:
            raise FolioError(ErrorKind.TIMEOUT, "download: total deadline passed")
        self._window_bytes += nbytes
        elapsed = now - self._window_start
        if elapsed >= self._window:
            if self._window_bytes / elapsed < self._min_rate:
                raise FolioError(ErrorKind.TIMEOUT, "download: the server sends too slowly")
            self._window_start = now
            self._window_bytes = 0


class DownloadStream:
    """A Range answer, read piece by piece with the watchdog watching.

    ``offset`` is where the bytes start: the asked-for offset on 206, zero when
    the server sent the whole file instead (200), which the caller must handle.
    """

    def __init__(
        self,
        response: requests.Response,
        *,
        offset: int,
        expected_end: int,
        config: HttpConfig,
        cancel: threading.Event | None,
    ) -> None:
        self._response = response
        self.offset = offset
        self._remaining = expected_end - offset
        self._config = config
        self._cancel = cancel
        self._watchdog = Watchdog(
            min_bytes_per_second=config.min_bytes_per_second,
            window=config.watchdog_window,
            deadline=config.download_deadline,
        )

    def __enter__(self) -> DownloadStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._response.close()

    def chunks(self) -> Iterator[bytes]:
        """Yield bytes until the expected end; raise a FolioError on any break."""
        raw = self._response.raw
        while self._remaining > 0:
            if self._cancel is not None and self._cancel.is_set():
                raise FolioError(ErrorKind.CANCELLED, "download cancelled")
            want = min(self._config.chunk_size, self._remaining)
            try:
                data = raw.read1(want, decode_content=False)
            except FolioError:
                raise
            except Exception as exc:  # every transport failure maps to a kind
                raise error_for_exception(exc, "download") from None
            if not data:
                raise FolioError(ErrorKind.PROTOCOL, "download: the answer ended early")
            if len(data) > self._remaining:
                data = data[: self._remaining]
            self._remaining -= len(data)
            self._watchdog.feed(len(data))
            yield data


@dataclass
class HttpTransport:
    """The wire under FolioClient: a base URL, a config and the sessions.

    Tests point ``base_url`` at the fault proxy; nothing else changes.
    """

    base_url: str
    config: HttpConfig = field(default_factory=HttpConfig)

    def __post_init__(self) -> None:
        self.base_url = require_secure_url(self.base_url.rstrip("/"))
        self._session = make_session(self.config)
        self._once = make_session(self.config, retry=False)

    def close(self) -> None:
        self._session.close()
        self._once.close()

    def url(self, path: str) -> str:
        return self.base_url + path

    def request(
        self,
        method: str,
        path: str,
        *,
        what: str,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        retry: bool = True,
    ) -> requests.Response:
        """One call with timeouts; transport failures become FolioErrors, answers are returned."""
        session = self._session if retry else self._once
        try:
            return session.request(
                method,
                self.url(path),
                json=json_body,
                headers=dict(headers or {}),
                params=dict(params or {}),
                timeout=self.config.timeout,
            )
        except requests.exceptions.RequestException as exc:
            raise error_for_exception(exc, what) from None

    def download(
        self,
        path: str,
        *,
        offset: int,
        size: int,
        etag: str | None,
        headers: Mapping[str, str] | None = None,
        cancel: threading.Event | None = None,
    ) -> DownloadStream:
        """Open a Range download of ``path`` from ``offset`` to ``size``.

        The caller reads ``stream.offset`` to learn where the bytes start.
        """
        all_headers = {"Accept-Encoding": "identity", **dict(headers or {})}
        if offset > 0:
            all_headers["Range"] = f"bytes={offset}-{size - 1}"
            if etag:
                all_headers["If-Range"] = etag
        try:
            response = self._session.get(
                self.url(path), headers=all_headers, timeout=self.config.timeout, stream=True
            )
        except requests.exceptions.RequestException as exc:
            raise error_for_exception(exc, "download") from None
        if response.status_code == 206:
            start = _content_range_start(response)
            if start != offset:
                response.close()
                raise FolioError(ErrorKind.PROTOCOL, "download: Content-Range does not match")
            return DownloadStream(
                response, offset=offset, expected_end=size, config=self.config, cancel=cancel
            )
        if response.status_code == 200:
            return DownloadStream(
                response, offset=0, expected_end=size, config=self.config, cancel=cancel
            )
        try:
            raise error_for_status(response, "download")
        finally:
            response.close()


def _content_range_start(response: requests.Response) -> int:
    header = response.headers.get("Content-Range", "")
    try:
        unit, _, rest = header.partition(" ")
        start = rest.split("-", 1)[0]
        if unit != "bytes":
            raise ValueError(unit)
        return int(start)
    except ValueError:
        raise FolioError(ErrorKind.PROTOCOL, "download: bad Content-Range") from None
