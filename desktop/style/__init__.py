"""Folio's design system: named tokens, palettes, one style sheet built from them, icons.

Every screen takes its spacing, type sizes, colours and icons from here, so a
change of theme (light, dark, high contrast, following the system) or of touch
size reaches the whole app at once. docs/design.md says how a new screen joins.
"""
