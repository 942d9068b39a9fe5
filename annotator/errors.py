"""Error classes shared by every layer.

A ``UserError`` is a problem the user can fix (a bad file, a bad option, a locked database):
the CLI prints its message on one line and exits with code 2, the GUI shows it in a dialog.
A ``BugError`` is a defect of ours that we noticed (an impossible state, an SQLite error that
bad input cannot cause): the CLI prints a traceback with a request to report it, the GUI opens
the crash dialog. Any other exception is treated as a bug too.
"""


class AnnotatorError(Exception):
    """Base class of the errors this package raises on purpose."""


class UserError(AnnotatorError):
    """A problem with the user's input or environment, described in one line."""


class StaleEditError(UserError):
    """An edit was based on rows that another window or process has changed since.

    Nothing was written; the caller should reload what it shows and let the user redo."""


class DatabaseBusyError(UserError):
    """Another connection held the write lock longer than this store waits for it.

    Nothing was written; the same change may well succeed a moment later."""


class BugError(AnnotatorError):
    """A defect in annotator, not in the user's input: reported as a bug, never as exit 2."""
