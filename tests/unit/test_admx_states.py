"""The ADMX and sync/config/policy.py's registry reader agree, state by state.

There is no Windows here, so the test plays Group Policy: it reads the
generated folio.admx, writes what each state writes (Not configured: nothing;
Disabled: the policy's disabled values, and its element values deleted;
Enabled: the values chosen in its elements) into a registry dict shaped as
``read_windows_registry`` hands it to ``layer_from_registry_values``, and
checks the effective policy: every value a key can take, enforced or a
default, including false and the system language.
"""

from __future__ import annotations

import importlib.util
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

import pytest

from sync.config import policy
from sync.config.policy import REGISTRY_KEY, REGISTRY_LOCKED_SUBKEY, Key, PolicyLayer, Source, Value
from sync.errors import ErrorKind, FolioError

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "packaging" / "windows"
NS = "{http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions}"
LOCKED_KEY = REGISTRY_KEY + "\\" + REGISTRY_LOCKED_SUBKEY
DELETE = object()
Registry = dict[str, dict[str, object]]


def _make_admx() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_admx", WINDOWS / "make_admx.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE = _make_admx()
ADMX = ET.parse(WINDOWS / "folio.admx").getroot()
POLICIES = {p.get("name"): p for p in ADMX.iter(f"{NS}policy")}


def _registry_value(value: ET.Element) -> object:
    """The data one ``<value>`` (or enabledValue ...) writes."""
    (child,) = list(value)
    if child.tag == f"{NS}decimal":
        return int(child.get("value", ""))
    if child.tag == f"{NS}string":
        return child.text or ""
    assert child.tag == f"{NS}delete", child.tag
    return DELETE


def _gpo(
    name: str,
    state: str,
    chosen: dict[str, object] | None = None,
    before: Registry | None = None,
) -> Registry:
    """What Group Policy leaves in HKLM for policy ``name`` in ``state``.

    ``chosen`` maps an element id to the value the administrator picks; an
    enum must offer an item writing exactly that value, or the ADMX cannot
    express it and the test fails here. ``before`` is what an earlier state
    left (Not configured clears everything the policy ever wrote).
    """
    element = POLICIES[name]
    if state == "not configured":
        return {}
    registry: Registry = {at: dict(values) for at, values in (before or {}).items()}
    key = element.get("key", "")

    def write(at: str | None, value_name: str | None, data: object) -> None:
        assert value_name, f"{name}: an element without a valueName"
        values = registry.setdefault(at or key, {})
        if data is DELETE:
            values.pop(value_name, None)
        else:
            values[value_name] = data

    on = state == "enabled"
    single = element.find(f"{NS}{'enabledValue' if on else 'disabledValue'}")
    if single is not None:
        write(None, element.get("valueName"), _registry_value(single))
    for item in element.iterfind(f"{NS}{'enabledList' if on else 'disabledList'}/{NS}item"):
        data = item.find(f"{NS}value")
        assert data is not None, f"{name}: a list item without a value"
        write(item.get("key"), item.get("valueName"), _registry_value(data))
    elements = element.find(f"{NS}elements")
    picks = dict(chosen or {})
    for el in list(elements) if elements is not None else []:
        el_id, at, value_name = el.get("id", ""), el.get("key"), el.get("valueName")
        if not on:
            write(at, value_name, DELETE)  # Disabled deletes every element's value
            continue
        assert el_id in picks, f"{name}: nothing chosen for {el_id}"
        pick = picks.pop(el_id)
        tag = el.tag.removeprefix(NS)
        if tag == "enum":
            offered = [_registry_value(v) for v in el.iterfind(f"{NS}item/{NS}value")]
            assert pick in offered, f"{name}: {el_id} offers {offered}, not {pick!r}"
            write(at, value_name, pick)
        elif tag == "decimal":
            assert isinstance(pick, int)
            assert int(el.get("minValue", "0")) <= pick <= int(el.get("maxValue", "0"))
            write(at, value_name, pick)
        elif tag == "boolean":  # a check box: picks 1 (ticked) or 0
            node = el.find(f"{NS}{'trueValue' if pick else 'falseValue'}")
            write(at, value_name, int(bool(pick)) if node is None else _registry_value(node))
        elif tag == "text":
            assert isinstance(pick, str)
            write(at, value_name, pick)
        else:
            raise AssertionError(f"{name}: element {tag} not modelled")
    assert not picks, f"{name}: no elements {sorted(picks)}"
    return {at: values for at, values in registry.items() if values}


def _load(
    tmp_path: Path, registry: Registry, user: Mapping[str, object] | None = None
) -> policy.Config:
    assert set(registry) <= {REGISTRY_KEY, LOCKED_KEY}, f"writes outside the reader: {registry}"
    layer = policy.layer_from_registry_values(
        registry.get(REGISTRY_KEY, {}), registry.get(LOCKED_KEY, {})
    )
    data_dir = tmp_path / "data"
    data_dir.mkdir(exist_ok=True)
    (data_dir / "settings.json").write_text(
        json.dumps({"version": 1, "settings": dict(user or {})}), encoding="utf-8"
    )

    def from_registry() -> PolicyLayer:
        return layer

    return policy.load(data_dir, environ={}, registry=from_registry)


#: Sample texts; each text key takes the first its checks accept.
TEXTS = (
    "https://gpo.example",
    "1.4.0",
    "ab" * 32 + ", " + "cd" * 32,
    "ORG-7F3K",
    "https://me.example",
)


def _values(key: Key) -> list[Value]:
    """Every value worth setting: both booleans, every choice, both ends of a range."""
    if key.type is bool:
        return [True, False]
    if key.choices:
        return list(key.choices)
    if key.type is int:
        assert key.minimum is not None
        assert key.maximum is not None
        return [key.minimum, key.maximum]
    return [next(t for t in TEXTS if policy.check_value(key, t)[1] is None)]


def _other(key: Key, value: Value) -> Value:
    """A different valid value the reader might set for herself."""
    if key.type is bool:
        return not value
    if key.choices:
        return next(c for c in key.choices if c != value)
    if key.type is int:
        return key.minimum if value != key.minimum else key.maximum  # type: ignore[return-value]
    return next(t for t in TEXTS[::-1] if t != value and policy.check_value(key, t)[1] is None)


def _pick(key: Key, value: Value) -> object:
    """The registry data the value's drop-down item or box writes."""
    return int(value) if isinstance(value, bool) else value


GPO_KEYS = [k for k in policy.KEYS if Source.POLICY in k.sources]


@pytest.mark.parametrize("key", GPO_KEYS, ids=lambda k: k.name)
def test_every_gpo_state_gives_the_intended_policy(key: Key, tmp_path: Path) -> None:
    reader_can = Source.USER in key.sources
    for value in _values(key):
        mine = _other(key, value) if reader_can else None
        user = {key.name: mine} if reader_can else {}
        locks = [True, False] if key.lockable else [False]
        for enforced in locks:
            chosen: dict[str, object] = {f"{key.name}_value": _pick(key, value)}
            if key.lockable:
                chosen[f"{key.name}_lock"] = 1 if enforced else 0
            config = _load(tmp_path, _gpo(key.name, "enabled", chosen), user)
            case = f"{key.name}={value!r} enabled, enforced={enforced}"
            assert config.warnings == (), case
            assert config.is_locked(key.name) is enforced, case
            if enforced or not reader_can:
                assert config.value(key.name) == value, case
                assert config.values[key.name].source is Source.POLICY, case
            else:  # a default: the reader's own setting wins
                assert config.value(key.name) == mine, case
            with_no_reader = _load(tmp_path, _gpo(key.name, "enabled", chosen))
            assert with_no_reader.value(key.name) == value, case
    enforced_first: dict[str, object] = {f"{key.name}_value": _pick(key, _values(key)[0])}
    if key.lockable:
        enforced_first[f"{key.name}_lock"] = 1
    was = _gpo(key.name, "enabled", enforced_first)
    for state in ("disabled", "not configured"):
        registry = _gpo(key.name, state, before=was)  # switched from Enabled, Enforced
        assert registry == {}, state
        config = _load(tmp_path, registry)
        assert config.value(key.name) == key.default, state
        assert not config.is_locked(key.name), state
        assert config.values[key.name].source is Source.DEFAULT, state


def test_export_not_allowed_and_enforced_cannot_be_undone(tmp_path: Path) -> None:
    """The state the old ADMX could not express: Disabled greyed out its lock box."""
    registry = _gpo("allow_export", "enabled", {"allow_export_value": 0, "allow_export_lock": 1})
    assert registry == {REGISTRY_KEY: {"allow_export": 0}, LOCKED_KEY: {"allow_export": 1}}
    config = _load(tmp_path, registry, user={"allow_export": True})
    assert config.flag("allow_export") is False
    assert config.is_locked("allow_export")
    with pytest.raises(FolioError) as refused:
        policy.save_user_setting(tmp_path / "data", "allow_export", True, config)
    assert refused.value.kind is ErrorKind.POLICY
    strings = _strings("en-US")
    item = POLICIES["allow_export"].find(f"{NS}elements/{NS}enum[@id='allow_export_value']")
    assert item is not None
    labels = [strings[i.get("displayName", "")[9:-1]] for i in item.iter(f"{NS}item")]
    assert labels == ["Allowed", "Not allowed"]


def _strings(language: str) -> dict[str, str]:
    root = ET.parse(WINDOWS / language / "folio.adml").getroot()
    return {s.get("id", ""): s.text or "" for s in root.iter(f"{NS}string")}


@pytest.mark.parametrize("language", ["en-US", "da-DK", "sv-SE"])
def test_adml_is_complete_named_and_matches_the_admx(language: str) -> None:
    adml_path = WINDOWS / language / "folio.adml"
    hint = "run .venv/bin/python packaging/windows/make_admx.py"
    assert (WINDOWS / "folio.admx").read_text(encoding="utf-8") == MAKE.admx(), hint
    assert adml_path.read_text(encoding="utf-8") == MAKE.adml(language), hint
    strings = _strings(language)
    assert strings["server_url"] in {"Server address", "Serveradresse", "Serveradress"}
    assert all(text.strip() for text in strings.values()), "an empty display string"
    referenced = [
        v[len("$(string.") : -1]
        for el in ADMX.iter()
        for attr, v in el.attrib.items()
        if attr in ("displayName", "explainText")
    ]
    assert set(referenced) <= set(strings)
    presentations = {
        p.get("id"): p for p in ET.parse(adml_path).getroot().iter(f"{NS}presentation")
    }
    for key in GPO_KEYS:
        # Its own words in every language, not the raw key name ("Server url").
        assert key.name in MAKE.KEY_TEXTS[language], f"{key.name}: no {language} text"
        element = POLICIES[key.name]
        ids = {el.get("id") for el in element.find(f"{NS}elements") or []}
        controls = {c.get("refId") for c in presentations[key.name]}
        assert controls == ids, key.name


def test_language_offers_no_blank_entry_and_the_system_language_can_be_enforced(
    tmp_path: Path,
) -> None:
    strings = _strings("da-DK")
    enum = POLICIES["language"].find(f"{NS}elements/{NS}enum[@id='language_value']")
    assert enum is not None
    labels = [strings[i.get("displayName", "")[9:-1]] for i in enum.iter(f"{NS}item")]
    assert labels == ["Systemets sprog", "Engelsk (English)", "Dansk", "Svensk (svenska)"]
    registry = _gpo("language", "enabled", {"language_value": "", "language_lock": 1})
    config = _load(tmp_path, registry, user={"language": "da"})
    assert config.text("language") == ""
    assert config.is_locked("language")
