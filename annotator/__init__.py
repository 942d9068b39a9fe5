"""annotator: a desktop tool for annotating contested news reports about armed conflict."""

__version__ = "0.1.0"
