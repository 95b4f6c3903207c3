"""Fonts from the type scale: every heading and caption is the system font, scaled by role.

Why relative to the system font: a reader who set larger text in the OS gets
larger headings too (WCAG 1.4.4); no screen sets a pixel size of its own.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel

from desktop.style.tokens import TEXT_STYLES, TextRole, scaled_point_size


def font_for(role: TextRole, base: QFont) -> QFont:
    font = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    font.setPointSizeF(scaled_point_size(size, role))
    font.setBold(TEXT_STYLES[role].bold)
    return font


def set_role(label: QLabel, role: TextRole) -> QLabel:
    """Give ``label`` the font of ``role``; long text wraps rather than being cut."""
    label.setFont(font_for(role, label.font()))
    label.setWordWrap(True)
    return label
