"""OpenAPI shapes of the sync.protocol messages.

sync.protocol is the definition; these pydantic models only describe it in the
served OpenAPI schema (and do the first, shallow validation of request bodies).
Responses are produced by the protocol's ``to_json`` and checked against these
shapes by the schemathesis test, so the two cannot drift silently.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorOut(_Model):
    code: str
    detail: str


class HealthOut(_Model):
    status: str
    protocol_version: int
    server_time: str


class PolicyOut(_Model):
    retention_days: int
    offline_grace_days: int
    min_app_version: str = "0"


class CheckInOut(_Model):
    policy: PolicyOut
    wipe: bool
    server_time: str


class EnrollIn(_Model):
    device_name: str = Field(min_length=1, max_length=200)
    username: str | None = None
    password: str | None = None
    code: str | None = None
    signing_public_key: str | None = Field(default=None, max_length=64)
    exchange_public_key: str | None = Field(default=None, max_length=64)
    org_token: str | None = Field(default=None, max_length=64)


class TokenPairOut(_Model):
    access_token: str
    refresh_token: str
    access_expires_in: int
    server_time: str


class EnrollOut(_Model):
    device_id: str
    user_id: str
    username: str
    tokens: TokenPairOut
    server_public_key: str
    policy: PolicyOut
    protocol_version: int


class RefreshIn(_Model):
    refresh_token: str = Field(min_length=1, max_length=200)


class KeyAnnouncementOut(_Model):
    key: str
    signature: str


class SignedManifestOut(_Model):
    manifest: str
    signature: str
    key_announcements: list[KeyAnnouncementOut] | None = None  # while a key rotates


class FeedEntryOut(_Model):
    kind: str
    data: dict[str, Any]


class FeedRestartOut(_Model):
    epoch: str
    restored_from: str | None
    restored_seq: int


class FeedPageOut(_Model):
    entries: list[FeedEntryOut]
    cursor: str
    more: bool
    server_time: str
    epoch: str | None = None
    restart: FeedRestartOut | None = None  # the cursor was from another epoch


class OpIn(_Model):
    id: str = Field(min_length=1, max_length=100)
    kind: str = Field(min_length=1, max_length=100)
    payload: dict[str, Any]
    created_at: str | None = None
    receipt: dict[str, Any] | None = None  # re-sent after a restore: the signed first answer


class OpsIn(_Model):
    ops: list[OpIn] = Field(max_length=100)


class OpAnswerOut(_Model):
    op_id: str
    status: str
    reason: str | None
    revision: int | None
    receipt_id: str | None
    applied_at: str | None
    seq: int | None = None
    epoch: str | None = None
    signature: str | None = None


class OpsOut(_Model):
    answers: list[OpAnswerOut]


class DeviceKeysIn(_Model):
    signing_public_key: str = Field(min_length=1, max_length=64)
    exchange_public_key: str = Field(min_length=1, max_length=64)


class ChallengeIn(_Model):
    device_id: str = Field(min_length=1, max_length=100)


class ChallengeOut(_Model):
    challenge: str
    expires_in: int


class ReauthIn(_Model):
    device_id: str = Field(min_length=1, max_length=100)
    challenge: str = Field(min_length=1, max_length=100)
    signature: str = Field(min_length=1, max_length=100)


class WipedIn(_Model):
    device_id: str = Field(min_length=1, max_length=100)
