"""Replication with the server: one round = push -> pull -> download -> index -> purge.

Each phase is a module with one durable step per transition (push.py, pull.py,
download.py, index.py, purge.py, wipe.py); round.py sequences them and
loop.py repeats rounds with backoff. Faults come in through the injected
transport and clock, never through switches in here.
"""

from sync.engine.clock import Clock, SystemClock
from sync.engine.context import EngineConfig, MeetingProgress, Progress
from sync.engine.loop import SyncLoop
from sync.engine.round import RoundResult, SyncEngine

__all__ = [
    "Clock",
    "EngineConfig",
    "MeetingProgress",
    "Progress",
    "RoundResult",
    "SyncEngine",
    "SyncLoop",
    "SystemClock",
]
