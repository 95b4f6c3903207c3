"""Vault benchmarks: sealed blobs vs raw AES-GCM vs a memory copy; SQLCipher vs sqlite3."""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bench import Row, best_of, register, row
from sync.vault.blob import CHUNK, BlobStore
from sync.vault.db import Database

BLOB_MIB = 32
ROWS = 20_000
WORDS = [
    "budget",
    "school",
    "road",
    "council",
    "tender",
    "housing",
    "climate",
    "water",
    "park",
    "library",
    "harbour",
]


@register("vault.blob")
def blob_throughput() -> list[Row]:
    data = os.urandom(BLOB_MIB * 1024 * 1024)
    mib = len(data) / (1024 * 1024)
    key = AESGCM.generate_key(bit_length=256)
    aead = AESGCM(key)
    out = bytearray(CHUNK + 16)
    nonce = bytes(12)

    def raw_aesgcm() -> None:
        view, out_view = memoryview(data), memoryview(out)
        for a in range(0, len(data), CHUNK):
            part = view[a : a + CHUNK]
            aead.encrypt_into(nonce, part, b"aad", out_view[: len(part) + 16])

    t_copy = best_of(lambda: bytes(bytearray(data)))
    t_raw = best_of(raw_aesgcm)
    with tempfile.TemporaryDirectory() as tmp:
        store = BlobStore(Path(tmp) / "blobs", os.urandom(32))
        refs = []
        t_put = best_of(lambda: refs.append(store.put(data)))
        t_read = best_of(lambda: store.read(refs[-1]))
    copy, raw, put, read = (mib / t for t in (t_copy, t_raw, t_put, t_read))
    return [
        row("memory copy bytes(bytearray)", copy, "MB/s"),
        row("raw AES-256-GCM encrypt_into 64 KiB", raw, "MB/s", "memory copy", copy),
        row("blob put (seal+write+fsync+rename)", put, "MB/s", "raw AES-GCM", raw),
        row("blob read (read+open, whole)", read, "MB/s", "raw AES-GCM", raw),
        row("blob put vs memory copy", put, "MB/s", "memory copy", copy),
        row("blob read vs memory copy", read, "MB/s", "memory copy", copy),
    ]


SCHEMA = """
CREATE TABLE notes(id INTEGER PRIMARY KEY, doc TEXT NOT NULL, page INTEGER NOT NULL, body TEXT);
CREATE INDEX notes_doc ON notes(doc, page);
CREATE VIRTUAL TABLE notes_fts USING fts5(body);
"""
# SQLite >= 3.44 only; the system sqlite3 may be older, so it is tried, not required.
FTS_SECURE_DELETE = "INSERT INTO notes_fts(notes_fts, rank) VALUES ('secure-delete', 1)"


def _workload(execute: Callable[..., Any], script: Callable[[str], Any]) -> dict[str, float]:
    rng = random.Random(7)
    rows = [
        (i, f"doc{i % 300}", i % 50, " ".join(rng.choice(WORDS) for _ in range(30)))
        for i in range(ROWS)
    ]
    script(SCHEMA)
    with contextlib.suppress(Exception):  # older SQLite: no FTS5 secure-delete option
        execute(FTS_SECURE_DELETE)

    def inserts() -> None:
        execute("BEGIN IMMEDIATE")
        execute("DELETE FROM notes")
        execute("DELETE FROM notes_fts")
        for r in rows:
            execute("INSERT INTO notes VALUES (?, ?, ?, ?)", r)
            execute("INSERT INTO notes_fts(rowid, body) VALUES (?, ?)", (r[0], r[3]))
        execute("COMMIT")

    def indexed() -> None:
        for i in range(500):
            execute(
                "SELECT id, body FROM notes WHERE doc = ? AND page = ?", (f"doc{i % 300}", i % 50)
            ).fetchall()

    def fts() -> None:
        for w in WORDS * 5:
            execute("SELECT rowid FROM notes_fts WHERE notes_fts MATCH ? LIMIT 50", (w,)).fetchall()

    return {"inserts": best_of(inserts, 2), "indexed": best_of(indexed), "fts": best_of(fts)}


@register("vault.db")
def sqlcipher_vs_sqlite() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        plain = sqlite3.connect(Path(tmp) / "plain.db", isolation_level=None)
        for pragma in (
            "journal_mode = WAL",
            "synchronous = FULL",
            "temp_store = MEMORY",
            "secure_delete = ON",
        ):
            plain.execute(f"PRAGMA {pragma}")
        t_plain = _workload(plain.execute, plain.executescript)
        plain.close()
        db = Database(Path(tmp) / "vault.db", os.urandom(32))
        t_cipher = _workload(db.conn.execute, db.conn.executescript)
        db.close()
    rows: list[Row] = []
    for what, label in (
        ("inserts", f"{ROWS} inserts+FTS, 1 tx"),
        ("indexed", "500 indexed queries"),
        ("fts", "55 FTS queries"),
    ):
        rows.append(row(f"sqlite3 {label}", t_plain[what] * 1000, "ms"))
        rows.append(
            row(
                f"SQLCipher {label}",
                t_cipher[what] * 1000,
                "ms",
                "sqlite3 (time ratio)",
                t_plain[what] * 1000,
            )
        )
    return rows
