"""Folio's reference server (FastAPI + SQLAlchemy): publishing, access, change feed, ops."""
