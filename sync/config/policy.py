"""The one registry of settings and policy keys, and the rule that merges their sources.

Every key Folio reads is a row in ``KEYS`` (name, type, default, the sources it
may come from, whether IT can lock it); ``Config.value`` refuses a name that is
not there, and ``check_registry`` checks the table itself (Picard's options.py
plus its checker). Sources, weakest first:

1. the built-in default;
2. the server (only keys that say so, e.g. ``min_app_version``);
3. machine policy written by IT: ``/etc/folio/policy.toml`` (root-owned, refused
   when group or others may write it or its folder) or
   ``%ProgramData%\\Folio\\policy.toml`` (admin-only by the installer's ACL), and
   on Windows ``HKLM\\SOFTWARE\\Policies\\Folio`` (Group Policy / Intune, like
   Firefox and Zoom); when the registry holds a policy the file is not read at all,
   so a file planted by a reader cannot add to GPO. Under either, the MSI's own key
   ``HKLM\\SOFTWARE\\Folio`` (the properties given to msiexec: server, organisation
   token, asset tag) fills in what the policy leaves out; it never locks and never
   shuts the file out, and GPO's key stays GPO's (the MSI never writes there).
   ``FOLIO_POLICY`` names another file only in development runs: never in a
   frozen build, never while a machine policy exists;
4. the reader's own settings (``data_dir/settings.json``, or ``settings.toml``
   written by hand), non-secret;
5. ``FOLIO_<NAME>`` environment variables (development and tests); for keys the
   server decides (retention, offline grace, min app version) they may only
   tighten, never loosen, what the server and IT said;
6. policy keys IT marked locked: they win over everything, so a reader (or an
   environment variable on a managed machine) cannot undo them.

A bad policy never stops the app, and never frees it either: an unknown key, a
wrong type or an out-of-range value becomes a warning naming the key, and the
rest applies; a policy file that cannot be read, does not parse or sits where a
reader could have written it keeps the last good policy (``LAST_GOOD_FILE`` in
the data dir, HMAC'd with a key from the device's secret store so a reader
cannot forge one, and readable before unlock), and with none every lockable key
is locked at its strictest value (``STRICTEST``). A locked key given no valid
value falls back the same way, key by key.
Warnings are logged (key names only, never values) and kept on the ``Config``
so Settings can show them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import stat
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from sync.errors import ErrorKind, FolioError

log = logging.getLogger("folio.policy")

Value = bool | int | str

ENV_POLICY = "FOLIO_POLICY"
URL_SCHEMES = ("https://", "http://")  # http:// only makes sense on loopback (tests, dev)
ENV_PREFIX = "FOLIO_"
LINUX_POLICY_FILE = Path("/etc/folio/policy.toml")
WINDOWS_POLICY_SUBPATH = Path("Folio") / "policy.toml"
REGISTRY_KEY = r"SOFTWARE\Policies\Folio"
#: The MSI's own key (packaging/windows/folio.wxs): its public properties, under the policy.
INSTALLER_REGISTRY_KEY = r"SOFTWARE\Folio"
REGISTRY_LOCKED_SUBKEY = "Locked"
#: In policy.toml: ``locked = ["allow_export", ...]`` names the keys the reader cannot change.
LOCKED_FIELD = "locked"
SETTINGS_JSON = "settings.json"
SETTINGS_TOML = "settings.toml"
SETTINGS_VERSION = 1
#: Remembers which enrollment codes were used, by hash (the code itself is never stored).
ENROLLMENT_STATE = "enrollment-code-used.json"
#: The last machine policy that was read whole and valid, kept in the data dir.
LAST_GOOD_FILE = "policy-last-good.json"
LAST_GOOD_FORMAT = 1
#: The secret-store entry (next to the device secret) that keys the last good policy's HMAC.
LAST_GOOD_KEY_ENTRY = "policy.last-good-key"


class PolicyState(StrEnum):
    """Whether the machine policy in force is the one IT wrote: what `folio policy` reports."""

    NONE = "none"  # no machine policy on this device
    OK = "ok"  # read whole from the file or the registry
    LAST_GOOD = "last_good"  # IT's policy could not be used: the last good one applies
    STRICTEST = "strictest"  # ... and none was kept: every lockable key at its strictest


class Source(StrEnum):
    DEFAULT = "default"
    SERVER = "server"
    POLICY = "policy"
    USER = "user"
    ENV = "env"


@dataclass(frozen=True)
class Key:
    name: str
    type: type[bool] | type[int] | type[str]
    default: Value
    doc: str
    sources: frozenset[Source]
    lockable: bool = True
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    #: Shown as "<set>" in diagnostics and never logged.
    secret: bool = False

    @property
    def env_var(self) -> str:
        return ENV_PREFIX + self.name.upper()


_P, _U, _E, _S = Source.POLICY, Source.USER, Source.ENV, Source.SERVER


def _key(
    name: str,
    kind: type[bool] | type[int] | type[str],
    default: Value,
    doc: str,
    *sources: Source,
    **kw: Any,
) -> Key:
    return Key(name, kind, default, doc, frozenset(sources), **kw)


KEYS: tuple[Key, ...] = (
    _key("server_url", str, "", "The Folio server (https://...); empty: demo only.", _P, _U, _E),
    _key(
        "enrollment_code",
        str,
        "",
        "One-time code that enrolls the device on first start; consumed once used.",
        _P,
        _E,
        lockable=False,
        secret=True,
    ),
    _key(
        "enrollment_token",
        str,
        "",
        "Organisation enrollment token (not a secret): the reader enrolls with it and her "
        "own password or one-time code.",
        _P,
        _E,
        lockable=False,
    ),
    _key(
        "asset_tag",
        str,
        "",
        "The organisation's asset tag for this device; part of its name in the device list.",
        _P,
        _E,
    ),
    _key(
        "auto_lock_minutes",
        int,
        5,
        "Lock the vault after this many idle minutes.",
        _P,
        _U,
        _E,
        minimum=1,
        maximum=240,
    ),
    _key(
        "max_pin_attempts",
        int,
        10,
        "Wrong PINs before the vault wipes itself (applies to new vaults).",
        _P,
        _E,
        minimum=3,
        maximum=100,
    ),
    _key("allow_copy_text", bool, True, "Readers may copy text from documents.", _P, _U, _E),
    _key("allow_export", bool, False, "Readers may save a document outside the vault.", _P, _U, _E),
    _key("allow_print", bool, False, "Readers may print documents.", _P, _U, _E),
    _key("watermark", bool, False, "Draw the reader's name over rendered pages.", _P, _U, _E),
    _key(
        "retention_days_after_meeting",
        int,
        0,
        "Delete a meeting's pack this many days after the meeting; 0 keeps it.",
        _S,
        _P,
        _E,
        minimum=0,
        maximum=3650,
    ),
    _key(
        "offline_grace_days",
        int,
        14,
        "Days without reaching the server before closed items need a sync to open.",
        _S,
        _P,
        _E,
        minimum=1,
        maximum=365,
    ),
    _key(
        "deadline_amber_hours",
        int,
        72,
        "A case due within this many hours shows amber in the decisions overview.",
        _P,
        _U,
        _E,
        minimum=1,
        maximum=720,
    ),
    _key(
        "deadline_red_hours",
        int,
        24,
        "A case due within this many hours shows red in the decisions overview.",
        _P,
        _U,
        _E,
        minimum=1,
        maximum=720,
    ),
    _key(
        "decide_after_deadline",
        bool,
        False,
        "Readers may still decide a case whose deadline has passed (after a warning); "
        "the server may refuse it as late.",
        _P,
        _E,
    ),
    _key("update_check", bool, True, "Check for new Folio releases (notify only).", _P, _U, _E),
    _key(
        "update_url",
        str,
        "",
        "Where signed release metadata is fetched; empty: server_url + /v1/release.",
        _P,
        _E,
    ),
    _key(
        "update_trusted_keys",
        str,
        "",
        "Release keys (hex Ed25519, comma-separated) that replace Folio's; honoured only locked.",
        _P,
    ),
    _key(
        "min_app_version",
        str,
        "0",
        "Below this version the app asks the reader to update.",
        _S,
        _P,
        _E,
        lockable=False,
    ),
    _key(
        "language",
        str,
        "",
        "The app's language: en, da or sv; empty follows the system.",
        _P,
        _U,
        _E,
        choices=("", "en", "da", "sv"),
    ),
    _key("night_mode", bool, False, "Show documents with dark pages.", _P, _U, _E),
    _key(
        "guide_seen",
        bool,
        False,
        "The first-run guide was shown once; Settings opens it again.",
        _U,
        _E,
        lockable=False,
    ),
    _key(
        "log_level",
        str,
        "info",
        "How much the log files record.",
        _P,
        _U,
        _E,
        choices=("debug", "info", "warning", "error"),
    ),
)

REGISTRY: Mapping[str, Key] = {k.name: k for k in KEYS}

#: What a lockable key is locked at when no good machine policy is known. Keys not
#: named here are locked at their default. ``retention_days_after_meeting`` is left
#: to the server: its strictest value would purge packs, which a repaired policy
#: file cannot bring back, and locking it at 0 would loosen the server's value.
STRICTEST: Mapping[str, Value] = {
    "auto_lock_minutes": 1,
    "max_pin_attempts": 3,
    "allow_copy_text": False,
    "allow_export": False,
    "allow_print": False,
    "watermark": True,
    "offline_grace_days": 1,
    "update_check": True,
}
NOT_FORCED_WHEN_STRICTEST = frozenset({"retention_days_after_meeting"})

#: Names the server's policy message (sync.protocol.Policy) uses for registry keys.
SERVER_NAMES: Mapping[str, str] = {
    "retention_days": "retention_days_after_meeting",
    "offline_grace_days": "offline_grace_days",
    "min_app_version": "min_app_version",
}


def server_values(server_policy: Mapping[str, object]) -> dict[str, object]:
    """The server's policy JSON (enrollment answer, policy.put) keyed by registry names."""
    return {SERVER_NAMES[k]: v for k, v in server_policy.items() if k in SERVER_NAMES}


@dataclass(frozen=True)
class PolicyWarning:
    key: str
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.key}: {self.reason}"


@dataclass(frozen=True)
class Effective:
    """One key's value as the app uses it, and why: what Settings shows."""

    name: str
    value: Value
    source: Source
    locked: bool


@dataclass(frozen=True)
class PolicyLayer:
    """What one machine-policy source said, already checked against the registry."""

    values: dict[str, Value] = field(default_factory=dict)
    locked: frozenset[str] = frozenset()
    warnings: tuple[PolicyWarning, ...] = ()
    #: Why the source as a whole could not be used (unreadable, not TOML, refused); None: usable.
    failed: str | None = None
    #: Locked keys whose given value was rejected: they fall back like a failed file, key by key.
    rejected_locks: frozenset[str] = frozenset()

    @property
    def present(self) -> bool:
        return bool(self.values or self.locked or self.failed or self.rejected_locks)


@dataclass(frozen=True)
class Config:
    values: Mapping[str, Effective]
    warnings: tuple[PolicyWarning, ...] = ()
    policy_state: PolicyState = PolicyState.NONE
    #: Why IT's policy is not the one in force (for `folio policy`, Settings, diagnostics).
    policy_problem: str | None = None

    def value(self, name: str) -> Value:
        if name not in REGISTRY:
            raise KeyError(f"{name} is not a registered setting (sync/config/policy.py)")
        return self.values[name].value

    def flag(self, name: str) -> bool:
        v = self.value(name)
        assert isinstance(v, bool)
        return v

    def number(self, name: str) -> int:
        v = self.value(name)
        assert isinstance(v, int)
        return v

    def text(self, name: str) -> str:
        v = self.value(name)
        assert isinstance(v, str)
        return v

    def is_locked(self, name: str) -> bool:
        return self.values[name].locked

    def redacted(self) -> dict[str, dict[str, Any]]:
        """Every key with its source, secrets replaced: for diagnostics."""
        out: dict[str, dict[str, Any]] = {}
        for name, eff in self.values.items():
            value: Any = eff.value
            if REGISTRY[name].secret:
                value = "<set>" if value else ""
            out[name] = {"value": value, "source": eff.source.value, "locked": eff.locked}
        return out


# ---------------------------------------------------------------------------
# checking values


def check_value(key: Key, raw: object) -> tuple[Value | None, str | None]:
    """``(value, None)`` if ``raw`` is acceptable for ``key``, else ``(None, reason)``."""
    if key.type is bool:
        if isinstance(raw, bool):
            return raw, None
        return None, f"expected true or false, got {type(raw).__name__}"
    if key.type is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            return None, f"expected a whole number, got {type(raw).__name__}"
        if key.minimum is not None and raw < key.minimum:
            return None, f"{raw} is below the minimum {key.minimum}"
        if key.maximum is not None and raw > key.maximum:
            return None, f"{raw} is above the maximum {key.maximum}"
        return raw, None
    if not isinstance(raw, str):
        return None, f"expected text, got {type(raw).__name__}"
    if key.choices and raw not in key.choices:
        return None, f"expected one of {', '.join(key.choices)}"
    if key.name in ("server_url", "update_url") and raw and not raw.startswith(URL_SCHEMES):
        return None, "expected an https:// URL"
    if key.name == "min_app_version" and parse_version(raw) is None:
        return None, "expected a version like 1.2.3"
    if key.name == "update_trusted_keys" and any(
        len(k) != 64 or any(c not in "0123456789abcdef" for c in k) for k in split_keys(raw)
    ):
        return None, "expected 64-hex-digit Ed25519 public keys, comma-separated"
    return raw, None


def parse_text(key: Key, text: str) -> object:
    """A value given as text (environment, registry REG_SZ) in the key's type, or ``text``."""
    if key.type is bool:
        lowered = text.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        return text
    if key.type is int:
        try:
            return int(text.strip())
        except ValueError:
            return text
    return text


def split_keys(text: str) -> list[str]:
    """``update_trusted_keys`` as a list: comma- or space-separated, case-insensitive."""
    return [k for k in text.lower().replace(",", " ").split() if k]


def parse_version(text: str) -> tuple[int, ...] | None:
    """``"1.2.3"`` -> ``(1, 2, 3)``; ``None`` if it is not a dotted release number."""
    parts = text.strip().split(".")
    if not parts or not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def check_registry() -> list[str]:
    """Problems in the table itself; a unit test keeps this empty."""
    problems: list[str] = []
    seen: set[str] = set()
    for key in KEYS:
        if key.name in seen:
            problems.append(f"{key.name}: listed twice")
        seen.add(key.name)
        if not key.name.isidentifier() or key.name != key.name.lower():
            problems.append(f"{key.name}: names are lower_snake_case")
        if key.name == LOCKED_FIELD:
            problems.append(f"{key.name}: reserved for the locked list")
        _value, reason = check_value(key, key.default)
        if reason is not None:
            problems.append(f"{key.name}: default {key.default!r}: {reason}")
        if not key.sources:
            problems.append(f"{key.name}: no source can set it")
        if key.secret and Source.USER in key.sources:
            problems.append(f"{key.name}: secrets never go in the reader's settings file")
        if not key.doc:
            problems.append(f"{key.name}: undocumented")
    for name, strict in STRICTEST.items():
        strict_key = REGISTRY.get(name)
        if strict_key is None or not strict_key.lockable:
            problems.append(f"{name}: STRICTEST names a key that cannot be locked")
        elif check_value(strict_key, strict)[1] is not None:
            problems.append(f"{name}: STRICTEST value {strict!r} is not valid")
    return problems


def _take(
    raw: Mapping[str, object], source: str, *, allowed: Source, text_values: bool = False
) -> tuple[dict[str, Value], list[PolicyWarning]]:
    values: dict[str, Value] = {}
    warnings: list[PolicyWarning] = []
    for name, given in raw.items():
        key = REGISTRY.get(name)
        if key is None:
            warnings.append(PolicyWarning(name, source, "unknown key, ignored"))
            continue
        if allowed not in key.sources:
            warnings.append(PolicyWarning(name, source, f"cannot be set here ({allowed.value})"))
            continue
        candidate = parse_text(key, given) if text_values and isinstance(given, str) else given
        value, reason = check_value(key, candidate)
        if reason is not None:
            warnings.append(PolicyWarning(name, source, reason + ", ignored"))
            continue
        assert value is not None
        values[name] = value
    return values, warnings


def _locked_names(raw: object, source: str) -> tuple[frozenset[str], list[PolicyWarning]]:
    if raw is None:
        return frozenset(), []
    if not isinstance(raw, list) or not all(isinstance(n, str) for n in raw):
        return frozenset(), [PolicyWarning(LOCKED_FIELD, source, "expected a list of key names")]
    names: set[str] = set()
    warnings: list[PolicyWarning] = []
    for name in raw:
        key = REGISTRY.get(name)
        if key is None:
            warnings.append(PolicyWarning(name, source, "unknown key in locked, ignored"))
        elif not key.lockable:
            warnings.append(PolicyWarning(name, source, "cannot be locked, ignored"))
        else:
            names.add(name)
    return frozenset(names), warnings


# ---------------------------------------------------------------------------
# sources


def is_frozen_build() -> bool:
    """True in the PyInstaller bundle: there ``FOLIO_POLICY`` would let a reader drop IT's locks."""
    return bool(getattr(sys, "frozen", False))


def machine_policy_file(environ: Mapping[str, str] | None = None) -> Path:
    """Where IT puts the policy file on this platform (never the reader's choice)."""
    env = os.environ if environ is None else environ
    if sys.platform == "win32":
        program_data = env.get("ProgramData") or env.get("PROGRAMDATA") or r"C:\ProgramData"
        return Path(program_data) / WINDOWS_POLICY_SUBPATH
    return LINUX_POLICY_FILE


def _dev_override(environ: Mapping[str, str]) -> tuple[Path | None, str | None]:
    """``FOLIO_POLICY``'s file when it may be used, else why it is ignored (or nothing set)."""
    explicit = environ.get(ENV_POLICY)
    if not explicit:
        return None, None
    if is_frozen_build():
        return None, "ignored in an installed build"
    if os.path.lexists(machine_policy_file(environ)):
        return None, "ignored: a machine policy exists"
    return Path(explicit), None


def policy_file_path(environ: Mapping[str, str] | None = None) -> Path:
    """The policy file this run reads: IT's, or in a development run ``FOLIO_POLICY``'s."""
    env = os.environ if environ is None else environ
    override, _why = _dev_override(env)
    return override if override is not None else machine_policy_file(env)


def _writable_by_others(path: Path, trusted_uids: frozenset[int]) -> str | None:
    """Why ``path`` (file or folder) could have been written by someone other than IT."""
    info = path.stat()
    if info.st_uid not in trusted_uids:
        return f"{path} is owned by uid {info.st_uid}, not root"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"{path} is writable by group or others (mode {stat.S_IMODE(info.st_mode):o})"
    return None


def admin_only_problem(path: Path, *, dev_file: bool = False) -> str | None:
    """Why the policy file is not in an admin-only place, or None when it is.

    POSIX: the file and its folder must be root's (or, for a development
    ``FOLIO_POLICY`` file, the runner's) and not writable by group or others, so
    a reader cannot write locks away. Windows has no such mode bits: there the
    installer's ACL on %ProgramData%\\Folio and HKLM are what keep readers out
    (docs/admin.md).
    """
    if sys.platform == "win32":
        return None
    trusted = frozenset({0, os.getuid()}) if dev_file else frozenset({0})
    resolved = path.resolve()
    # A symlink's own folder counts too: whoever may write there can repoint it.
    folders = dict.fromkeys((path.absolute().parent, resolved.parent))
    for place in (resolved, *folders):
        problem = _writable_by_others(place, trusted)
        if problem is not None:
            return problem
    return None


def read_policy_file(path: Path, *, dev_file: bool = True) -> PolicyLayer:
    source = f"policy file {path}"
    try:
        problem = admin_only_problem(path, dev_file=dev_file)
        if problem is not None:
            reason = f"refused: {problem}; only an administrator may be able to write it"
            return PolicyLayer(warnings=(PolicyWarning("*", source, reason),), failed=reason)
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return PolicyLayer()
    except (OSError, UnicodeDecodeError) as exc:
        reason = f"unreadable ({type(exc).__name__})"
        return PolicyLayer(warnings=(PolicyWarning("*", source, reason),), failed=reason)
    except tomllib.TOMLDecodeError as exc:
        reason = f"not valid TOML ({exc})"
        return PolicyLayer(warnings=(PolicyWarning("*", source, reason),), failed=reason)
    locked, lock_warnings = _locked_names(data.pop(LOCKED_FIELD, None), source)
    values, warnings = _take(data, source, allowed=Source.POLICY)
    return PolicyLayer(
        values,
        locked & values.keys(),
        tuple(lock_warnings + warnings),
        rejected_locks=locked - values.keys(),
    )


def layer_from_registry_values(
    values: Mapping[str, object],
    locked: Mapping[str, object],
    *,
    hklm_key: str = REGISTRY_KEY,
) -> PolicyLayer:
    """Registry values: REG_DWORD arrives as int (0/1 for booleans), REG_SZ as str."""
    source = "registry HKLM\\" + hklm_key
    converted: dict[str, object] = {}
    for name, raw in values.items():
        key = REGISTRY.get(name)
        # The ADMX's "System language" item writes "" on purpose, so it can be locked too.
        chosen_empty = raw == "" and key is not None and "" in key.choices
        if isinstance(raw, str) and not raw.strip() and not chosen_empty:
            continue  # the MSI writes " " for a property it was not given: not set
        if key is not None and key.type is bool and isinstance(raw, int) and raw in (0, 1):
            converted[name] = bool(raw)
        else:
            converted[name] = raw
    taken, warnings = _take(converted, source, allowed=Source.POLICY, text_values=True)
    lock_list = [n for n, flag in locked.items() if flag not in (0, "0", "", None)]
    lock_set, lock_warnings = _locked_names(lock_list, source)
    return PolicyLayer(taken, lock_set, tuple(lock_warnings + warnings))


def _read_hklm(path: str) -> dict[str, object]:
    """Every value of one HKLM key (not its subkeys); empty when the key does not exist."""
    if sys.platform != "win32":
        return {}
    import winreg  # noqa: PLC0415 (Windows only)

    out: dict[str, object] = {}
    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, path) as handle:
            index = 0
            while True:
                try:
                    name, data, _kind = winreg.EnumValue(handle, index)
                except OSError:
                    break
                out[name] = data
                index += 1
    except FileNotFoundError:
        pass
    return out


def read_windows_registry() -> PolicyLayer:
    """HKLM\\SOFTWARE\\Policies\\Folio and its ``Locked`` subkey; empty off Windows."""
    if sys.platform != "win32":
        return PolicyLayer()
    return layer_from_registry_values(
        _read_hklm(REGISTRY_KEY), _read_hklm(REGISTRY_KEY + "\\" + REGISTRY_LOCKED_SUBKEY)
    )


def read_installer_registry() -> PolicyLayer:
    """HKLM\\SOFTWARE\\Folio, the MSI's properties (never locked); empty off Windows."""
    if sys.platform != "win32":
        return PolicyLayer()
    return layer_from_registry_values(
        _read_hklm(INSTALLER_REGISTRY_KEY), {}, hklm_key=INSTALLER_REGISTRY_KEY
    )


def _under(installer: PolicyLayer, policy: PolicyLayer) -> PolicyLayer:
    """The installer's values where the policy in force says nothing; locks are the policy's."""
    if not installer.values and not installer.warnings:
        return policy
    return PolicyLayer(
        {**installer.values, **policy.values},
        policy.locked,
        installer.warnings + policy.warnings,
        policy.failed,
        policy.rejected_locks,
    )


def machine_policy(
    environ: Mapping[str, str] | None = None,
    registry: Callable[[], PolicyLayer] = read_windows_registry,
    installer: Callable[[], PolicyLayer] = read_installer_registry,
) -> PolicyLayer:
    """The registry's policy (GPO, Intune) if it holds one, else the policy file; under
    either, the MSI's properties (HKLM\\SOFTWARE\\Folio) where they say nothing.

    The file is not merged under a registry policy: on Windows a reader may be
    able to create %ProgramData%\\Folio\\policy.toml where IT uses only GPO.
    """
    return _under(installer(), _policy_in_force(environ, registry))


def _policy_in_force(
    environ: Mapping[str, str] | None, registry: Callable[[], PolicyLayer]
) -> PolicyLayer:
    env = os.environ if environ is None else environ
    from_registry = registry()
    override, ignored = _dev_override(env)
    notes: tuple[PolicyWarning, ...] = ()
    if ignored is not None:
        notes = (PolicyWarning(ENV_POLICY, "environment", ignored),)
    if from_registry.present:
        if override is not None:
            notes += (PolicyWarning(ENV_POLICY, "environment", "ignored: a machine policy exists"),)
        return PolicyLayer(
            from_registry.values,
            from_registry.locked,
            notes + from_registry.warnings,
            from_registry.failed,
            from_registry.rejected_locks,
        )
    if override is not None:
        from_file = read_policy_file(override, dev_file=True)
    else:
        from_file = read_policy_file(machine_policy_file(env), dev_file=False)
    return PolicyLayer(
        from_file.values,
        from_file.locked,
        notes + from_file.warnings,
        from_file.failed,
        from_file.rejected_locks,
    )


# ---------------------------------------------------------------------------
# the last good machine policy


def _last_good_mac_key(*, create: bool) -> bytes | None:
    """The HMAC key, from the secret store that also holds the device secret (not the vault).

    It is readable before unlock and outlives PIN changes (which replace the vault's
    device secret). None when the store cannot be used: then nothing kept can be trusted.
    """
    from sync.vault.secret_store import default_secret_store  # noqa: PLC0415 (no cycle at import)

    try:
        store = default_secret_store()
        text = store.get(LAST_GOOD_KEY_ENTRY)
        if text is None and create:
            text = secrets.token_hex(32)
            store.set(LAST_GOOD_KEY_ENTRY, text)
        return None if text is None else bytes.fromhex(text)
    except (FolioError, OSError, ValueError, RuntimeError) as exc:
        log.warning(
            "policy.last_good_key_unavailable", extra={"fields": {"error": type(exc).__name__}}
        )
        return None


def _last_good_payload(layer: PolicyLayer) -> dict[str, Any]:
    """What is kept: values and locks, secrets left out (the enrollment code is single-use)."""
    values = {k: v for k, v in layer.values.items() if not REGISTRY[k].secret}
    return {"format": LAST_GOOD_FORMAT, "values": values, "locked": sorted(layer.locked)}


def _mac(key: bytes, payload: Mapping[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, b"folio-policy-last-good\0" + canonical, hashlib.sha256).hexdigest()


def _read_last_good_raw(data_dir: Path) -> dict[str, Any] | None:
    try:
        raw = json.loads((data_dir / LAST_GOOD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return raw if isinstance(raw, dict) else None


def save_last_good(data_dir: Path | None, layer: PolicyLayer) -> None:
    """Keep ``layer`` (read whole and valid) for the day IT's file cannot be read."""
    if data_dir is None or not data_dir.is_dir():
        return
    payload = _last_good_payload(layer)
    current = _read_last_good_raw(data_dir)
    if current is not None and current.get("payload") == payload:
        return  # unchanged: no write, no secret-store round trip on every load
    key = _last_good_mac_key(create=True)
    if key is None:
        return
    from sync.vault.secret_store import atomic_write  # noqa: PLC0415

    record = {"payload": payload, "mac": _mac(key, payload)}
    atomic_write(data_dir / LAST_GOOD_FILE, (json.dumps(record, sort_keys=True) + "\n").encode())


def forget_last_good(data_dir: Path | None) -> None:
    """IT withdrew the machine policy: nothing is kept to fall back to."""
    if data_dir is not None:
        (data_dir / LAST_GOOD_FILE).unlink(missing_ok=True)


def read_last_good(data_dir: Path | None) -> PolicyLayer | None:
    """The kept policy if its HMAC checks out, re-checked against today's registry."""
    if data_dir is None:
        return None
    raw = _read_last_good_raw(data_dir)
    if (
        raw is None
        or not isinstance(raw.get("payload"), dict)
        or not isinstance(raw.get("mac"), str)
    ):
        return None
    payload: dict[str, Any] = raw["payload"]
    key = _last_good_mac_key(create=False)
    if key is None or not hmac.compare_digest(_mac(key, payload), raw["mac"]):
        log.warning("policy.last_good_rejected")
        return None
    source = f"last good policy {data_dir / LAST_GOOD_FILE}"
    values_raw = payload.get("values")
    values, warnings = _take(
        values_raw if isinstance(values_raw, dict) else {}, source, allowed=Source.POLICY
    )
    locked, lock_warnings = _locked_names(payload.get("locked"), source)
    return PolicyLayer(values, locked & values.keys(), tuple(lock_warnings + warnings))


def strictest_value(key: Key) -> Value:
    return STRICTEST.get(key.name, key.default)


def _fall_back(
    policy: PolicyLayer, data_dir: Path | None
) -> tuple[PolicyLayer, PolicyState, str | None]:
    """The policy in force, whether it is IT's, and why not (see the module docstring)."""
    rejected = policy.rejected_locks | (policy.locked - policy.values.keys())
    if policy.failed is None and not rejected:
        if policy.present:
            save_last_good(data_dir, policy)
            return policy, PolicyState.OK, None
        forget_last_good(data_dir)
        return policy, PolicyState.NONE, None
    last_good = read_last_good(data_dir)
    if policy.failed is not None:
        problem = f"the machine policy cannot be used: {policy.failed}"
        if last_good is not None:
            return last_good, PolicyState.LAST_GOOD, problem
        strict = {
            k.name: strictest_value(k)
            for k in KEYS
            if k.lockable and k.name not in NOT_FORCED_WHEN_STRICTEST
        }
        return PolicyLayer(strict, frozenset(strict)), PolicyState.STRICTEST, problem
    # Locked keys IT gave no valid value: each keeps its last good value, else its strictest.
    values, locked = dict(policy.values), set(policy.locked - rejected)
    state = PolicyState.LAST_GOOD
    for name in sorted(rejected):
        if last_good is not None and name in last_good.locked:
            values[name] = last_good.values[name]
        else:
            values[name] = strictest_value(REGISTRY[name])
            state = PolicyState.STRICTEST
        locked.add(name)
    problem = "locked without a valid value: " + ", ".join(sorted(rejected))
    return PolicyLayer(values, frozenset(locked), policy.warnings), state, problem


def _settings_upgrade_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 was a flat mapping of key -> value."""
    return {"version": 1, "settings": dict(data)}


#: Numbered upgrades of the reader's settings file: UPGRADES[n] turns version n into n + 1.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _settings_upgrade_0_to_1,
}


def upgrade_settings(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("version", 0)
    if not isinstance(version, int) or "settings" not in data:
        version = 0
    while version < SETTINGS_VERSION:
        data = UPGRADES[version](data)
        version = int(data["version"])
    return data


def read_user_settings(data_dir: Path | None) -> tuple[dict[str, Value], list[PolicyWarning]]:
    if data_dir is None:
        return {}, []
    raw: dict[str, object] = {}
    warnings: list[PolicyWarning] = []
    toml_path, json_path = data_dir / SETTINGS_TOML, data_dir / SETTINGS_JSON
    try:
        raw.update(tomllib.loads(toml_path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        warnings.append(PolicyWarning("*", str(toml_path), f"unreadable ({type(exc).__name__})"))
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        settings = upgrade_settings(data).get("settings", {})
        if isinstance(settings, dict):
            raw.update(settings)
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as exc:
        warnings.append(PolicyWarning("*", str(json_path), f"unreadable ({type(exc).__name__})"))
    values, more = _take(raw, f"settings {data_dir}", allowed=Source.USER)
    return values, warnings + more


def _env_values(environ: Mapping[str, str]) -> tuple[dict[str, Value], list[PolicyWarning]]:
    raw = {k.name: environ[k.env_var] for k in KEYS if k.env_var in environ}
    return _take(raw, "environment", allowed=Source.ENV, text_values=True)


# ---------------------------------------------------------------------------
# merging


def load(
    data_dir: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    registry: Callable[[], PolicyLayer] = read_windows_registry,
    server: Mapping[str, object] | None = None,
    installer: Callable[[], PolicyLayer] = read_installer_registry,
) -> Config:
    """Every key's effective value. Never raises for bad input: it warns and goes on."""
    env = os.environ if environ is None else environ
    read = machine_policy(env, registry, installer)
    policy, state, problem = _fall_back(read, data_dir)
    server_values, server_warnings = _take(server or {}, "server", allowed=Source.SERVER)
    user_values, user_warnings = read_user_settings(data_dir)
    env_values, env_warnings = _env_values(env)
    layers: list[tuple[Source, Mapping[str, Value]]] = [
        (Source.SERVER, server_values),
        (Source.POLICY, policy.values),
        (Source.USER, user_values),
        (Source.ENV, env_values),
    ]
    effective: dict[str, Effective] = {}
    loosening: list[PolicyWarning] = []
    for key in KEYS:
        value, source = key.default, Source.DEFAULT
        locked = key.name in policy.locked and key.name in policy.values
        if locked:
            value, source = policy.values[key.name], Source.POLICY
        else:
            for layer_source, layer in layers:
                if key.name not in layer:
                    continue
                if layer_source is Source.ENV and looser(key, layer[key.name], value):
                    loosening.append(
                        PolicyWarning(key.name, "environment", "would loosen the server, ignored")
                    )
                    continue
                value, source = layer[key.name], layer_source
        effective[key.name] = Effective(key.name, value, source, locked)
    lock_without_value = [
        PolicyWarning(n, "policy", "locked but given no valid value: kept at its fallback")
        for n in sorted(read.rejected_locks | (read.locked - read.values.keys()))
    ]
    warnings = (
        *read.warnings,
        *lock_without_value,
        *loosening,
        *server_warnings,
        *user_warnings,
        *env_warnings,
    )
    for w in warnings:
        log.warning("policy.warning", extra={"fields": {"setting": w.key, "source": w.source}})
    if state in (PolicyState.LAST_GOOD, PolicyState.STRICTEST):
        log.warning("policy.fallback", extra={"fields": {"state": state.value}})
    return Config(effective, tuple(warnings), state, problem)


def looser(key: Key, candidate: Value, base: Value) -> bool:
    """True when ``candidate`` gives the reader more than ``base`` on a key the server decides.

    Only server-decided keys have a direction; the reader's environment may
    tighten them (tests, a cautious reader) but never loosen them.
    """
    if Source.SERVER not in key.sources:
        return False
    if key.name == "min_app_version":
        cand, floor = parse_version(str(candidate)), parse_version(str(base))
        return cand is None or floor is None or cand < floor
    if not isinstance(candidate, int) or not isinstance(base, int):
        return True
    if key.name == "retention_days_after_meeting":  # 0 keeps packs for ever: the loosest
        return base != 0 and (candidate == 0 or candidate > base)
    return candidate > base


def effective(data_dir: Path | None = None, **kwargs: Any) -> dict[str, Effective]:
    """Each key's value with its source and locked flag (what Settings shows)."""
    return dict(load(data_dir, **kwargs).values)


def save_user_setting(data_dir: Path, name: str, value: Value, config: Config) -> None:
    """Write one of the reader's own settings; a locked key is refused."""
    key = REGISTRY.get(name)
    if key is None or Source.USER not in key.sources:
        raise FolioError(ErrorKind.BAD_INPUT, f"{name} is not a reader setting")
    if config.is_locked(name):
        raise FolioError(ErrorKind.POLICY, f"{name} is managed by your organisation")
    checked, reason = check_value(key, value)
    if reason is not None:
        raise FolioError(ErrorKind.BAD_INPUT, f"{name}: {reason}")
    path = data_dir / SETTINGS_JSON
    current: dict[str, Any] = {"version": SETTINGS_VERSION, "settings": {}}
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(loaded, dict):
            current = upgrade_settings(loaded)
    except (FileNotFoundError, ValueError):
        pass
    current.setdefault("settings", {})[name] = checked
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


# ---------------------------------------------------------------------------
# the one-time enrollment code


def _code_digest(code: str) -> str:
    return hashlib.sha256(b"folio-enrollment-code\0" + code.encode()).hexdigest()


def pending_enrollment_code(data_dir: Path, config: Config) -> str | None:
    """The policy's enrollment code if this device has not used it yet."""
    code = config.text("enrollment_code")
    if not code:
        return None
    try:
        used = json.loads((data_dir / ENROLLMENT_STATE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        used = []
    return None if isinstance(used, list) and _code_digest(code) in used else code


def consume_enrollment_code(data_dir: Path, code: str) -> None:
    """Remember (by hash) that ``code`` was used, so it is never sent again."""
    path = data_dir / ENROLLMENT_STATE
    try:
        used = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(used, list):
            used = []
    except (FileNotFoundError, ValueError):
        used = []
    digest = _code_digest(code)
    if digest not in used:
        used.append(digest)
    data_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(used) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------
# documentation


def markdown_table() -> str:
    """The keys table in docs/admin.md (a unit test keeps the two identical)."""
    rows = [
        "| Key | Type | Default | Set by | Lockable | Meaning |",
        "|---|---|---|---|---|---|",
    ]
    for key in KEYS:
        kind = key.type.__name__
        if key.type is int and (key.minimum is not None or key.maximum is not None):
            kind += f" {key.minimum}..{key.maximum}"
        if key.choices:
            kind += " (" + " / ".join(key.choices) + ")"
        default = json.dumps(key.default)
        sources = ", ".join(s.value for s in Source if s in key.sources)
        rows.append(
            f"| `{key.name}` | {kind} | `{default}` | {sources} | "
            f"{'yes' if key.lockable else 'no'} | {key.doc} |"
        )
    return "\n".join(rows) + "\n"
