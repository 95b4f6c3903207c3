"""The outbox as the reader sees it: her changes named by what they are about, no receipts.

Issue 15: opening a document read as "1 change waiting" (its read receipt), and
"1 refused by the server" could not be opened or explained. The facade counts and
lists only the reader's own changes, each with its subject and, when refused, the
server's reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from folio_packs import make_pack

from sync import model
from sync import protocol as p
from sync.api import Api, only_id
from sync.protocol import OpKind
from sync.store import records
from sync.store.state import STATE_LAST_CHECKIN
from sync.vault import KdfParams


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    make_pack(tmp_path / "pack", marker="Pelicanus", documents=3)
    api = Api.create(tmp_path / "data", "1357", kdf=KdfParams.FAST_FOR_TESTS)
    api.import_pack(tmp_path / "pack")
    yield api
    if not api.is_locked:
        api.lock()


def test_a_read_receipt_is_neither_counted_nor_listed(api: Api) -> None:
    meeting = api.get_meeting(api.list_meetings()[0].id)
    doc = meeting.items[0].documents[0]
    assert api.mark_read(document_id=doc.id).outbox  # the receipt is an op ...
    assert [o.kind for o in api.list_ops()] == [OpKind.READ_RECEIPT.value]
    status = api.sync_status()
    assert (status.ops_waiting, status.ops_rejected) == (0, 0)  # ... but not her change
    assert api.outbox_entries() == []
    # refused receipts are not hers to act on either
    (receipt,) = api.list_ops()
    with api.vault.db.transaction() as cur:
        records.record_answer(
            cur, receipt.id, model.OpState.REJECTED, {"status": "rejected"}, reason="unknown_target"
        )
    assert api.sync_status().ops_rejected == 0
    assert api.outbox_entries() == []


def test_waiting_and_refused_changes_name_what_they_are_about(api: Api) -> None:
    meeting = api.get_meeting(api.list_meetings()[0].id)
    item = meeting.items[0]
    doc = item.documents[0]
    comment_id = only_id(api.add_comment("item", item.id, "A remark").comments)
    api.add_annotation(doc.id, 1, model.AnnotationKind.NOTE, text="private")
    api.mark_read(document_id=doc.id)
    case = api.list_cases()[0]
    approval_id = only_id(api.decide(case.id, model.Decision.APPROVE).approvals)
    api.add_bookmark(doc.id, 2)
    with api.vault.db.transaction() as cur:
        records.mark_ops_sent(cur, [approval_id])
        records.record_answer(
            cur, approval_id, model.OpState.REJECTED, {"status": "rejected"}, reason="case_changed"
        )

    entries = api.outbox_entries()
    assert [e.kind for e in entries] == [
        OpKind.COMMENT_ADD.value,
        OpKind.ANNOTATION_PUT.value,
        OpKind.APPROVAL_DECIDE.value,
        OpKind.BOOKMARK_SEALED.value,
    ]
    assert (entries[0].op_id, entries[2].op_id) == (comment_id, approval_id)
    comment, note, decision, bookmark = entries
    assert (comment.kind, comment.state, comment.subject) == (
        OpKind.COMMENT_ADD.value,
        model.OpState.WAITING,
        item.title,
    )
    assert comment.meeting_title == meeting.title
    assert (note.subject, note.page, note.detail) == (doc.title, 1, "note")
    assert (decision.state, decision.reason, decision.subject, decision.detail) == (
        model.OpState.REJECTED,
        "case_changed",
        case.title,
        "approve",
    )
    assert (bookmark.kind, bookmark.subject, bookmark.page) == (
        OpKind.BOOKMARK_SEALED.value,
        doc.title,
        2,
    )
    status = api.sync_status()
    assert (status.ops_waiting, status.ops_rejected) == (3, 1)  # the receipt is not one


def test_past_the_offline_grace_closed_material_is_not_named(api: Api) -> None:
    """The outbox keeps the change (never hidden) but not the closed item's title."""
    meeting = api.get_meeting(api.list_meetings()[0].id)
    open_item, closed_item = meeting.items[0], meeting.items[2]
    assert closed_item.closed
    api.add_comment("item", open_item.id, "open")
    api.add_comment("item", closed_item.id, "closed")
    assert [e.subject for e in api.outbox_entries()] == [open_item.title, closed_item.title]
    long_ago = datetime.now(UTC) - timedelta(days=60)  # the default grace is 14 days
    with api.vault.db.transaction() as cur:
        api.vault.db.set_state(cur, STATE_LAST_CHECKIN, p.format_time(long_ago))
    entries = api.outbox_entries()
    assert [e.subject for e in entries] == [open_item.title, None]
    assert entries[1].kind == OpKind.COMMENT_ADD.value  # still listed, still waiting
    assert api.sync_status().ops_waiting == 2
