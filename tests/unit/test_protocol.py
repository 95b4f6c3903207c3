"""sync.protocol: every message round-trips, garbage is a PROTOCOL error, signatures bind bytes."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync import protocol as p
from sync.errors import ErrorKind, FolioError

T = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
SHA = "ab" * 32

DOC = p.ManifestDocument("d1", "i1", "Doc", "a.pdf", 2, 10, SHA, (SHA,), False)
ITEM = p.ManifestItem("i1", "1", "Item", False, "proposal", True, T, 0, "c1")
MANIFEST = p.Manifest(
    meeting_id="m1",
    version=3,
    issued_at=T,
    expires_at=T + timedelta(days=7),
    committee_id="k1",
    committee_name="Board",
    title="Meeting",
    starts_at=T,
    location="Room",
    language="da",
    items=(ITEM,),
    documents=(DOC,),
    withdrawn_documents=("d0",),
)
ANN = p.AnnotationPayload(
    "a1",
    "d1",
    1,
    0,
    "highlight",
    "#ff0000",
    p.Visibility.PRIVATE,
    rects=([1.0, 2.0, 3.0, 4.0],),
    quote={"exact": "x", "prefix": "", "suffix": ""},
)

KEYS = p.DeviceKeys(base64.b64encode(b"e" * 32).decode(), base64.b64encode(b"x" * 32).decode())

MESSAGES: list[Any] = [
    p.ErrorBody("device_revoked", "gone"),
    p.Policy(30, 7),
    p.Health("ok", 1, T),
    p.EnrollRequest("dev", username="u", password="pw"),
    p.EnrollRequest("dev", code="ABCD-EFGH"),
    p.TokenPair("a", "r", 3600, T),
    p.EnrollResponse(
        "d",
        "u",
        "name",
        p.TokenPair("a", "r", 60, T),
        base64.b64encode(b"k" * 32).decode(),
        p.Policy(),
    ),
    p.EnrollResponse(
        "d",
        "u",
        "name",
        p.TokenPair("a", "r", 60, T),
        base64.b64encode(b"k" * 32).decode(),
        p.Policy(),
        display_name="Jane Doe",
    ),
    p.RefreshRequest("r"),
    DOC,
    ITEM,
    MANIFEST,
    p.SignedManifest("bWFu", "c2ln"),
    p.Op("o1", "comment.add", {"x": 1}, T),
    p.OpsRequest((p.Op("o1", "comment.add", {"x": 1}),)),
    p.OpAnswer("o1", p.OpStatus.APPLIED, None, 2, "r1", T),
    p.OpsResponse((p.OpAnswer("o1", p.OpStatus.REJECTED, "no_access"),)),
    ANN,
    p.AnnotationDeletePayload("a1"),
    p.CommentPayload("c1", p.CommentTarget.ITEM, "i1", "hi", None),
    p.DecisionPayload("ap1", "c1", 1, p.DecisionValue.APPROVE, "ok"),
    p.ReadReceiptPayload("d1", 1),
    p.CaseInfo("c1", "T", "D", T, p.CaseState.OPEN, 1, "m1", "i1", p.DecisionValue.REJECT, "r"),
    p.AnnotationInfo(ANN, "a1", 3, False, T),
    p.AnnotationInfo(None, "a1", 4, True, T),
    p.CommentInfo("c1", p.CommentTarget.CASE, "c9", "body", "Alice", T, "c0"),
    p.FeedPage((p.FeedEntry("policy.put", p.Policy().to_json()),), "f1.MQ", False, T),
    p.WipedRequest("d1"),
    p.EnrollRequest("dev", code="ABCD-EFGH", keys=KEYS),
    KEYS,
    p.ChallengeRequest("d1"),
    p.Challenge(base64.b64encode(b"c" * 32).decode(), 120),
    p.ReauthRequest("d1", "Y2hhbGxlbmdl", base64.b64encode(b"s" * 64).decode()),
]


@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: type(m).__name__)
def test_round_trip(message: Any) -> None:
    wire = p.loads(p.canonical_json(message.to_json()))
    assert type(message).from_json(wire) == message


@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: type(m).__name__)
@pytest.mark.parametrize("garbage", [None, 3, "x", [], {}])
def test_garbage_is_a_protocol_error(message: Any, garbage: Any) -> None:
    with pytest.raises(FolioError) as info:
        type(message).from_json(garbage)
    assert info.value.kind is ErrorKind.PROTOCOL


@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: type(m).__name__)
def test_every_field_with_a_wrong_type_is_refused(message: Any) -> None:
    good = message.to_json()
    for key in good:
        for bad in ({"nested": 1}, 1.5):
            if key == "payload" and isinstance(bad, dict):
                continue  # an op payload is any object; it is validated per kind on apply
            with pytest.raises(FolioError) as info:
                type(message).from_json(dict(good, **{key: bad}))
            assert info.value.kind is ErrorKind.PROTOCOL, key


def test_canonical_json_ignores_key_order() -> None:
    assert p.payload_hash({"a": 1, "b": [1, 2]}) == p.payload_hash({"b": [1, 2], "a": 1})
    assert p.payload_hash({"a": 1}) != p.payload_hash({"a": 2})
    with pytest.raises(FolioError):
        p.canonical_json({"x": float("nan")})


def test_times_need_a_timezone() -> None:
    with pytest.raises(FolioError):
        p.parse_time("2030-01-01T00:00:00")
    with pytest.raises(FolioError):
        p.format_time(datetime(2030, 1, 1))
    assert p.parse_time("2030-01-01T01:00:00+01:00") == datetime(2030, 1, 1, tzinfo=UTC)


def test_enroll_request_needs_exactly_one_method() -> None:
    for body in (
        {"device_name": "d"},
        {"device_name": "d", "username": "u", "password": "p", "code": "c"},
        {"device_name": "d", "username": "u"},
    ):
        with pytest.raises(FolioError):
            p.EnrollRequest.from_json(body)


def test_manifest_pieces_must_match_the_size() -> None:
    body = DOC.to_json() | {"size": p.PIECE_SIZE + 1}
    with pytest.raises(FolioError):
        p.ManifestDocument.from_json(body)
    assert p.piece_hashes(b"") == (p.piece_hashes(b"")[0],)
    assert len(p.piece_hashes(b"x" * (p.PIECE_SIZE * 2 + 1))) == 3


def _signed(key: Ed25519PrivateKey, raw: bytes) -> p.SignedManifest:
    return p.SignedManifest(p.b64encode(raw), p.b64encode(key.sign(raw)))


def test_verify_manifest_binds_the_exact_bytes() -> None:
    key = Ed25519PrivateKey.generate()
    pub = p.b64encode(
        key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    raw = MANIFEST.to_bytes()
    assert p.verify_manifest(_signed(key, raw), pub) == MANIFEST
    tampered = raw.replace(b'"version":3', b'"version":9')
    forged = p.SignedManifest(p.b64encode(tampered), _signed(key, raw).signature)
    with pytest.raises(FolioError) as info:
        p.verify_manifest(forged, pub)
    assert info.value.kind is ErrorKind.TAMPERED
    other = Ed25519PrivateKey.generate()
    with pytest.raises(FolioError) as info:
        p.verify_manifest(_signed(other, raw), pub)
    assert info.value.kind is ErrorKind.TAMPERED


def test_feed_entry_validates_known_kinds_and_keeps_unknown_ones() -> None:
    with pytest.raises(FolioError):
        p.FeedEntry.from_json({"kind": "case.put", "data": {"id": 1}})
    future = p.FeedEntry.from_json({"kind": "future.thing", "data": {"x": 1}})
    assert future.parsed() == {"x": 1}
    assert p.FeedEntry("membership.removed", {"committee_id": "k"}).parsed() == "k"


def test_ops_batch_is_bounded() -> None:
    ops = [p.Op(str(n), "read.receipt", {}).to_json() for n in range(p.MAX_OPS_PER_BATCH + 1)]
    with pytest.raises(FolioError):
        p.OpsRequest.from_json({"ops": ops})


def test_error_kinds_for_http_answers() -> None:
    assert p.error_kind_for(401, "device_revoked") is ErrorKind.REVOKED
    assert p.error_kind_for(401, "unauthorized") is ErrorKind.AUTH
    assert p.error_kind_for(429, "rate_limited") is ErrorKind.RETRY_AFTER
    assert p.error_kind_for(426, None) is ErrorKind.CLIENT_TOO_OLD
    assert p.error_kind_for(404, "not_found") is ErrorKind.NOT_FOUND
    assert p.error_kind_for(503, None) is ErrorKind.SERVER
    assert p.error_kind_for(400, "bad_request") is ErrorKind.BAD_INPUT


def test_an_enrollment_answer_without_a_display_name_still_reads() -> None:
    """A server from before display names: the watermark falls back to the user name."""
    answer = p.EnrollResponse(
        "d",
        "u",
        "jdoe",
        p.TokenPair("a", "r", 60, T),
        base64.b64encode(b"k" * 32).decode(),
        p.Policy(),
        display_name="Jane Doe",
    ).to_json()
    del answer["display_name"]
    assert p.EnrollResponse.from_json(answer).display_name == ""
    answer["display_name"] = 7
    with pytest.raises(FolioError):
        p.EnrollResponse.from_json(answer)


def test_keys_signatures_and_challenges_of_the_wrong_length_are_refused() -> None:
    short = base64.b64encode(b"k" * 31).decode()
    with pytest.raises(FolioError):
        p.DeviceKeys.from_json({"signing_public_key": short, "exchange_public_key": short})
    with pytest.raises(FolioError):
        p.Challenge.from_json({"challenge": short, "expires_in": 1})
    with pytest.raises(FolioError):
        p.ReauthRequest.from_json({"device_id": "d", "challenge": "c", "signature": short})


def test_the_reauth_message_binds_device_and_challenge() -> None:
    assert p.reauth_message("d1", "abc") != p.reauth_message("d2", "abc")
    assert p.reauth_message("d1", "abc").startswith(p.REAUTH_CONTEXT)
