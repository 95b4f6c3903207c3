"""Render Folio's one app icon (resources/icons/folio.svg) to the raster files installers need.

    python packaging/icons.py OUT_DIR      -> OUT_DIR/folio-16.png ... folio-256.png, folio.ico

Why generated and not committed: the SVG is the one source; PNGs rendered by hand
drift from it. build.spec runs this at build time and bundles the results under
``resources/icons/`` (the .deb's hicolor theme and the MSI's ARP icon take them from
the bundle). Qt renders the SVG (QtSvg is in the app anyway, so no image library
joins the dependencies), and the .ico is written here: a Windows icon file is a
small directory of images, and since Windows Vista every entry may be a PNG.
Qt's own ico writer stores one image per file, which Explorer scales badly.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "folio.svg"
#: The hicolor theme's usual sizes; 16-48 for Windows lists and the taskbar, 256 for tiles.
SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_NAME = "folio.ico"


def png_name(size: int) -> str:
    return f"folio-{size}.png"


def render_pngs(svg: Path, out_dir: Path, sizes: tuple[int, ...] = SIZES) -> dict[int, Path]:
    """Each size rendered from the SVG onto a transparent square, saved as PNG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt  # noqa: PLC0415 (Qt only when rendering)
    from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: PLC0415
    from PySide6.QtSvg import QSvgRenderer  # noqa: PLC0415

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"icons: {svg} is not an SVG Qt can render")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[int, Path] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out_dir / png_name(size)
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"icons: could not write {path}")
        written[size] = path
    return written


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico holding each PNG as it is (ICONDIR, one ICONDIRENTRY per image, the images)."""
    count = len(pngs)
    header = struct.pack("<HHH", 0, 1, count)  # reserved, type 1 = icon, count
    offset = len(header) + 16 * count
    entries, images = b"", b""
    for size, data in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in the directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


def build(out_dir: Path, svg: Path = SVG) -> list[Path]:
    """Every raster file: the PNG sizes and folio.ico (returned in that order)."""
    pngs = render_pngs(svg, out_dir)
    ico = out_dir / ICO_NAME
    ico.write_bytes(ico_bytes({size: path.read_bytes() for size, path in pngs.items()}))
    return [*pngs.values(), ico]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python packaging/icons.py OUT_DIR")
    for written in build(Path(sys.argv[1])):
        print(written)
