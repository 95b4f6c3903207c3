"""Whole-screen widgets: start flow, meetings, a meeting, the reader shell, decisions, settings,
search.

desktop/main_window.py switches between them; each gets what it needs by constructor.
"""
