"""The one app icon: resources/icons/folio.svg and the raster files made from it.

packaging/icons.py renders every PNG size and the Windows .ico at build time (the
bundle, the .deb's hicolor theme and the MSI take them from there); these checks
run it for real (Qt's SVG renderer, offscreen) and read the results back with Qt.
"""

from __future__ import annotations

import importlib.util
import struct
import sys
import xml.dom.minidom
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QColor, QIcon, QImage

ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "resources" / "icons" / "folio.svg"


def _icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("folio_icons", ROOT / "packaging" / "icons.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["folio_icons"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, qapp: object) -> dict[str, Path]:
    # qapp first: icons.py would otherwise make a QGuiApplication, which widgets cannot use.
    out = tmp_path_factory.mktemp("icons")
    return {path.name: path for path in _icons().build(out)}


def test_the_svg_is_square_and_self_contained() -> None:
    doc = xml.dom.minidom.parse(str(SVG))
    svg = doc.documentElement
    assert svg.tagName == "svg"
    assert svg.getAttribute("viewBox") == "0 0 256 256"
    text = SVG.read_text(encoding="utf-8")
    # Nothing the hicolor theme, Qt's renderer or the .ico path could lose on the way.
    for outside in ("<image", "xlink:href", "<text", "<script", "url(", "@import"):
        assert outside not in text


def test_every_png_size_is_rendered_from_the_svg(rendered: dict[str, Path], qapp: object) -> None:
    icons = _icons()
    for size in icons.SIZES:
        image = QImage(str(rendered[icons.png_name(size)]))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        # Transparent corner (the rounded square), the blue ground, a white page.
        assert image.pixelColor(0, 0).alpha() == 0
        ground = image.pixelColor(size // 2, size // 10)
        assert ground.alpha() == 255
        assert ground.blue() > ground.red() + 60
    big = QImage(str(rendered[icons.png_name(256)]))
    assert big.pixelColor(64, 200) == QColor("#ffffff")


def test_the_ico_holds_each_size_as_png(rendered: dict[str, Path]) -> None:
    icons = _icons()
    data = rendered[icons.ICO_NAME].read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(icons.SIZES))
    seen = []
    for index in range(count):
        width, height, _colors, _res, planes, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        side = width or 256
        assert height == width
        assert (planes, bits) == (1, 32)
        image = data[offset : offset + length]
        assert image == rendered[icons.png_name(side)].read_bytes()
        seen.append(side)
    assert seen == sorted(icons.SIZES)
    assert offset + length == len(data)


def test_qt_loads_the_svg_as_the_window_icon(qapp: object) -> None:
    """The window uses the SVG itself (Qt's SVG icon engine, kept in the bundle)."""
    icon = QIcon(str(SVG))
    assert not icon.isNull()
    pixmap = icon.pixmap(48, 48)
    assert not pixmap.isNull()
    assert pixmap.toImage().pixelColor(24, 4).blue() > 100
