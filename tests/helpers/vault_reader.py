"""Read a device's vault as a thief with the PIN would: every row, decrypted.

The model test asks "is any closed text left on this device?" of the database
itself, not only of the facade (which could filter what it shows while the rows
stay on disk). This opens the vault with its PIN through sync.vault, the same
way the app does, and returns every text value of every table, the full-text
index included. Test-only: nothing in the product needs a dump of the vault.
"""

from __future__ import annotations

from pathlib import Path

from sync.vault import Vault


def table_texts(data_dir: Path, pin: str) -> dict[str, list[str]]:
    """Table name -> every non-empty text value in it (the FTS index's own tables too)."""
    unlocked = Vault.open(data_dir).unlock(pin)
    try:
        db = unlocked.db
        names = [
            str(r[0])
            for r in db.query("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        ]
        out: dict[str, list[str]] = {}
        for name in names:
            try:
                rows = db.query(f'SELECT * FROM "{name}"')
            except Exception:
                continue
            texts = [
                v.decode("utf-8", "replace") if isinstance(v, bytes) else v
                for row in rows
                for v in row
                if isinstance(v, str | bytes) and v
            ]
            out[name] = texts
        return out
    finally:
        unlocked.lock()


def find_words(data_dir: Path, pin: str, words: set[str]) -> dict[str, set[str]]:
    """Which of ``words`` occur in which tables (case-insensitive substring match)."""
    found: dict[str, set[str]] = {}
    if not words:
        return found
    lowered = {w.lower() for w in words}
    for table, texts in table_texts(data_dir, pin).items():
        for text in texts:
            low = text.lower()
            for w in lowered:
                if w in low:
                    found.setdefault(table, set()).add(w)
    return found
