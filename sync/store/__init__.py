"""The local store's SQL over the domain tables: one module per table family, typed rows.

state.py names every ``vault_state`` key. Nothing outside sync/store and
sync/vault/db.py holds SQL (docs/architecture.md).
"""
