"""Offline expiry: what the facade hides of closed material past the offline grace.

DESIGN.md (offline expiry): past ``offline_grace_days`` without a check-in, closed
material locks until the device reaches the server, everywhere the facade shows it:
bytes, search, proposals, case descriptions, notes, comments, decisions, the meeting
sheet and exports. Every family asks here, so the rule has one definition.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sync import model
from sync.device.enrollment import offline_locked
from sync.errors import ErrorKind, FolioError
from sync.store import records

if TYPE_CHECKING:
    from sync.config.policy import Config
    from sync.vault.db import Database


def locked(db: Database, config: Config) -> bool:
    """Is closed material locked now (the offline grace has passed)?"""
    return offline_locked(db, datetime.now(UTC), config=config)


def hidden_closed(db: Database, config: Config) -> records.ClosedMaterial | None:
    """The closed material to hide now, or None while the offline grace lasts."""
    if not locked(db, config):
        return None
    return records.closed_material(db)


def locked_error() -> FolioError:
    return FolioError(
        ErrorKind.EXPIRED,
        "closed material stays locked until this device reaches the server",
        reason="offline_grace",
    )


def without_description(case: model.Case) -> model.Case:
    return dataclasses.replace(case, description="")
