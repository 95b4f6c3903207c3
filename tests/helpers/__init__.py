"""Test-only helpers shared by several suites (never imported by the product)."""
