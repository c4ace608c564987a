"""The read-only right-to-left article view: translucent span highlights and painted label bars.

Spans are drawn with ExtraSelections (they blend where spans overlap) and bars
painted over the viewport, never with char formats: a char format boundary
splits lam-alef and other ligatures at span edges.  The text is set once with
``setPlainText`` from the stored text and never read back.  The reader knows
code points only through ``ui.qtoffsets``; it knows nothing of labels or the
store: the controller hands it keyed ranges and colours.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from ui.bars import Bar, LineBox, SpanRange, bar_at, layout_bars, max_depth, space_needed
from ui.fonts import load_arabic_fonts
from ui.keys import physical_key
from ui.qtoffsets import QtOffsets

HIGHLIGHT_ALPHA = 60
BAR_HEIGHT = 3.0
BAR_GAP = 1.0
MAX_BAR_ROWS = 6
MIN_POINT_SIZE, MAX_POINT_SIZE, DEFAULT_POINT_SIZE = 9.0, 48.0, 16.0


@dataclass(frozen=True, slots=True)
class Highlight:
    """One span as the reader sees it: a key, a code-point range and a colour."""

    key: str
    start: int
    end: int
    color: str


class ReaderView(QTextEdit):
    """Shows one article; emits what the user selected, clicked or pressed, in code points."""

    selectionFinished = Signal()
    """The mouse finished a drag or double-click selection."""
    spanClicked = Signal(str)
    """A click without a drag: the key of the span under it, or "" for plain text."""
    hotkeyPressed = Signal(str)
    """A label hotkey by physical key (``a``, ``shift+a``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setAcceptRichText(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        self._family = load_arabic_fonts()
        self._point_size = DEFAULT_POINT_SIZE
        self._apply_font()
        self._offsets = QtOffsets("")
        self._text = ""
        self._ranges: list[tuple[int, int, str]] = []  # Qt positions, sorted by start
        self._starts: list[int] = []
        self._longest = 0
        self._colors: dict[str, QColor] = {}
        self._selected = ""
        self._links: list[tuple[str, str]] = []
        self._rows = 0
        self._bar_cache: dict[int, list[Bar]] = {}
        self._press: QPoint | None = None
        self.hotkeys: frozenset[str] = frozenset()
        self.reserved_keys: set[QKeySequence] = set()
        """Key sequences the pane binds; the text control must not swallow them."""
        self.tooltip_for: Callable[[list[str]], str] = lambda keys: ""

    # -- content -----------------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        """Show stored text as plain characters (HTML in an article stays visible as text)."""
        self._text = text
        self._offsets = QtOffsets(text)
        self._ranges, self._starts, self._rows = [], [], 0
        self._bar_cache.clear()
        self.setPlainText(text)
        opt = self.document().defaultTextOption()
        opt.setTextDirection(Qt.LayoutDirection.RightToLeft)
        opt.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(opt)

    @property
    def offsets(self) -> QtOffsets:
        return self._offsets

    def set_highlights(self, spans: Sequence[Highlight]) -> None:
        """Replace every highlight and bar; line spacing grows to fit the deepest overlap."""
        ranges = []
        colors: dict[str, QColor] = {}
        for s in spans:
            a, b = self._offsets.range_to_qt(s.start, s.end)
            ranges.append((a, b, s.key))
            colors[s.key] = QColor(s.color)
        ranges.sort()
        self._ranges = ranges
        self._starts = [r[0] for r in ranges]
        self._longest = max((b - a for a, b, _ in ranges), default=0)
        self._colors = colors
        self._bar_cache.clear()
        rows = min(max_depth([(a, b) for a, b, _ in ranges]), MAX_BAR_ROWS)
        if rows != self._rows:
            self._rows = rows
            self._apply_line_spacing()
        self._apply_extra_selections()
        self.viewport().update()

    def set_selected(self, key: str) -> None:
        self._selected = key
        self.viewport().update()

    def set_links(self, links: Sequence[tuple[str, str]]) -> None:
        """Head/tail key pairs; the ones touching the selected span are drawn as arrows."""
        self._links = list(links)
        self.viewport().update()

    def _apply_extra_selections(self) -> None:
        doc = self.document()
        sels = []
        for a, b, key in self._ranges:
            sel = QTextEdit.ExtraSelection()
            cur = QTextCursor(doc)
            cur.setPosition(a)
            cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            color = QColor(self._colors[key])
            color.setAlpha(HIGHLIGHT_ALPHA)
            sel.format.setBackground(color)
            sels.append(sel)
        self.setExtraSelections(sels)

    def _apply_line_spacing(self) -> None:
        """Block format (not char format) spacing: leaves shaping untouched, makes room for bars."""
        fmt = QTextBlockFormat()
        extra = space_needed(self._rows, BAR_HEIGHT, BAR_GAP) + 2.0
        fmt.setLineHeight(extra, QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value)
        cur = QTextCursor(self.document())
        cur.select(QTextCursor.SelectionType.Document)
        cur.mergeBlockFormat(fmt)
        self._bar_cache.clear()

    # -- selection in code points -----------------------------------------------------------
    def selection_cp(self) -> tuple[int, int]:
        return self._offsets.cursor_range(self.textCursor())

    def select_cp(self, start: int, end: int) -> None:
        self.setTextCursor(self._offsets.cursor_for(self.document(), start, end))

    def cp_at(self, pos: QPoint) -> int:
        return self._offsets.to_cp(self.cursorForPosition(pos).position())

    def scroll_to_cp(self, start: int, end: int) -> None:
        cur = self._offsets.cursor_for(self.document(), start, end)
        self.setTextCursor(cur)
        self.ensureCursorVisible()

    def keys_at(self, pos: QPoint) -> list[str]:
        """Spans under a viewport point: the bar's span if on a bar, else every span over the character."""
        bar = bar_at(self._visible_bars(), pos.x(), pos.y())
        if bar is not None:
            return [bar.key]
        cur = self.cursorForPosition(pos)
        p = cur.position()
        rect = self.cursorRect(cur)
        if abs(rect.center().y() - pos.y()) > rect.height():
            return []
        inner = [(b - a, key) for a, b, key in self._ranges_over(p, p + 1) if a <= p < b]
        return [key for _, key in sorted(inner)]

    # -- zoom --------------------------------------------------------------------------------
    @property
    def point_size(self) -> float:
        return self._point_size

    def zoom(self, steps: int) -> None:
        self._point_size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, self._point_size + 2 * steps))
        self._apply_font()

    def _apply_font(self) -> None:
        font = QFont(self._family)
        font.setPointSizeF(self._point_size)
        self.setFont(font)
        self.document().setDefaultFont(font)
        if hasattr(self, "_bar_cache"):
            self._bar_cache.clear()

    # -- geometry ----------------------------------------------------------------------------
    def _ranges_over(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        first = bisect_left(self._starts, lo - self._longest)
        last = bisect_left(self._starts, hi)
        return [r for r in self._ranges[first:last] if r[1] > lo]

    def _block_bars(self, block: QTextBlock) -> list[Bar]:
        """Bars of one block in document coordinates, cached until spans, width or font change."""
        num = block.blockNumber()
        cached = self._bar_cache.get(num)
        if cached is not None:
            return cached
        layout = block.layout()
        base = block.position()
        origin = layout.position()
        lines = []
        for i in range(layout.lineCount()):
            ln = layout.lineAt(i)
            lines.append(
                LineBox(
                    base + ln.textStart(),
                    base + ln.textStart() + ln.textLength(),
                    origin.y() + ln.y(),
                    ln.height(),
                )
            )
        spans = [SpanRange(key, a, b) for a, b, key in self._ranges_over(base, base + block.length())]

        def extent(line: LineBox, a: int, b: int) -> list[tuple[float, float]]:
            ql = layout.lineForTextPosition(a - base)
            xa = ql.cursorToX(a - base)[0]
            xb = ql.cursorToX(b - base)[0]
            return [(origin.x() + min(xa, xb), origin.x() + max(xa, xb))]

        bars = layout_bars(lines, spans, extent, BAR_HEIGHT, BAR_GAP) if spans else []
        self._bar_cache[num] = bars
        return bars

    def _visible_blocks(self) -> list[QTextBlock]:
        doc = self.document()
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        block = self.cursorForPosition(QPoint(0, 0)).block()
        dl = doc.documentLayout()
        while block.isValid() and block.previous().isValid() and dl.blockBoundingRect(block).top() > top:
            block = block.previous()
        out = []
        while block.isValid():
            rect = dl.blockBoundingRect(block)
            if rect.top() > bottom:
                break
            if rect.bottom() >= top:
                out.append(block)
            block = block.next()
        return out

    def _visible_bars(self) -> list[Bar]:
        """Bars of the visible blocks, in viewport coordinates."""
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        out = []
        for block in self._visible_blocks():
            for b in self._block_bars(block):
                out.append(Bar(b.key, b.line, b.row, b.x1 - dx, b.x2 - dx, b.y - dy, b.height))
        return out

    def _span_line_rects(self, key: str) -> list[QRectF]:
        """Text boxes of a span on visible lines, in viewport coordinates (for the outline)."""
        match = [r for r in self._ranges if r[2] == key]
        if not match:
            return []
        a0, b0, _ = match[0]
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        rects = []
        for block in self._visible_blocks():
            base, layout = block.position(), block.layout()
            origin = layout.position()
            for i in range(layout.lineCount()):
                ln = layout.lineAt(i)
                ls, le = base + ln.textStart(), base + ln.textStart() + ln.textLength()
                a, b = max(a0, ls), min(b0, le)
                if a >= b:
                    continue
                xa, xb = ln.cursorToX(a - base)[0], ln.cursorToX(b - base)[0]
                rects.append(
                    QRectF(origin.x() + min(xa, xb) - dx, origin.y() + ln.y() - dy, abs(xb - xa), ln.height())
                )
        return rects

    # -- painting ----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._ranges:
            return
        bars = self._visible_bars()
        painter = QPainter(self.viewport())
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            for b in bars:
                painter.fillRect(QRectF(b.x1, b.y, max(b.x2 - b.x1, 2.0), b.height), self._colors[b.key])
            if self._selected:
                self._paint_selected(painter, bars)
        finally:
            painter.end()

    def _paint_selected(self, painter: QPainter, bars: list[Bar]) -> None:
        pen = QPen(self._colors.get(self._selected, QColor("black")).darker(160))
        pen.setWidthF(1.5)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in self._span_line_rects(self._selected):
            painter.drawRect(rect.adjusted(-1, 0, 1, 0))
        first = {}
        for b in bars:
            first.setdefault(b.key, b)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for head, tail in self._links:
            if self._selected not in (head, tail) or head not in first or tail not in first:
                continue
            h, t = first[head], first[tail]
            p1 = QPointF((h.x1 + h.x2) / 2, h.y + h.height)
            p2 = QPointF((t.x1 + t.x2) / 2, t.y + t.height)
            link_pen = QPen(QColor(60, 60, 60, 200))
            link_pen.setWidthF(1.2)
            painter.setPen(link_pen)
            painter.drawLine(p1, p2)
            painter.setBrush(QColor(60, 60, 60, 200))
            painter.drawPolygon(_arrow_head(p1, p2))

    # -- events ------------------------------------------------------------------------------
    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            keys = self.keys_at(event.pos())
            tip = self.tooltip_for(keys) if keys else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            seq = QKeySequence(event.keyCombination())
            if seq in self.reserved_keys:
                event.ignore()  # let the pane's action have it
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = physical_key(event)
        if key and key in self.hotkeys:
            self.hotkeyPressed.emit(key)
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def nearest_position(self, point: QPoint) -> int:
        """The Qt position whose caret is nearest to ``point`` on the line under it.

        Qt's own hit test in Arabic runs takes the far edge of the glyph under
        the pointer, so aiming at the gap before a word's first letter could
        start the selection one letter late; the nearest caret is what a user aims at.
        """
        hit = self.cursorForPosition(point)
        block = hit.block()
        layout, base = block.layout(), block.position()
        origin = layout.position()
        y = point.y() + self.verticalScrollBar().value() - origin.y()
        x = point.x() + self.horizontalScrollBar().value() - origin.x()
        line = layout.lineForTextPosition(hit.position() - base)
        for i in range(layout.lineCount()):
            cand = layout.lineAt(i)
            if cand.y() <= y < cand.y() + cand.height() + cand.leading():
                line = cand
                break
        if not line.isValid():
            return hit.position()
        first, last = line.textStart(), line.textStart() + line.textLength()
        best = min(range(first, last + 1), key=lambda p: abs(line.cursorToX(p)[0] - x))
        return base + best

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        press, self._press = self._press, None
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if press is not None and (pos - press).manhattanLength() >= 4 and self.textCursor().hasSelection():
            a, b = self.nearest_position(press), self.nearest_position(pos)
            if a != b:
                cur = self.textCursor()
                cur.setPosition(a)
                cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
                self.setTextCursor(cur)
        if self.textCursor().hasSelection():
            self.selectionFinished.emit()
        elif press is not None and (pos - press).manhattanLength() < 4:
            keys = self.keys_at(pos)
            self.spanClicked.emit(keys[0] if keys else "")

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(event)
        if self.textCursor().hasSelection():
            self.selectionFinished.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._bar_cache.clear()
        super().resizeEvent(event)


def _arrow_head(p1: QPointF, p2: QPointF, size: float = 6.0) -> QPolygonF:
    d = p2 - p1
    length = max((d.x() ** 2 + d.y() ** 2) ** 0.5, 1e-6)
    ux, uy = d.x() / length, d.y() / length
    back = QPointF(p2.x() - ux * size, p2.y() - uy * size)
    side = QPointF(-uy * size / 2, ux * size / 2)
    return QPolygonF([p2, back + side, back - side])
