"""The design system's promises as numbers: touch size, contrast, no stray colours, icons.

desktop/style/palette.py promises WCAG AA for every text colour on every surface
(AAA in high contrast) and 3:1 for control borders and the focus ring; these
tests compute each pair, so a colour tweak that breaks the promise fails here.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from desktop.style.icons import ICON_DIR, Icon, tinted_svg
from desktop.style.palette import (
    DARK,
    HIGH_CONTRAST,
    LIGHT,
    PALETTES,
    Palette,
    Theme,
    ThemeChoice,
    contrast,
    resolve,
    system_theme,
)
from desktop.style.sheet import style_sheet
from desktop.style.tokens import Metrics, Space, TextRole, touch_px

TEXT_ROLES = ("text", "text_muted", "accent", "danger", "warning", "success", "closed")
SURFACES = ("window", "surface", "surface_alt")


def test_touch_target_is_9_mm_at_any_density() -> None:
    assert touch_px(96) == 34  # the number: 9 mm at 96 dpi
    assert touch_px(144) == 51
    assert touch_px(192) == 68
    assert touch_px(72) == 34  # never below the reference
    assert Metrics(192).touch == 68
    assert Metrics(192).space(Space.L) == 2 * Space.L.value


def test_spacing_is_a_4px_grid_and_type_scale_grows() -> None:
    assert all(s.value % 4 == 0 for s in Space if s is not Space.XXS)
    ratios = [r.value for r in TextRole]
    assert ratios == sorted(ratios)
    assert TextRole.CAPTION.value >= 0.85  # captions stay legible


@pytest.mark.parametrize("palette", list(PALETTES.values()), ids=lambda p: p.theme.value)
def test_text_meets_wcag_aa_on_every_surface(palette: Palette) -> None:
    floor = 7.0 if palette.theme is Theme.HIGH_CONTRAST else 4.5
    weak = [
        f"{fg} on {bg}: {contrast(getattr(palette, fg), getattr(palette, bg)):.2f}"
        for fg in TEXT_ROLES
        for bg in SURFACES
        if contrast(getattr(palette, fg), getattr(palette, bg)) < floor
    ]
    assert not weak, weak
    assert contrast(palette.on_accent, palette.accent) >= 4.5
    assert contrast(palette.on_selection, palette.selection) >= 4.5


@pytest.mark.parametrize("palette", list(PALETTES.values()), ids=lambda p: p.theme.value)
def test_controls_and_focus_ring_meet_3_to_1(palette: Palette) -> None:
    # WCAG 1.4.11: the outline of a control and the focus indicator against what is around them
    for bg in ("window", "surface"):
        assert contrast(palette.border, getattr(palette, bg)) >= 3.0, bg
        assert contrast(palette.focus, getattr(palette, bg)) >= 3.0, bg


def test_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_style_sheet_uses_only_palette_colours() -> None:
    for palette in PALETTES.values():
        sheet = style_sheet(palette, Metrics())
        used = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6,8}\b", sheet)}
        assert used <= {v.lower() for v in palette.roles().values()}, used


def test_style_sheet_scales_with_the_screen() -> None:
    assert "min-height: 66px" in style_sheet(LIGHT, Metrics(192))  # 68 touch - 2 border
    assert "min-height: 32px" in style_sheet(LIGHT, Metrics(96))


class _Contrast:
    def __init__(self, pref: Qt.ContrastPreference) -> None:
        self.pref = pref

    def contrastPreference(self) -> Qt.ContrastPreference:
        return self.pref


class _Hints:
    """A platform that reports a scheme (offscreen Qt reports none)."""

    def __init__(self, scheme: Qt.ColorScheme, pref: Qt.ContrastPreference) -> None:
        self.scheme, self.contrast = scheme, _Contrast(pref)

    def colorScheme(self) -> Qt.ColorScheme:
        return self.scheme

    def accessibility(self) -> _Contrast:
        return self.contrast


def test_theme_follows_the_system() -> None:
    no, high = Qt.ContrastPreference.NoPreference, Qt.ContrastPreference.HighContrast
    assert system_theme(_Hints(Qt.ColorScheme.Dark, no)) is Theme.DARK
    assert system_theme(_Hints(Qt.ColorScheme.Light, no)) is Theme.LIGHT
    assert system_theme(_Hints(Qt.ColorScheme.Unknown, no)) is Theme.LIGHT
    assert system_theme(_Hints(Qt.ColorScheme.Light, high)) is Theme.HIGH_CONTRAST
    dark_system = _Hints(Qt.ColorScheme.Dark, no)
    assert resolve(ThemeChoice.SYSTEM, dark_system) is DARK
    assert resolve(ThemeChoice.LIGHT, dark_system) is LIGHT
    assert resolve(ThemeChoice.HIGH_CONTRAST, dark_system) is HIGH_CONTRAST


def test_icon_folder_holds_exactly_the_icons_used_and_the_licence() -> None:
    shipped = {p.name for p in ICON_DIR.iterdir()}
    expected = {f"{i.value}.svg" for i in Icon} | {"LICENSE"}
    assert shipped == expected
    assert "ISC License" in (ICON_DIR / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize("icon", list(Icon), ids=lambda i: i.name)
def test_every_icon_tints(icon: Icon) -> None:
    svg = tinted_svg(icon, "#123456").decode()
    assert "currentColor" not in svg
    assert "#123456" in svg
