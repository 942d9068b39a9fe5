"""One revision per database version (Alembic reads the files; the package is for the wheel)."""
