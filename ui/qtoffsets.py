"""The one place where Qt positions (UTF-16 units) become code points and back.

Every other ui module speaks code points, like the store.  Keeping the
conversion here means an emoji early in an article can shift a stored span
only if this file is wrong, and the tests for it are in one place.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument

from annotate.offsets import OffsetMap


class QtOffsets:
    """Converts between a QTextDocument's positions and code points of the stored text."""

    __slots__ = ("_identity", "_length", "_map")

    def __init__(self, text: str) -> None:
        # Most articles have no character outside the BMP; max() finds that at C speed,
        # and then every conversion is the identity (checked against the length only).
        self._length = len(text)
        self._identity = not text or max(text) <= "\uffff"
        self._map = OffsetMap("" if self._identity else text)

    @property
    def identity(self) -> bool:
        return self._identity

    def to_qt(self, cp: int) -> int:
        if self._identity:
            if not 0 <= cp <= self._length:
                raise ValueError(f"code-point offset {cp} outside 0..{self._length}")
            return cp
        return self._map.to_utf16(cp)

    def to_cp(self, qt_pos: int) -> int:
        """Qt never puts a cursor inside a surrogate pair; a stray one snaps to the character start."""
        if self._identity:
            return max(0, min(qt_pos, self._length))
        qt_pos = max(0, min(qt_pos, self._map.u16_length))
        return self._map.to_cp(qt_pos, strict=False)

    def range_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def cursor_range(self, cursor: QTextCursor) -> tuple[int, int]:
        """The cursor's selection as a code-point range (start <= end)."""
        return self.to_cp(cursor.selectionStart()), self.to_cp(cursor.selectionEnd())

    def cursor_for(self, doc: QTextDocument, start: int, end: int) -> QTextCursor:
        """A cursor selecting ``start..end`` code points, anchored at the start."""
        cur = QTextCursor(doc)
        cur.setPosition(self.to_qt(start))
        cur.setPosition(self.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        return cur
