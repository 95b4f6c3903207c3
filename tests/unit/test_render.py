"""sync.pdf.render: pixels equal PyMuPDF's own render, pooled buffers never shared, lazy layout."""

from __future__ import annotations

from typing import Any

import pymupdf as _pymupdf
import pytest

from sync.errors import FolioError
from sync.pdf.render import PIXEL_FORMAT, RenderService

pymupdf: Any = _pymupdf  # PyMuPDF is partly untyped


def _pdf() -> bytes:
    doc = pymupdf.open()
    doc.new_page(width=595, height=842).insert_text((72, 100), "Dagsorden punkt 1", fontsize=20)
    wide = doc.new_page(width=842, height=595)
    wide.draw_rect(pymupdf.Rect(50, 50, 400, 300), color=(0.8, 0.1, 0.1), fill=(0.1, 0.6, 0.2))
    turned = doc.new_page(width=595, height=842)
    turned.insert_text((72, 100), "rotated", fontsize=20)
    turned.set_rotation(90)
    data = bytes(doc.tobytes())
    doc.close()
    return data


def _as_rgb(samples: bytearray) -> bytes:
    red, blue = (2, 0) if PIXEL_FORMAT == "bgra" else (0, 2)
    out = bytearray(len(samples) // 4 * 3)
    out[0::3], out[1::3], out[2::3] = samples[red::4], samples[1::4], samples[blue::4]
    return bytes(out)


@pytest.mark.parametrize("page", [0, 1, 2])
def test_render_matches_pymupdf_and_is_opaque(page: int) -> None:
    data = _pdf()
    service = RenderService()
    service.open("d", data)
    got = service.render("d", page, 700)
    ref_page = pymupdf.open(stream=data, filetype="pdf").load_page(page)
    ref = ref_page.get_pixmap(matrix=pymupdf.Matrix(got.scale, got.scale), alpha=False)
    assert (got.width, got.height) == (ref.width, ref.height)
    assert got.stride == got.width * 4
    assert set(got.samples[3::4]) == {255}
    assert _as_rgb(got.samples) == bytes(ref.samples)
    night = service.render("d", page, 700, invert=True)
    assert bytes(night.samples[:3]) == b"\x00\x00\x00"  # white paper turned black
    service.close_all()


def test_pool_reuses_only_buffers_nobody_holds() -> None:
    service = RenderService()
    service.open("d", _pdf())
    held = service.render("d", 0, 2000)  # > POOL_MIN_BYTES, so pooled
    before = bytes(held.samples)
    other = service.render("d", 1, 2000)
    assert other.samples is not held.samples
    again = service.render("d", 0, 2000)
    assert again.samples is not held.samples
    assert bytes(held.samples) == before
    buffer_id = id(again.samples)
    del again
    reused = service.render("d", 0, 2000)
    assert id(reused.samples) == buffer_id  # the idle buffer was drawn into again
    service.close_all()


def test_open_measures_first_page_and_layout_measures_all() -> None:
    service = RenderService()
    info = service.open("d", _pdf())
    assert info.page_count == 3
    assert not info.exact
    assert info.page_sizes[0] == (595.0, 842.0)
    exact = service.layout("d")
    assert exact.exact
    assert exact.page_sizes == ((595.0, 842.0), (842.0, 595.0), (842.0, 595.0))
    assert exact.page_rotations == (0, 0, 90)
    service.close_all()
    with pytest.raises(FolioError):
        service.layout("d")


@pytest.mark.parametrize("invert", [False, True])
def test_band_then_rest_equals_one_render(invert: bool) -> None:
    data = _pdf()
    service = RenderService()
    service.open("d", data)
    whole = service.render("d", 0, 2000, invert=invert)
    reference = bytes(whole.samples)
    del whole
    band = service.render("d", 0, 2000, invert=invert, band=(0.25, 0.5))
    assert band.rows is not None
    assert not band.complete
    first, last = band.rows
    assert 0 < first < last < band.height
    stride = band.stride
    assert band.samples[first * stride : last * stride] == reference[first * stride : last * stride]
    done = service.render_rest("d", band)
    assert done.complete
    assert done.samples is band.samples  # drawn into the same buffer
    assert bytes(done.samples) == reference
    assert service.render("d", 0, 2000, band=(0.0, 1.0)).complete  # the whole page is no band
    service.close_all()
