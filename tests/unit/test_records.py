"""sync.store.records on a real vault: idempotent installs, ordering, search input handling."""

from __future__ import annotations

from datetime import UTC, datetime

from sync import model
from sync.store import records
from sync.vault import UnlockedVault


def _meeting(mid: str, day: int, *, doc_sha: str = "a" * 64, version: int = 1) -> model.Meeting:
    committee = model.Committee("c1", "Board")
    doc = model.Document(
        id=f"{mid}-d1",
        meeting_id=mid,
        item_id=f"{mid}-i1",
        title="Annual report",
        filename="report.pdf",
        version=version,
        sha256=doc_sha,
        size=1000,
        state=model.DocumentState.MISSING,
    )
    item = model.AgendaItem(
        id=f"{mid}-i1",
        meeting_id=mid,
        number="1",
        title="Accounts",
        closed=False,
        proposal="Approve the accounts of the heron fund",
        documents=(doc,),
    )
    return model.Meeting(
        id=mid,
        committee=committee,
        title=f"Meeting {day}",
        starts_at=datetime(2031, 1, day, 9, tzinfo=UTC),
        location="Hall",
        version=version,
        pack_state=model.PackState.NOT_DOWNLOADED,
        items=(item,),
    )


def _snapshot(vault: UnlockedVault) -> tuple[object, ...]:
    return tuple(
        tuple(tuple(r) for r in vault.db.query(f"SELECT * FROM {t} ORDER BY 1"))
        for t in ("meetings", "agenda_items", "documents", "document_versions", "search_index")
    )


def test_install_twice_changes_nothing(vault: UnlockedVault) -> None:
    with vault.db.transaction() as cur:
        records.upsert_meeting(cur, _meeting("m1", 5), piece_hashes={"m1-d1": ["b" * 64]})
    first = _snapshot(vault)
    with vault.db.transaction() as cur:
        records.upsert_meeting(cur, _meeting("m1", 5), piece_hashes={"m1-d1": ["b" * 64]})
    assert _snapshot(vault) == first
    (meeting,) = records.list_meetings(vault.db)
    assert meeting.pack_state is model.PackState.NOT_DOWNLOADED
    assert meeting.bytes_total == 1000
    assert records.documents_to_download(vault.db)[0][5] == '["' + "b" * 64 + '"]'


def test_progress_states_and_order(vault: UnlockedVault) -> None:
    with vault.db.transaction() as cur:
        records.upsert_meeting(cur, _meeting("late", 20))
        records.upsert_meeting(cur, _meeting("early", 2))
        records.set_document_progress(cur, "late-d1", 1, 400)
    meetings = records.list_meetings(vault.db)
    assert [m.id for m in meetings] == ["early", "late"]
    late = meetings[1]
    assert late.pack_state is model.PackState.DOWNLOADING
    assert late.bytes_done == 400
    assert records.list_meetings(vault.db, "nope") == []


def test_new_version_withdraws_and_flags(vault: UnlockedVault) -> None:
    with vault.db.transaction() as cur:
        records.upsert_meeting(cur, _meeting("m1", 5))
    v2 = _meeting("m1", 5, doc_sha="c" * 64, version=2)
    with vault.db.transaction() as cur:
        assert records.upsert_meeting(cur, v2) == []
        bare = model.Meeting(**{**v2.__dict__, "items": (), "version": 3})
        assert records.upsert_meeting(cur, bare) == ["m1-d1"]
    assert records.get_document(vault.db, "m1-d1").state is model.DocumentState.WITHDRAWN
    assert records.get_meeting(vault.db, "m1").items == ()


def test_search_input_is_quoted(vault: UnlockedVault) -> None:
    with vault.db.transaction() as cur:
        records.upsert_meeting(cur, _meeting("m1", 5))
    assert records.fts_query('he"ron OR (') == '"he"* "ron"* "OR"*'
    assert records.fts_query("  ") is None
    (hit,) = records.search(vault.db, "her")
    assert hit.kind == "agenda"
    assert hit.item_id == "m1-i1"
    assert records.search(vault.db, 'NEAR( "') == []
