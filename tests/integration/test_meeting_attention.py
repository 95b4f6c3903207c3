"""The meetings list's badges: what ``Api.meeting_attention`` counts, against a real server.

A reader and a colleague on one committee, a meeting with two documents and one
case: new documents go down as the reader opens them, a decision stops being due
once hers is on its way, and only the colleague's comments count (her own need
nobody's attention).
"""

from __future__ import annotations

from pathlib import Path

from conftest_sync import SyncServer, enroll_device, write_meeting

from sync import model


def test_badges_count_what_the_vault_holds(sync_server: SyncServer, tmp_path: Path) -> None:
    server = sync_server
    reader, colleague = server.user(server.unique("reader")), server.user(server.unique("coll"))
    committee = server.committee([reader, colleague])
    write_meeting(
        tmp_path / "pack",
        committee,
        [
            {"number": "1", "docs": {"a.pdf": "first", "b.pdf": "second"}},
            {"number": "2", "needs_decision": True, "deadline": "2030-01-01T12:00:00+00:00"},
        ],
    )
    server.publish(tmp_path / "pack")
    a = enroll_device(server, reader, tmp_path / "reader")
    c = enroll_device(server, colleague, tmp_path / "colleague")
    try:
        assert a.sync().ok
        assert c.sync().ok
        (meeting,) = a.api.list_meetings()
        full = a.api.get_meeting(meeting.id)
        item, decided_item = full.items
        assert a.api.meeting_attention() == {
            meeting.id: model.MeetingAttention(new_documents=2, decisions_due=1, comments=0)
        }

        a.api.mark_read(document_id=item.documents[0].id)
        a.api.add_comment("item", item.id, "my own thought")  # mine: nobody's attention
        c.api.add_comment("item", item.id, "the colleague asks")
        assert c.sync().ok
        assert a.sync().ok
        after = a.api.meeting_attention()[meeting.id]
        assert (after.new_documents, after.comments) == (1, 1)

        (case,) = [k for k in a.api.list_cases() if k.item_id == decided_item.id]
        a.api.decide(case.id, model.Decision.APPROVE)  # waiting to send is on its way
        assert a.api.meeting_attention()[meeting.id].decisions_due == 0
        a.api.mark_read(document_id=item.documents[1].id)
        assert a.sync().ok
        assert a.api.meeting_attention()[meeting.id] == model.MeetingAttention(comments=1)
    finally:
        a.close()
        c.close()
