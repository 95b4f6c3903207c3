"""What every phase of a round shares: the vault, its own connection, the client, time.

The engine thread owns ``db`` (a second SQLCipher connection, never the UI's);
download workers take ``db_lock`` for their short writes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from sync.client import FolioClient
from sync.client.http import HttpConfig
from sync.device.enrollment import Enrollment
from sync.engine.clock import Clock
from sync.errors import ErrorKind, FolioError
from sync.vault import Database, UnlockedVault


@dataclass(frozen=True)
class EngineConfig:
    push_batch: int = 100
    feed_limit: int = 100
    download_workers: int = 3  # 2-4 at a time
    download_attempts: int = 4  # per document per round; each resumes from the last piece
    progress_interval: float = 0.25  # seconds between persisted/announced progress updates
    index_documents: bool = True
    http: HttpConfig = field(default_factory=HttpConfig)
    #: The version compared with the policy's min_app_version; None: this install's.
    app_version: str | None = None


@dataclass(frozen=True)
class MeetingProgress:
    bytes_done: int
    bytes_total: int


@dataclass(frozen=True)
class Progress:
    """What the status bar shows while a round runs."""

    phase: str
    ops_waiting: int
    bytes_done: int
    bytes_total: int
    meetings: dict[str, MeetingProgress] = field(default_factory=dict)


ProgressSink = Callable[[Progress], None]


@dataclass
class Context:
    vault: UnlockedVault
    db: Database
    client: FolioClient
    enrollment: Enrollment
    clock: Clock
    config: EngineConfig
    cancel: threading.Event
    progress: ProgressSink | None = None
    db_lock: threading.Lock = field(default_factory=threading.Lock)

    def check_cancelled(self) -> None:
        if self.cancel.is_set():
            raise FolioError(ErrorKind.CANCELLED, "sync cancelled")
