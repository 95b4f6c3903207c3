"""The Qt half of ``folio self-test``: will the app start on this machine?

An installed bundle can pass every other check and still not open a window: Qt's
platform plugin for the session (xcb and wayland on Linux, windows on Windows,
cocoa on macOS) links to system libraries the machine may lack. Loading each
plugin with QPluginLoader is a dlopen and needs no display, so it works in a
package's postinst too; when it fails, Qt's error names the missing library as the
dynamic linker reported it. Then an offscreen application renders the app icon,
which proves Qt draws and that the SVG plugins are in the build.

sync/device/diagnostics.py calls ``run`` through importlib (sync never imports Qt).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QPluginLoader
from PySide6.QtGui import QGuiApplication, QIcon

from desktop.app import APP_ICON

#: The platform plugins a reader's session may need, by ``sys.platform``.
SESSION_PLUGINS: dict[str, tuple[str, ...]] = {
    "linux": ("xcb", "wayland"),
    "win32": ("windows",),
    "darwin": ("cocoa",),
}


@dataclass(frozen=True)
class PluginCheck:
    name: str
    error: str | None  # None: it loads


def platform_plugins_dir() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"


def _plugin_file(folder: Path, name: str) -> Path | None:
    for candidate in (f"libq{name}.so", f"q{name}.dll", f"libq{name}.dylib"):
        if (folder / candidate).is_file():
            return folder / candidate
    return None


def check_platform_plugins(
    folder: Path | None = None, platform: str = sys.platform
) -> list[PluginCheck]:
    """Load each session plugin for ``platform`` from ``folder``; what failed and why."""
    folder = folder or platform_plugins_dir()
    checks = []
    for name in SESSION_PLUGINS.get(platform, ()):
        path = _plugin_file(folder, name)
        if path is None:
            checks.append(PluginCheck(name, f"not in this build ({folder})"))
            continue
        loader = QPluginLoader(str(path))
        checks.append(PluginCheck(name, None if loader.load() else loader.errorString()))
    return checks


def run(say: Callable[[str], None]) -> None:
    """Each step says ``ok: ...``; a plugin that cannot load raises, naming what it misses."""
    checks = check_platform_plugins()
    for check in checks:
        if check.error is None:
            say(f"ok: Qt platform plugin {check.name} loads")
    failed = [check for check in checks if check.error is not None]
    if failed:
        raise RuntimeError(
            "; ".join(f"Qt platform plugin {c.name} cannot load: {c.error}" for c in failed)
        )
    # Offscreen whatever the session is: the check must also run without a display.
    _app = QGuiApplication.instance() or QGuiApplication(["folio", "-platform", "offscreen"])
    pixmap = QIcon(str(APP_ICON)).pixmap(64, 64)
    if pixmap.isNull() or pixmap.toImage().pixelColor(32, 4).alpha() == 0:
        raise RuntimeError(f"the app icon {APP_ICON.name} does not render: Qt's SVG plugins?")
    say(f"ok: app icon renders ({QGuiApplication.platformName()})")
