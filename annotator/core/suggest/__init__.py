"""Offline suggestions (issue 13): rule- and pattern-based suggesters in a registry, and the
runner that turns their proposals into one list per document. Pure core code."""
