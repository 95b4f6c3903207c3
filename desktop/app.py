"""The one composition root: builds TaskRunner, settings and the window, passes them in.

No singletons: every screen gets what it needs by constructor from here.
``python -m desktop [--demo] [--data-dir DIR]``; ``folio`` starts this too.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop.demo import DemoSession
from desktop.main_window import MainWindow
from desktop.settings import Settings, SettingsStore
from desktop.style.theme import AppStyle
from desktop.syncing import SyncService
from desktop.tasks import TaskRunner
from sync.config.paths import resolve_data_dir
from sync.device.logging_setup import setup_logging

if TYPE_CHECKING:
    # Re-exported by sync.api from the vault: only annotated here (tests/gui/test_startup.py).
    from sync.api import KdfParams

I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"
#: The one app icon (the window, the taskbar); installers use its raster sizes (packaging/icons.py).
APP_ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "folio.svg"


class Translations:
    """Installs Folio's and Qt's own translators for one language, replacing the last."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._installed: list[QTranslator] = []

    def apply(self, language: str) -> str:
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed = []
        locale = QLocale(language) if language else QLocale.system()
        code = locale.name().split("_")[0]
        if code not in ("da", "sv"):
            code = "en"
        QLocale.setDefault(QLocale(code) if language else QLocale.system())
        # English too: folio_en carries only the plural forms ("%n change(s)" -> "1 change").
        ours = QTranslator(self._app)
        if ours.load(f"folio_{code}", str(I18N_DIR)):
            self._app.installTranslator(ours)
            self._installed.append(ours)
        if code == "en":
            return code
        qt = QTranslator(self._app)
        if qt.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            self._app.installTranslator(qt)
            self._installed.append(qt)
        return code


class FolioApp:
    """What main() builds; tests build the same thing with a fast KDF."""

    def __init__(
        self,
        app: QApplication,
        *,
        data_dir: Path,
        demo: bool = False,
        kdf: KdfParams | None = None,
        store: SettingsStore | None = None,
        demo_session: DemoSession | None = None,
    ) -> None:
        self.app = app
        self.store = store or SettingsStore(data_dir)
        self.settings: Settings = self.store.load()
        self.translations = Translations(app)
        self.language = self.translations.apply(self.settings.language)
        # The design system (docs/design.md): tokens, the theme the system asks for,
        # 9 mm touch targets and Folio's icons, for every window of the app.
        self.style = AppStyle(app)
        self.style.apply()
        self.runner = TaskRunner()
        self.sync = SyncService(self.runner)
        self.demo_session = demo_session or DemoSession()
        self.window = MainWindow(
            self.runner,
            self.store,
            self.settings,
            data_dir,
            demo_mode=demo,
            kdf=kdf,
            sync=self.sync,
            demo_session=self.demo_session,
        )
        self.window.language_chosen.connect(self.set_language)

    def set_language(self, language: str) -> None:
        self.window.set_language_setting(language)
        self.settings = self.window.settings
        self.language = self.translations.apply(language)
        self.window.rebuild_for_language()

    def start(self) -> None:
        self.window.show()
        self.window.start()

    def shutdown(self) -> None:
        self.window.shutdown()
        if shiboken6.isValid(self.style):  # a second shutdown finds it gone already
            self.style.deleteLater()  # stop following the system's theme for this app


def log_level(settings: Settings) -> int:
    """The policy's ``log_level`` (debug/info/warning/error) as a logging level."""
    return int(logging.getLevelNamesMapping().get(settings.log_level.upper(), logging.INFO))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="folio", description="Folio: your meeting material.")
    parser.add_argument("--demo", action="store_true", help="start with demo meetings")
    parser.add_argument("--data-dir", default=None, help="where the vault lives")
    args = parser.parse_args(list(argv) if argv is not None else None)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Folio")
    app.setOrganizationName("Folio")
    app.setWindowIcon(QIcon(str(APP_ICON)))
    data_dir = resolve_data_dir(args.data_dir)
    store = SettingsStore(data_dir)
    setup_logging(data_dir, level=log_level(store.load()))
    folio = FolioApp(app, data_dir=data_dir, demo=args.demo, store=store)
    folio.start()
    code = app.exec()
    folio.shutdown()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
