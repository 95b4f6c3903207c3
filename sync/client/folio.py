"""The Folio API over HTTP: one method per endpoint in docs/protocol.md.

Every answer is parsed with sync.protocol's ``from_json`` (which raises
PROTOCOL on anything malformed), so nothing unvalidated leaves this module.
Access tokens live in memory only; a refresh token is handed to the
``on_tokens`` callback, which stores it in the vault before it is used again.

When the server no longer knows the refresh token (it was restored from a backup
older than the token) the client answers a server challenge with the device's
enrollment key (``signer``) and gets a new token family instead of giving up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests

from sync import protocol as p
from sync.client.http import (
    DownloadStream,
    HttpConfig,
    HttpTransport,
    error_code,
    error_for_status,
    parse_json,
)
from sync.errors import ErrorKind, FolioError

API = p.API_PREFIX
#: FolioError.reason of an ops batch the server refused as too large (HTTP 413).
TOO_LARGE = "too_large"


@dataclass
class Session:
    """Who this device is to the server: its id and the current token pair."""

    device_id: str
    refresh_token: str
    access_token: str | None = None


TokensCallback = Callable[[p.TokenPair], None]
#: (device_id, challenge) -> base64 Ed25519 signature over p.reauth_message(); None when
#: the device has no identity key yet.
ChallengeSigner = Callable[[str, str], str | None]
#: The refresh answers that a signed challenge can recover from: an unknown token
#: (restored server) or a family revoked for reuse (the thief lacks the device's key).
_REAUTH_CODES = frozenset({p.ErrorCode.UNAUTHORIZED.value, p.ErrorCode.TOKEN_REUSED.value})


class FolioClient:
    """Talks to one server for one enrolled device (or, before enrollment, for none)."""

    def __init__(
        self,
        transport: HttpTransport,
        session: Session | None = None,
        *,
        on_tokens: TokensCallback | None = None,
        signer: ChallengeSigner | None = None,
    ) -> None:
        self.transport = transport
        self._session = session
        self._on_tokens = on_tokens
        self._signer = signer
        self._lock = threading.Lock()

    @classmethod
    def for_url(cls, url: str, config: HttpConfig | None = None) -> FolioClient:
        return cls(HttpTransport(url, config or HttpConfig()))

    def close(self) -> None:
        self.transport.close()

    @property
    def device_id(self) -> str:
        return self._need_session().device_id

    def _need_session(self) -> Session:
        if self._session is None:
            raise FolioError(ErrorKind.NOT_ENROLLED, "this device is not enrolled")
        return self._session

    # -- unauthenticated -----------------------------------------------------------

    def health(self) -> p.Health:
        r = self.transport.request("GET", f"{API}/health", what="health")
        return p.Health.from_json(self._json(r, "health"))

    def enroll(self, request: p.EnrollRequest) -> p.EnrollResponse:
        # One shot: an enrollment code is single use, so a blind retry could burn it.
        r = self.transport.request(
            "POST", f"{API}/enroll", what="enroll", json_body=request.to_json(), retry=False
        )
        answer = p.EnrollResponse.from_json(self._json(r, "enroll"))
        self._session = Session(
            device_id=answer.device_id,
            refresh_token=answer.tokens.refresh_token,
            access_token=answer.tokens.access_token,
        )
        return answer

    def _refresh(self, session: Session) -> None:
        body = p.RefreshRequest(session.refresh_token).to_json()
        r = self.transport.request("POST", f"{API}/token/refresh", what="refresh", json_body=body)
        if r.status_code == 401 and error_code(r) in _REAUTH_CODES and self._signer is not None:
            pair = self._reauth(session) or p.TokenPair.from_json(self._json(r, "refresh"))
        else:
            pair = p.TokenPair.from_json(self._json(r, "refresh"))
        # Persist first: the old refresh token is spent the moment the server answered.
        if self._on_tokens is not None:
            self._on_tokens(pair)
        session.refresh_token = pair.refresh_token
        session.access_token = pair.access_token

    def _reauth(self, session: Session) -> p.TokenPair | None:
        """A new token family for a challenge signed with the enrollment key; None: no key.

        A wrong signature or an unknown device raises AUTH (enroll again); a revoked
        device learns it here (REVOKED) and wipes itself like on any other call.
        """
        assert self._signer is not None
        body = p.ChallengeRequest(session.device_id).to_json()
        r = self.transport.request(
            "POST", f"{API}/device/challenge", what="challenge", json_body=body
        )
        challenge = p.Challenge.from_json(self._json(r, "challenge"))
        signature = self._signer(session.device_id, challenge.challenge)
        if signature is None:
            return None
        answer = p.ReauthRequest(session.device_id, challenge.challenge, signature).to_json()
        # One shot: the challenge is single use, a blind retry could only fail.
        r = self.transport.request(
            "POST", f"{API}/device/reauth", what="reauth", json_body=answer, retry=False
        )
        return p.TokenPair.from_json(self._json(r, "reauth"))

    # -- authenticated -------------------------------------------------------------

    def register_keys(self, keys: p.DeviceKeys) -> None:
        """POST /v1/device/keys: a device enrolled before identities registers its keys."""
        r = self._authed("POST", f"{API}/device/keys", what="keys", json_body=keys.to_json())
        if not 200 <= r.status_code < 300:
            raise error_for_status(r, "keys")

    def _access_token(self, *, stale: str | None = None) -> str:
        session = self._need_session()
        with self._lock:
            if session.access_token is None or session.access_token == stale:
                self._refresh(session)
            assert session.access_token is not None
            return session.access_token

    def _authed(
        self,
        method: str,
        path: str,
        *,
        what: str,
        json_body: Any = None,
        params: Mapping[str, str] | None = None,
    ) -> requests.Response:
        token = self._access_token()
        for attempt in range(2):
            r = self.transport.request(
                method,
                path,
                what=what,
                json_body=json_body,
                params=params,
                headers={"Authorization": f"Bearer {token}"},
            )
            if r.status_code == 401 and error_code(r) == p.ErrorCode.UNAUTHORIZED and attempt == 0:
                token = self._access_token(stale=token)
                continue
            return r
        return r  # pragma: no cover - the loop always returns

    def _json(self, r: requests.Response, what: str) -> Any:
        if not 200 <= r.status_code < 300:
            raise error_for_status(r, what)
        return parse_json(r, what)

    def feed(self, cursor: str | None, limit: int = p.DEFAULT_FEED_LIMIT) -> p.FeedPage:
        params = {"limit": str(limit)}
        if cursor:
            params["cursor"] = cursor
        r = self._authed("GET", f"{API}/feed", what="feed", params=params)
        return p.FeedPage.from_json(self._json(r, "feed"))

    def checkin(self) -> p.CheckIn:
        r = self._authed("GET", f"{API}/checkin", what="checkin")
        return p.CheckIn.from_json(self._json(r, "checkin"))

    def manifest(self, meeting_id: str) -> p.SignedManifest:
        path = f"{API}/meetings/{quote(meeting_id, safe='')}/manifest"
        r = self._authed("GET", path, what="manifest")
        return p.SignedManifest.from_json(self._json(r, "manifest"))

    def push_ops(self, ops: list[p.Op]) -> p.OpsResponse:
        body = p.OpsRequest(tuple(ops)).to_json()
        r = self._authed("POST", f"{API}/ops", what="ops", json_body=body)
        if r.status_code == 413:
            # The server's body limit fits a full batch of ops within its field caps;
            # over it, the engine sends fewer at a time (sync/engine/push.py).
            raise FolioError(ErrorKind.BAD_INPUT, "ops: HTTP 413", reason=TOO_LARGE)
        answer = p.OpsResponse.from_json(self._json(r, "ops"))
        sent = [op.id for op in ops]
        if [a.op_id for a in answer.answers] != sent:
            raise FolioError(ErrorKind.PROTOCOL, "ops: answers do not match the ops sent")
        return answer

    def device_wiped(self) -> None:
        body = p.WipedRequest(self.device_id).to_json()
        r = self._authed("POST", f"{API}/device/wiped", what="wiped", json_body=body)
        if not 200 <= r.status_code < 300:
            raise error_for_status(r, "wiped")

    def download(
        self,
        sha256: str,
        *,
        offset: int,
        size: int,
        cancel: threading.Event | None = None,
    ) -> DownloadStream:
        token = self._access_token()
        path = f"{API}/documents/{sha256}"
        etag = f'"{sha256}"'
        try:
            return self.transport.download(
                path,
                offset=offset,
                size=size,
                etag=etag,
                headers={"Authorization": f"Bearer {token}"},
                cancel=cancel,
            )
        except FolioError as exc:
            if exc.kind is not ErrorKind.AUTH or exc.reason != p.ErrorCode.UNAUTHORIZED:
                raise
        token = self._access_token(stale=token)
        return self.transport.download(
            path,
            offset=offset,
            size=size,
            etag=etag,
            headers={"Authorization": f"Bearer {token}"},
            cancel=cancel,
        )
