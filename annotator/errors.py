"""Error classes shared by every layer.

A ``UserError`` is a problem the user can fix (a bad file, a bad option, a locked database):
the CLI prints its message on one line and exits with code 2, the GUI shows it in a dialog.
Any other exception is a bug and is reported as such.
"""


class AnnotatorError(Exception):
    """Base class of the errors this package raises on purpose."""


class UserError(AnnotatorError):
    """A problem with the user's input or environment, described in one line."""
