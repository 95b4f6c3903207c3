"""This device: enrollment state, update checks, diagnostics, logging and traces."""
