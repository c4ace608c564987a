"""An item delegate that draws each distinct cell once and then copies the picture.

After every key press the span table shows one more row, so Qt repaints every
visible cell: some 80 cells of wrapped, elided text in two scripts, each laid
out and shaped afresh, 6-10 ms of a 20-25 ms key press in a slow spell of
this machine.  The cells repeat themselves (one label, the same attributes,
empty links), and a row moved down by an insertion looks as it did.  So each
cell is drawn by the usual delegate into a pixmap, once per look: its key is
what makes the picture (what the cell shows, its size, its state), so a cell
whose text changes is drawn afresh without any invalidation.  Font, palette,
style and direction changes empty the cache.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect
from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

Index = QModelIndex | QPersistentModelIndex

# What changes how a view draws its cells other than through the cells' data.
_RESET = frozenset(
    {
        QEvent.Type.FontChange,
        QEvent.Type.PaletteChange,
        QEvent.Type.StyleChange,
        QEvent.Type.LayoutDirectionChange,
        QEvent.Type.ApplicationFontChange,
    }
)


Look = Callable[[Index], Hashable]
"""What a cell shows, as a key: equal looks draw equal pictures (at one size, state and set of options)."""


class CachedCellDelegate(QStyledItemDelegate):
    """``QStyledItemDelegate`` whose pictures are kept, keyed by each cell's ``look`` and its size, state
    and options.

    ``limit`` pictures are kept, the least recently drawn dropped first (about
    17 KB each for a 140 x 30 cell: a few screens of a table).
    """

    def __init__(self, view: QAbstractItemView, look: Look, limit: int = 600) -> None:
        super().__init__(view)
        self._look = look
        self._limit = limit
        self._pictures: OrderedDict[tuple[Any, ...], QPixmap] = OrderedDict()
        self.drawn = 0  # cells drawn by the style rather than copied (for tests)
        self._view = view
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view:  # the base class takes what it filters for an editor and closes it
            if event.type() in _RESET:
                self.clear()
            return False
        return super().eventFilter(watched, event)

    def clear(self) -> None:
        self._pictures.clear()

    def __len__(self) -> int:
        return len(self._pictures)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect = option.rect
        dpr = painter.device().devicePixelRatioF()
        # At a fractional scale (125%, 150%) a cell starts between device pixels, where a picture of
        # whole pixels would sit a pixel off.
        if not dpr.is_integer():
            super().paint(painter, option, index)
            return
        key = (
            self._look(index),
            rect.width(),
            rect.height(),
            option.state.value,
            option.features.value,
            option.textElideMode,
            dpr,
        )
        pictures = self._pictures
        picture = pictures.get(key)
        if picture is None:
            picture = self._draw(option, index, dpr)
            pictures[key] = picture
            if len(pictures) > self._limit:
                pictures.popitem(last=False)
        else:
            pictures.move_to_end(key)
        painter.drawPixmap(rect.topLeft(), picture)

    def _draw(self, option: QStyleOptionViewItem, index: Index, dpr: float) -> QPixmap:
        """The cell as the usual delegate paints it, over the colour the view paints under it (so text
        keeps the antialiasing it has there): the base, or the alternate base of every other row, in the
        colour group of the window's state.  The view hands the palette over in its Normal group, which
        a theme with other inactive colours would show as boxes of the wrong colour."""
        self.drawn += 1
        rect = option.rect
        picture = QPixmap(rect.size() * int(dpr))  # a whole scale (``paint``): whole device pixels
        picture.setDevicePixelRatio(dpr)
        picture.fill(_ground(option))
        moved = QStyleOptionViewItem(option)
        moved.rect = QRect(0, 0, rect.width(), rect.height())
        painter = QPainter(picture)
        try:
            super().paint(painter, moved, index)
        finally:
            painter.end()
        return picture


def _ground(option: QStyleOptionViewItem) -> QColor:
    """The colour under a cell: as ``QTableView`` fills an alternate row (``PE_PanelItemViewRow``) and as
    the viewport fills the rest (its palette's base in the group of its state); a cell's state says both
    (enabled, active window), and is part of the picture's key."""
    state = option.state
    if not state & QStyle.StateFlag.State_Enabled:
        group = QPalette.ColorGroup.Disabled
    elif state & QStyle.StateFlag.State_Active:
        group = QPalette.ColorGroup.Active
    else:
        group = QPalette.ColorGroup.Inactive
    alternate = option.features & QStyleOptionViewItem.ViewItemFeature.Alternate
    role = QPalette.ColorRole.AlternateBase if alternate else QPalette.ColorRole.Base
    return option.palette.color(group, role)
