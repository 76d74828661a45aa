"""The columns of each import kind, one module per kind (docs/imports.md: adding a kind)."""
