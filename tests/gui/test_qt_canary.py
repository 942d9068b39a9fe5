"""Canary for the PySide6 6.12.0 crash on Python 3.11 (DESIGN section 10).

Every call of a Qt method that returns nothing dropped a reference to None there, so a loop of
a few thousand such calls killed the process. If this test dies, check the pinned version.
"""

from __future__ import annotations

from PySide6.QtCore import QObject


def test_a_void_qt_method_can_be_called_100000_times(qapp) -> None:
    obj = QObject()
    for i in range(100_000):
        obj.setObjectName("canary" if i % 2 else "bird")
    assert obj.objectName() == "canary"
