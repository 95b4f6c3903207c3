"""Issue 16: when IT's policy cannot be used, Settings says so (in the reader's language)
and shows the fallback's locks; a policy read whole shows no such line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import Translations
from desktop.screens.settings import SettingsPage
from desktop.settings import SettingsStore

# A broken or rejected policy file on purpose: the policy loader warns about it in the
# log (what IT reads) while the screen says so to the reader (what these tests check).
pytestmark = pytest.mark.log_expect(r"^folio\.policy: policy\.(warning|fallback)$")


@pytest.fixture
def translations(qapp: QApplication) -> Iterator[Translations]:
    t = Translations(qapp)
    yield t
    t.apply("en")


def _page(qtbot: QtBot, tmp_path: Path, policy_text: str) -> SettingsPage:
    etc = tmp_path / "etc"
    etc.mkdir(exist_ok=True)
    path = etc / "policy.toml"
    path.write_text(policy_text, encoding="utf-8")
    (tmp_path / "data").mkdir(exist_ok=True)
    store = SettingsStore(tmp_path / "data", environ={"FOLIO_POLICY": str(path)})
    page = SettingsPage(store.load())
    qtbot.addWidget(page)
    return page


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The strictest settings apply"),
        ("da", "De strengeste indstillinger gælder"),
        ("sv", "De strängaste inställningarna gäller"),
    ],
)
def test_a_broken_policy_is_reported_in_settings(
    qtbot: QtBot, tmp_path: Path, translations: Translations, language: str, expected: str
) -> None:
    translations.apply(language)
    page = _page(qtbot, tmp_path, 'auto_lock_minutes = "x\n')
    assert page.policy_notice is not None
    assert expected in page.policy_notice.text()
    # The strictest fallback locks the reader's own auto-lock too.
    assert not page.auto_lock.isEnabled()
    assert page.auto_lock.value() == 1


def test_the_last_good_policy_is_named_and_a_good_one_shows_nothing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    good = _page(qtbot, tmp_path, 'auto_lock_minutes = 20\nlocked = ["auto_lock_minutes"]\n')
    assert good.policy_notice is None
    kept = _page(qtbot, tmp_path, "locked = [\n")
    assert kept.policy_notice is not None
    assert "The last good policy applies" in kept.policy_notice.text()
    assert kept.auto_lock.value() == 20
