"""The reader's own desktop settings (language, auto-lock), kept apart from the vault.

Stored as a small JSON file in the config directory (``FOLIO_CONFIG_DIR`` for
development and tests, else the platform's config dir). It never holds meeting
content. Machine policy (sync/policy.py, when it lands) will override these.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

LANGUAGES = ("en", "da", "sv")
DEFAULT_AUTO_LOCK_MINUTES = 5


def config_dir() -> Path:
    from_env = os.environ.get("FOLIO_CONFIG_DIR")
    if from_env:
        return Path(from_env)
    return Path(platformdirs.user_config_dir("folio", appauthor=False))


@dataclass(frozen=True)
class Settings:
    language: str = ""  # "" = follow the system
    auto_lock_minutes: int = DEFAULT_AUTO_LOCK_MINUTES
    night_mode: bool = False


class SettingsStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "desktop.json"

    def load(self) -> Settings:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return Settings()
        if not isinstance(raw, dict):
            return Settings()
        language = raw.get("language", "")
        minutes = raw.get("auto_lock_minutes", DEFAULT_AUTO_LOCK_MINUTES)
        night = raw.get("night_mode", False)
        return Settings(
            language=language if language in (*LANGUAGES, "") else "",
            auto_lock_minutes=minutes if isinstance(minutes, int) and 0 < minutes <= 240 else 5,
            night_mode=bool(night),
        )

    def save(self, settings: Settings) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
        tmp.replace(self.path)
