"""Small widgets every screen uses: flow layout, wrapping tree rows, the status line, ui helpers."""
