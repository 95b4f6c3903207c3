"""verb_noun functions over sync.api; each runs on the vault lane, never the UI thread."""
