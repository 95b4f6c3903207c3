"""Everything that calls PyMuPDF: rendering, text index, anchoring, highlights, export.

MuPDF is not thread-safe: one owner thread at a time (docs/architecture.md).
"""
