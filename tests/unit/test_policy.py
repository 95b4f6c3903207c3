"""sync/config/policy.py: the registry, precedence (default < server < policy < user < env <
locked policy), bad policy files, the Windows registry layer, the one-time enrollment code."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from sync.config import policy
from sync.config.policy import PolicyLayer, Source
from sync.errors import ErrorKind, FolioError

# These tests feed broken, forged and conflicting policies on purpose; each is logged
# as a warning naming the key (what IT sees in the log).
pytestmark = pytest.mark.log_expect(
    "^folio\\.policy: policy\\.(warning|fallback|last_good_rejected)$"
)


def _no_registry() -> PolicyLayer:
    return PolicyLayer()


def _load(
    tmp_path: Path,
    policy_text: str | None = None,
    user: dict[str, object] | None = None,
    env: dict[str, str] | None = None,
    **kw: object,
) -> policy.Config:
    data_dir = tmp_path / "data"
    data_dir.mkdir(exist_ok=True)
    environ = {"FOLIO_POLICY": str(tmp_path / "absent.toml"), **(env or {})}
    if policy_text is not None:
        path = tmp_path / "policy.toml"
        path.write_text(policy_text, encoding="utf-8")
        environ["FOLIO_POLICY"] = str(path)
    if user is not None:
        (data_dir / "settings.json").write_text(
            json.dumps({"version": 1, "settings": user}), encoding="utf-8"
        )
    kw.setdefault("registry", _no_registry)
    return policy.load(data_dir, environ=environ, **kw)  # type: ignore[arg-type]


def test_registry_is_consistent_and_has_the_required_keys() -> None:
    assert policy.check_registry() == []
    required = {
        "server_url",
        "enrollment_code",
        "auto_lock_minutes",
        "max_pin_attempts",
        "allow_copy_text",
        "allow_export",
        "allow_print",
        "watermark",
        "retention_days_after_meeting",
        "offline_grace_days",
        "update_check",
        "update_url",
        "min_app_version",
    }
    assert required <= set(policy.REGISTRY)


def test_defaults_when_nothing_is_configured(tmp_path: Path) -> None:
    config = _load(tmp_path)
    for key in policy.KEYS:
        eff = config.values[key.name]
        assert (eff.value, eff.source, eff.locked) == (key.default, Source.DEFAULT, False)
    assert config.warnings == ()


def test_precedence_default_policy_user_and_locked_policy_wins(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        'auto_lock_minutes = 10\nallow_print = true\nwatermark = true\nlocked = ["watermark"]\n',
        user={"auto_lock_minutes": 3, "allow_print": False, "watermark": False},
    )
    assert config.values["auto_lock_minutes"] == policy.Effective(
        "auto_lock_minutes", 3, Source.USER, False
    )
    assert config.values["allow_print"].value is False  # the reader's own choice
    assert config.values["watermark"] == policy.Effective("watermark", True, Source.POLICY, True)
    assert config.values["allow_export"].source is Source.DEFAULT
    # policy beats the default when the reader said nothing
    (tmp_path / "other").mkdir()
    only_policy = _load(tmp_path / "other", "auto_lock_minutes = 10\n")
    assert only_policy.values["auto_lock_minutes"].value == 10
    assert only_policy.values["auto_lock_minutes"].source is Source.POLICY


def test_env_overrides_everything_but_locked_keys(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        'allow_export = false\nallow_print = false\nlocked = ["allow_export"]\n',
        user={"allow_print": False},
        env={
            "FOLIO_ALLOW_EXPORT": "1",
            "FOLIO_ALLOW_PRINT": "true",
            "FOLIO_AUTO_LOCK_MINUTES": "7",
        },
    )
    assert config.values["allow_print"].value is True
    assert config.values["allow_print"].source is Source.ENV
    assert config.number("auto_lock_minutes") == 7
    assert config.flag("allow_export") is False
    assert config.is_locked("allow_export")


def test_server_value_is_weakest_and_only_for_server_keys(tmp_path: Path) -> None:
    config = _load(tmp_path, server={"min_app_version": "1.4.0", "allow_export": True})
    assert config.values["min_app_version"].value == "1.4.0"
    assert config.values["min_app_version"].source is Source.SERVER
    assert config.values["allow_export"].value is False
    assert [(w.key, w.source) for w in config.warnings] == [("allow_export", "server")]
    over = _load(tmp_path, 'min_app_version = "2.0"\n', server={"min_app_version": "1.4.0"})
    assert over.text("min_app_version") == "2.0"


def test_unknown_keys_and_wrong_types_warn_by_name_and_the_rest_applies(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="folio.policy")
    config = _load(
        tmp_path,
        "\n".join(
            [
                'server_url = "https://folio.example.org"',
                'auto_lock_minutes = "five"',
                "max_pin_attempts = 1",
                "allow_print = 1",
                "shiny_new_thing = true",
                'log_level = "verbose"',
                'locked = ["server_url", "no_such_key", "enrollment_code"]',
            ]
        ),
    )
    named = {w.key: w.reason for w in config.warnings}
    assert set(named) == {
        "auto_lock_minutes",
        "max_pin_attempts",
        "allow_print",
        "shiny_new_thing",
        "log_level",
        "no_such_key",
        "enrollment_code",
    }
    assert "whole number" in named["auto_lock_minutes"]
    assert "minimum" in named["max_pin_attempts"]
    assert "true or false" in named["allow_print"]
    assert "unknown" in named["shiny_new_thing"]
    assert config.text("server_url") == "https://folio.example.org"
    assert config.is_locked("server_url")
    assert config.number("auto_lock_minutes") == 5  # default kept
    logged = [r.__dict__["fields"]["setting"] for r in caplog.records if r.msg == "policy.warning"]
    assert "shiny_new_thing" in logged
    assert all("folio.example.org" not in r.getMessage() for r in caplog.records)


def test_a_broken_policy_file_warns_and_fails_closed(tmp_path: Path) -> None:
    """Issue 16: a broken file no longer drops the locks; with nothing kept, strictest applies
    (tests/unit/test_policy_hardening.py covers the last good policy)."""
    config = _load(
        tmp_path, 'server_url = "https://x\nauto_lock_minutes = 3', user={"watermark": False}
    )
    assert len(config.warnings) == 1
    assert "not valid TOML" in config.warnings[0].reason
    assert config.policy_state is policy.PolicyState.STRICTEST
    assert config.flag("watermark") is True
    assert config.is_locked("watermark")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    config = policy.load(tmp_path, environ={"FOLIO_POLICY": str(binary)}, registry=_no_registry)
    assert "unreadable" in config.warnings[0].reason
    assert config.policy_state is policy.PolicyState.STRICTEST


def test_a_locked_key_without_a_value_is_locked_at_its_strictest(tmp_path: Path) -> None:
    config = _load(tmp_path, 'locked = ["allow_print"]\n', user={"allow_print": True})
    assert config.flag("allow_print") is False
    assert config.is_locked("allow_print")
    assert [w.key for w in config.warnings] == ["allow_print"]
    assert config.policy_state is policy.PolicyState.STRICTEST


def test_reader_cannot_set_policy_only_keys_in_settings(tmp_path: Path) -> None:
    config = _load(tmp_path, user={"max_pin_attempts": 50, "enrollment_code": "X", "bogus": 1})
    assert config.number("max_pin_attempts") == 10
    assert config.text("enrollment_code") == ""
    assert {w.key for w in config.warnings} == {"max_pin_attempts", "enrollment_code", "bogus"}


def test_registry_policy_replaces_the_file_and_converts_dwords(tmp_path: Path) -> None:
    """Under a GPO policy the file is not read (issue 16: a reader could plant it on Windows)."""

    def registry() -> PolicyLayer:
        return policy.layer_from_registry_values(
            {
                "allow_print": 1,
                "auto_lock_minutes": 15,
                "server_url": "https://gpo.example",
                "enrollment_code": " ",  # what the MSI writes when ENROLLMENTCODE is not given
            },
            {"allow_print": 1, "auto_lock_minutes": 0},
        )

    config = _load(
        tmp_path,
        'allow_print = false\nserver_url = "https://file.example"\n',
        user={"allow_print": False, "auto_lock_minutes": 2},
        registry=registry,
    )
    assert config.flag("allow_print") is True
    assert config.is_locked("allow_print")
    assert config.text("server_url") == "https://gpo.example"
    assert config.number("auto_lock_minutes") == 2  # registry value, not locked: reader wins
    assert config.values["enrollment_code"].source is Source.DEFAULT
    assert [(w.key, w.reason) for w in config.warnings] == [
        ("FOLIO_POLICY", "ignored: a machine policy exists")
    ]
    assert policy.read_windows_registry() == PolicyLayer()  # off Windows: nothing


def test_policy_file_location(tmp_path: Path) -> None:
    assert policy.policy_file_path({}) == Path("/etc/folio/policy.toml")
    assert policy.policy_file_path({"FOLIO_POLICY": str(tmp_path)}) == tmp_path


def test_save_user_setting_round_trips_and_refuses_locked_keys(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    config = _load(tmp_path, 'allow_export = false\nlocked = ["allow_export"]\n')
    policy.save_user_setting(data_dir, "auto_lock_minutes", 12, config)
    policy.save_user_setting(data_dir, "watermark", True, config)
    again = _load(tmp_path, 'allow_export = false\nlocked = ["allow_export"]\n')
    assert again.number("auto_lock_minutes") == 12
    assert again.values["watermark"].source is Source.USER
    with pytest.raises(FolioError) as locked:
        policy.save_user_setting(data_dir, "allow_export", True, again)
    assert locked.value.kind is ErrorKind.POLICY
    with pytest.raises(FolioError) as not_user:
        policy.save_user_setting(data_dir, "max_pin_attempts", 50, again)
    assert not_user.value.kind is ErrorKind.BAD_INPUT
    with pytest.raises(FolioError):
        policy.save_user_setting(data_dir, "auto_lock_minutes", 0, again)


def test_settings_upgrade_from_flat_version_0_and_toml(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "settings.json").write_text('{"auto_lock_minutes": 9}', encoding="utf-8")
    (data_dir / "settings.toml").write_text("watermark = true\n", encoding="utf-8")
    config = _load(tmp_path)
    assert config.number("auto_lock_minutes") == 9
    assert config.flag("watermark") is True
    assert policy.upgrade_settings({"a": 1}) == {"version": 1, "settings": {"a": 1}}


def test_unknown_setting_name_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        _load(tmp_path).value("not_registered")


def test_effective_and_redacted_hide_the_enrollment_code(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('enrollment_code = "ABCD-1234"\n', encoding="utf-8")
    eff = policy.effective(None, environ={"FOLIO_POLICY": str(path)}, registry=_no_registry)
    assert eff["enrollment_code"].value == "ABCD-1234"
    config = policy.load(None, environ={"FOLIO_POLICY": str(path)}, registry=_no_registry)
    assert config.redacted()["enrollment_code"]["value"] == "<set>"
    assert "ABCD-1234" not in json.dumps(config.redacted())


def test_enrollment_code_is_consumed_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    config = _load(tmp_path, 'enrollment_code = "ABCD-1234"\n')
    assert policy.pending_enrollment_code(data_dir, config) == "ABCD-1234"
    policy.consume_enrollment_code(data_dir, "ABCD-1234")
    assert policy.pending_enrollment_code(data_dir, config) is None
    assert "ABCD-1234" not in (data_dir / policy.ENROLLMENT_STATE).read_text()
    fresh = _load(tmp_path, 'enrollment_code = "EFGH-5678"\n')
    assert policy.pending_enrollment_code(data_dir, fresh) == "EFGH-5678"


def test_admin_guide_lists_every_key_as_the_registry_says() -> None:
    guide = (Path(__file__).resolve().parents[2] / "docs" / "admin.md").read_text(encoding="utf-8")
    assert policy.markdown_table() in guide, "regenerate the table: policy.markdown_table()"
