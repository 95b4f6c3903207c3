"""The MSI's own registry key, HKLM\\SOFTWARE\\Folio, under Group Policy's (issue 16).

The MSI writes the properties IT passes on its command line (SERVERURL,
ENROLLMENTTOKEN, ASSETTAG, ENROLLMENTCODE) to HKLM\\SOFTWARE\\Folio, never to
HKLM\\SOFTWARE\\Policies\\Folio, which is Group Policy's. Folio reads them as
machine policy that fills in what the policy leaves out: a value set by GPO (or
the policy file) wins value by value, the installer's values are never locked,
its " " placeholders (wixl writes every value) mean "not set", and its presence
does not shut out the policy file the way a GPO policy does. The registry itself
is Windows-only; these tests give ``load`` the values as winreg would return them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from sync.config import policy
from sync.config.policy import PolicyLayer, Source

SERVER = "https://folio.example.org"


def _installer(values: Mapping[str, object]) -> Callable[[], PolicyLayer]:
    key = policy.INSTALLER_REGISTRY_KEY
    return lambda: policy.layer_from_registry_values(values, {}, hklm_key=key)


def _gpo(values: Mapping[str, object], locked: Mapping[str, object]) -> Callable[[], PolicyLayer]:
    return lambda: policy.layer_from_registry_values(values, locked)


def _no_registry() -> PolicyLayer:
    return PolicyLayer()


def _load(tmp_path: Path, **kw: Callable[[], PolicyLayer]) -> policy.Config:
    env = {"FOLIO_POLICY": str(tmp_path / "absent.toml")}
    return policy.load(tmp_path / "data", environ=env, **kw)


MSI_VALUES = {
    "server_url": SERVER,
    "enrollment_token": "ORG-K7QM-X2RD-P9TW",
    "enrollment_code": " ",
    "asset_tag": " ",
}


def test_the_msis_values_are_machine_policy_not_locked(tmp_path: Path) -> None:
    config = _load(tmp_path, registry=_no_registry, installer=_installer(MSI_VALUES))
    assert config.text("server_url") == SERVER
    assert config.values["server_url"].source is Source.POLICY
    assert not config.is_locked("server_url")
    assert config.text("enrollment_token") == "ORG-K7QM-X2RD-P9TW"
    # " " is wixl's "property not given": not set, the default stays.
    assert config.values["asset_tag"].source is Source.DEFAULT
    assert config.values["enrollment_code"].source is Source.DEFAULT
    assert config.warnings == ()
    assert config.policy_state is policy.PolicyState.OK


def test_group_policy_wins_value_by_value_and_alone_locks(tmp_path: Path) -> None:
    gpo = _gpo(
        {"server_url": "https://gpo.example.org", "allow_export": 0},
        {"allow_export": 1},
    )
    # No FOLIO_POLICY here: under a registry policy no file is read (and it would warn).
    config = policy.load(
        tmp_path / "data", environ={}, registry=gpo, installer=_installer(MSI_VALUES)
    )
    assert config.warnings == ()
    assert config.text("server_url") == "https://gpo.example.org"
    assert config.text("enrollment_token") == "ORG-K7QM-X2RD-P9TW"  # only the MSI set it
    assert config.is_locked("allow_export")
    assert not config.flag("allow_export")


# The unknown key is reported on purpose (IT must hear of a value it cannot use).
@pytest.mark.log_expect(r"^folio\.policy: policy\.warning$")
def test_the_installer_key_cannot_lock_or_carry_unknown_keys(tmp_path: Path) -> None:
    layer = policy.layer_from_registry_values(
        {"allow_export": 1, "no_such_key": "x"}, {}, hklm_key=policy.INSTALLER_REGISTRY_KEY
    )
    config = _load(tmp_path, registry=_no_registry, installer=lambda: layer)
    assert config.flag("allow_export")
    assert not config.is_locked("allow_export")
    (warning,) = config.warnings
    assert warning.key == "no_such_key"
    assert "SOFTWARE\\Folio" in warning.source
    assert "Policies" not in warning.source


def test_the_policy_file_still_applies_over_the_installer_key(tmp_path: Path) -> None:
    """Unlike a GPO policy, the MSI's values do not shut the file out."""
    dev_file = tmp_path / "policy.toml"
    dev_file.write_text('server_url = "https://file.example.org"\nlocked = ["server_url"]\n')
    dev_file.chmod(0o644)
    tmp_path.chmod(0o755)
    config = policy.load(
        tmp_path / "data",
        environ={"FOLIO_POLICY": str(dev_file)},
        registry=_no_registry,
        installer=_installer(MSI_VALUES),
    )
    assert config.text("server_url") == "https://file.example.org"
    assert config.is_locked("server_url")
    assert config.text("enrollment_token") == "ORG-K7QM-X2RD-P9TW"


def test_placeholders_alone_are_no_policy(tmp_path: Path) -> None:
    blank = dict.fromkeys(MSI_VALUES, " ")
    config = _load(tmp_path, registry=_no_registry, installer=_installer(blank))
    assert config.policy_state is policy.PolicyState.NONE
    assert all(config.values[n].source is Source.DEFAULT for n in MSI_VALUES)
