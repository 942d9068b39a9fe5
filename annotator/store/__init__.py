"""SQLite storage through sqlmodel: the only package that opens sessions or writes SQL."""

from annotator.store.store import Store, StoreStats

__all__ = ["Store", "StoreStats"]
