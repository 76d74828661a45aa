"""Importing master data and balances from spreadsheets: kinds, cells, rows and outcomes.

Pure: what a column is, how a cell's text becomes a value, how a header row is matched, and
what a dry run found. Reading files is ``adapters.files.tables``; the database is the
services' (``services.imports``). See docs/imports.md.
"""
