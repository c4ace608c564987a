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
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPixmap
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


def roles_look(roles: Sequence[Qt.ItemDataRole]) -> Look:
    """The look of a model that shows nothing through roles other than ``roles``: their values.

    A model written in Python does better to say its cells' looks itself: each
    ``index.data(role)`` crosses into C++ and back (a few µs, some 80 cells a repaint).
    """
    roles = tuple(roles)

    def look(index: Index) -> Hashable:
        return tuple(hashable(index.data(role)) for role in roles)

    return look


class CachedCellDelegate(QStyledItemDelegate):
    """``QStyledItemDelegate`` whose pictures are kept, keyed by each cell's ``look`` and its size, state
    and options.  A look that holds ``UNCACHED`` is drawn by the plain delegate every time.

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
        look = self._look(index)
        # A gradient or a texture cannot be told apart by value.  At a fractional scale (125%, 150%) a
        # cell starts between device pixels, where a picture of whole pixels would sit a pixel off.
        if (isinstance(look, tuple) and UNCACHED in look) or not dpr.is_integer():
            super().paint(painter, option, index)
            return
        key = (
            look,
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
        picture = QPixmap(max(1, round(rect.width() * dpr)), max(1, round(rect.height() * dpr)))
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


UNCACHED = object()


def hashable(value: object) -> object:
    """A role's value as part of a key: a colour by its RGBA, a plain brush by its style and colour,
    anything else hashable as it is (str, None, int); ``UNCACHED`` for what cannot be told apart."""
    if isinstance(value, QColor):
        return value.rgba()
    if isinstance(value, QBrush):
        if value.gradient() is None and value.texture().isNull():
            return (value.style(), value.color().rgba())
        return UNCACHED
    try:
        hash(value)
    except TypeError:
        return UNCACHED
    return value
