"""Policy and settings (registry, sources, merge) and where Folio keeps its files."""
