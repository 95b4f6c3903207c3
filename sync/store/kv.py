"""The vault's key/value and outbox statements that sync/e2e needs, below the domain store.

sync/e2e sits under sync/store/records.py (records seals a private mark as its op is
written), so it cannot import records or state.py without a cycle. These few
statements take any DB-API cursor and import nothing of Folio's, so both sides use
them and the SQL still lives in sync/store only (tests/unit/test_rules.py).
"""

from __future__ import annotations

from typing import Any, Protocol


class KvCursor(Protocol):
    def execute(self, sql: str, params: Any = ..., /) -> Any: ...


def get(cur: KvCursor, key: str) -> str | None:
    row = cur.execute("SELECT value FROM vault_state WHERE key = ?", (key,)).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def put(cur: KvCursor, key: str, value: str) -> None:
    cur.execute(
        "INSERT INTO vault_state(key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def delete(cur: KvCursor, key: str) -> None:
    """Forget ``key`` (nothing happens when it is not set)."""
    cur.execute("DELETE FROM vault_state WHERE key = ?", (key,))


def unanswered_ops(cur: KvCursor, kind: str) -> list[tuple[str, str]]:
    """(id, payload JSON) of every op of ``kind`` not yet answered by the server."""
    rows = cur.execute(
        "SELECT id, payload FROM ops WHERE state IN ('waiting', 'sent') AND kind = ?",
        (kind,),
    ).fetchall()
    return [(str(op_id), str(payload)) for op_id, payload in rows]


def replace_op_payload(cur: KvCursor, op_id: str, payload_json: str) -> None:
    cur.execute("UPDATE ops SET payload = ? WHERE id = ?", (payload_json, op_id))
