"""The command-line interface, built on core, store and io only."""

from annotator.cli.main import main

__all__ = ["main"]
