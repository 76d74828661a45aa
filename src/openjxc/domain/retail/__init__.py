"""Retail (零售): the rules of a counter sale that no other document has (docs/retail.md)."""
