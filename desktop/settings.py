"""The reader's settings as the app uses them: sync/config/policy.py's registry, merged and locked.

Every value comes from ``policy.load`` (default < server < machine policy <
the reader's own settings < environment < keys IT locked); the reader's own
choices are written with ``policy.save_user_setting`` into the data dir, never
a locked key. Nothing here holds meeting content.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from sync.config import policy

LANGUAGES = ("en", "da", "sv")

#: Settings fields the reader can change in the app; each is a key in sync/config/policy.py.
READER_KEYS = ("language", "auto_lock_minutes", "night_mode", "guide_seen")


@dataclass(frozen=True)
class Settings:
    language: str = ""  # "" = follow the system
    auto_lock_minutes: int = 5
    night_mode: bool = False
    #: The first-run guide was shown (after the first unlock); Settings shows it again.
    guide_seen: bool = False
    max_pin_attempts: int = 10
    log_level: str = "info"
    locked: frozenset[str] = frozenset()  # keys IT manages: shown, not changeable
    #: sync.config.policy.PolicyState: "last_good" / "strictest" when IT's policy could not be used.
    policy_state: str = "none"

    def is_locked(self, name: str) -> bool:
        return name in self.locked


class SettingsStore:
    """Loads the effective settings for ``data_dir`` and saves the reader's own changes."""

    def __init__(
        self,
        data_dir: Path,
        *,
        environ: Mapping[str, str] | None = None,
        server: Mapping[str, object] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.environ = environ
        self.server = server
        self.config = self._load_config()

    def _load_config(self) -> policy.Config:
        return policy.load(self.data_dir, environ=self.environ, server=self.server)

    def load(self) -> Settings:
        self.config = config = self._load_config()
        return Settings(
            language=config.text("language"),
            auto_lock_minutes=config.number("auto_lock_minutes"),
            night_mode=config.flag("night_mode"),
            guide_seen=config.flag("guide_seen"),
            max_pin_attempts=config.number("max_pin_attempts"),
            log_level=config.text("log_level"),
            locked=frozenset(name for name, e in config.values.items() if e.locked),
            policy_state=config.policy_state.value,
        )

    def save(self, settings: Settings) -> Settings:
        """Write what the reader changed (locked keys are left alone); returns the new view."""
        current = self.load()
        for f in fields(Settings):
            if f.name not in READER_KEYS or current.is_locked(f.name):
                continue
            value = getattr(settings, f.name)
            if value != getattr(current, f.name):
                self.data_dir.mkdir(parents=True, exist_ok=True)
                policy.save_user_setting(self.data_dir, f.name, value, self.config)
        return self.load()

    # -- the one-time enrollment code from machine policy ----------------------------
    def pending_enrollment_code(self) -> str | None:
        return policy.pending_enrollment_code(self.data_dir, self.config)

    def consume_enrollment_code(self, code: str) -> None:
        policy.consume_enrollment_code(self.data_dir, code)

    def server_url(self) -> str:
        return self.config.text("server_url")

    def enrollment_token(self) -> str:
        """The organisation enrollment token from machine policy (not a secret), or ""."""
        return self.config.text("enrollment_token").strip()
