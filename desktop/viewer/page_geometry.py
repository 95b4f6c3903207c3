"""Unrotated PDF page points <-> the page as the reader sees it (its /Rotate applied).

Annotations, PyMuPDF word boxes and search hits all live in unrotated page
coordinates, so a note stays on its words whichever way a page is turned; the
screen shows the page rotated. These two functions are the only place that knows
how the two relate (the same mapping as PyMuPDF's ``page.rotation_matrix``).
"""

from __future__ import annotations


def to_displayed(
    x: float, y: float, rotation: int, displayed: tuple[float, float]
) -> tuple[float, float]:
    """Unrotated point -> displayed point on a page whose displayed size is ``displayed``."""
    width, height = displayed
    r = rotation % 360
    if r == 90:
        return width - y, x
    if r == 180:
        return width - x, height - y
    if r == 270:
        return y, height - x
    return x, y


def to_unrotated(
    x: float, y: float, rotation: int, displayed: tuple[float, float]
) -> tuple[float, float]:
    """Displayed point -> unrotated point (the inverse of :func:`to_displayed`)."""
    width, height = displayed
    r = rotation % 360
    if r == 90:
        return y, width - x
    if r == 180:
        return width - x, height - y
    if r == 270:
        return height - y, x
    return x, y
