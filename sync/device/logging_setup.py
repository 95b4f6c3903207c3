"""Logging that never writes content: event names and ids only.

Log messages are stable event names (``push.batch_sent``); extra fields go in
``extra={"fields": {...}}`` and must hold counts, ids and kinds, never meeting
content, PINs or tokens. Exceptions are logged by type and frame location, not
by message, because an exception message can quote the data it choked on.
A rotating file under ``data_dir/logs`` keeps a bounded history in one format
(text lines), whoever wrote them: the app and every ``folio`` command share it, so
a JSON line among text lines would break whoever reads it. ``--log-format json``
adds JSON lines on stderr, for tests and tools that follow events as they happen.

A ``%s`` template with arguments is filled in (``record.getMessage``): Folio's
own calls use fields, but libraries log that way, and an unfilled template tells
support nothing. Each process says ``app.started`` (version, platform, device id:
the ids support asks for first) and ``app.stopped``.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from sync.config.paths import logs_dir

LogFormat = Literal["text", "json"]

LOG_FILE = "folio.log"
MAX_BYTES = 1_000_000
BACKUPS = 3

_OURS = "_folio_handler"


def _exc_summary(record: logging.LogRecord) -> str | None:
    if not record.exc_info or record.exc_info[0] is None:
        return None
    exc_type, _exc, tb = record.exc_info
    kind = getattr(_exc, "kind", None)
    frames = [f"{f.filename}:{f.lineno}:{f.name}" for f in traceback.extract_tb(tb)]
    name = exc_type.__name__ + (f"[{kind.value}]" if kind is not None else "")
    return name + (" at " + " < ".join(reversed(frames[-5:])) if frames else "")


#: Field names whose values never reach a log file, whatever a caller passes.
_SECRET_FIELD_NAMES = frozenset({"pin", "old_pin", "new_pin", "code", "enrollment_code"})
_SECRET_FIELD_PARTS = ("token", "password", "secret", "authorization", "cookie")


def _is_secret_field(name: str) -> bool:
    lowered = name.lower()
    return lowered in _SECRET_FIELD_NAMES or any(p in lowered for p in _SECRET_FIELD_PARTS)


def _message(record: logging.LogRecord) -> str:
    """The event with any ``%s`` arguments filled; a template that does not fit its
    arguments still logs (as the template and the argument count) instead of failing."""
    try:
        return record.getMessage()
    except (TypeError, ValueError):
        return f"{record.msg} (unformattable: {len(record.args or ())} args)"


def _fields(record: logging.LogRecord) -> dict[str, object]:
    fields = getattr(record, "fields", None)
    if not isinstance(fields, dict):
        return {}
    return {k: "<redacted>" if _is_secret_field(str(k)) else v for k, v in fields.items()}


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": _message(record),
        }
        line.update(_fields(record))
        exc = _exc_summary(record)
        if exc:
            line["exc"] = exc
        return json.dumps(line, default=str, ensure_ascii=True)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        ts = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        event = _message(record)
        extra = " ".join(f"{k}={v}" for k, v in _fields(record).items())
        exc = _exc_summary(record)
        parts = [ts, record.levelname.lower(), record.name, event, extra, exc or ""]
        return " ".join(p for p in parts if p)


def setup_logging(
    data_dir: Path | None,
    fmt: LogFormat = "text",
    *,
    level: int = logging.INFO,
) -> None:
    """(Re)configure the ``folio`` logger tree. Idempotent: replaces our own handlers.

    The file is always text; ``fmt="json"`` only adds JSON lines on stderr.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _OURS, False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    if data_dir is not None and data_dir.is_dir():
        directory = logs_dir(data_dir)
        directory.mkdir(mode=0o700, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            directory / LOG_FILE, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
        file_handler.setFormatter(TextFormatter())
        setattr(file_handler, _OURS, True)
        root.addHandler(file_handler)
    _keep_quiet(root)
    if fmt == "json":
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(JsonLineFormatter())
        setattr(stream, _OURS, True)
        root.addHandler(stream)


def _keep_quiet(root: logging.Logger) -> None:
    if not any(getattr(h, _OURS, False) for h in root.handlers):
        # Nowhere to write (no data dir yet, or it was wiped): swallow, rather than
        # let logging's last-resort handler print bare event names on stderr.
        null = logging.NullHandler()
        setattr(null, _OURS, True)
        root.addHandler(null)


def release_log_files(directory: Path) -> None:
    """Close the log files in ``directory`` (a wipe is about to delete them; Windows
    cannot delete an open file). What is logged afterwards reaches stderr if asked,
    never the disk."""
    root = logging.getLogger()
    inside = Path(os.path.abspath(directory))  # as FileHandler.baseFilename is made
    for handler in list(root.handlers):
        if not isinstance(handler, logging.FileHandler):
            continue
        if Path(handler.baseFilename).is_relative_to(inside):
            root.removeHandler(handler)
            handler.close()
    _keep_quiet(root)


_app_log = logging.getLogger("folio.app")


def log_app_started(data_dir: Path | None, *, command: str) -> None:
    """``app.started``: what support asks first (which version, which platform, which
    device), never content. The device id comes from the unencrypted enrollment
    marker, so it is known before the vault is unlocked."""
    from sync.device.diagnostics import folio_version  # noqa: PLC0415 (avoids an import cycle)
    from sync.device.enrollment import read_device_file  # noqa: PLC0415

    marker = read_device_file(data_dir) if data_dir is not None else None
    device_id = marker.get("device_id") if marker else None
    _app_log.info(
        "app.started",
        extra={
            "fields": {
                "version": folio_version(),
                "platform": platform.platform(),
                "python": platform.python_version(),
                "frozen": bool(getattr(sys, "frozen", False)),
                "device_id": device_id if isinstance(device_id, str) else "-",
                "command": command,
            }
        },
    )


def log_app_stopped(*, exit_code: int) -> None:
    _app_log.info("app.stopped", extra={"fields": {"exit_code": exit_code}})
