"""The read-only right-to-left article view: translucent span highlights and painted label bars.

Spans are translucent fills painted under the text (they blend where spans
overlap) and bars painted under each line, never char formats: a char format
boundary splits lam-alef and other ligatures at span edges.  A fill covers the
glyph runs Qt itself reports for the span's characters on each line
(``QTextLine.glyphRuns``), so mixed Arabic/Latin/digit spans get the boxes a
text selection would.  They used to be ExtraSelections, which look the same,
but Qt draws each one with painter-path clipping and region arithmetic that
grows faster than the number of spans in a paragraph: 6.5 ms of every repaint
with 160 spans in view, against well under 1 ms for these cached rectangles.
The text is set once with ``setPlainText`` from the stored text and never read
back.  The reader knows code points only through ``ui.qtoffsets``; it knows
nothing of labels or the store: the controller hands it keyed ranges and colours.
"""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Sequence
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
    QTextDocument,
    QTextLine,
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
MIN_BAR_ROWS = 2
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
        self._doc: QTextDocument | None = None
        self._text = ""
        self._ranges: list[tuple[int, int, str]] = []  # Qt positions, sorted by start
        self._starts: list[int] = []
        self._by_key: dict[str, tuple[int, int]] = {}
        self._longest = 0
        self._colors: dict[str, QColor] = {}
        self._selected = ""
        self._links: list[tuple[str, str]] = []
        self._rows = 0
        self._fills: dict[str, QColor] = {}
        self._bar_cache: dict[tuple[int, int], _LineMarks] = {}
        """Bars and fills per (block, line), with the line's Qt positions [start, end)."""
        self._press: QPoint | None = None
        self._anchor: int | None = None
        """Qt position where the current mouse drag started (nearest caret to the press)."""
        self.hotkeys: frozenset[str] = frozenset()
        self.reserved_keys: set[QKeySequence] = set()
        """Key sequences the pane binds; the text control must not swallow them."""
        self.tooltip_for: Callable[[list[str]], str] = lambda keys: ""

    # -- content -----------------------------------------------------------------------------
    def set_text(self, text: str, bar_rows: int = 0) -> None:
        """Show stored text as plain characters (HTML in an article stays visible as text).

        The document is filled and given its line spacing before the widget
        sees it, so a long article is laid out once, not twice; pass the bar
        rows the spans will need (``bars.max_depth``) when known.
        """
        self._text = text
        self._offsets = QtOffsets(text)
        self._ranges, self._starts, self._by_key = [], [], {}
        self._bar_cache.clear()
        old = self._doc
        doc = QTextDocument(self)
        doc.setUndoRedoEnabled(False)
        doc.setDefaultFont(self.font())
        opt = doc.defaultTextOption()
        opt.setTextDirection(Qt.LayoutDirection.RightToLeft)
        opt.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(opt)
        doc.setPlainText(text)
        self._rows = max(MIN_BAR_ROWS, min(bar_rows, MAX_BAR_ROWS))
        _set_line_spacing(doc, self._rows)
        self.setDocument(doc)  # Qt deletes only its own first document; ours go here
        self._doc = doc
        if old is not None:
            old.deleteLater()

    @property
    def offsets(self) -> QtOffsets:
        return self._offsets

    def set_highlights(self, spans: Sequence[Highlight]) -> None:
        """Replace every highlight and bar; line spacing grows to fit the deepest overlap."""
        ranges = []
        colors: dict[str, QColor] = {}
        by_name: dict[str, QColor] = {}
        for s in spans:
            a, b = self._qt_range(s)
            ranges.append((a, b, s.key))
            color = by_name.get(s.color)
            if color is None:
                color = by_name[s.color] = QColor(s.color)
            colors[s.key] = color
        ranges.sort()
        self._ranges = ranges
        self._by_key = {key: (a, b) for a, b, key in ranges}
        self._starts = [r[0] for r in ranges]
        self._longest = max((b - a for a, b, _ in ranges), default=0)
        self._colors = colors
        self._fills = {key: _translucent(c) for key, c in colors.items()}
        self._bar_cache.clear()
        self._grow_rows(max_depth([(a, b) for a, b, _ in ranges]))
        self.viewport().update()

    def update_highlights(self, removed: Iterable[str], added: Sequence[Highlight]) -> None:
        """Remove the highlights keyed ``removed``, then add ``added``: the same result as
        ``set_highlights`` on the whole new list, for the cost of the changed spans only.

        After a key press only the lines under the changed spans lose their
        cached bars and fills.
        """
        touched: list[tuple[int, int]] = []
        for key in removed:
            rng = self._by_key.pop(key, None)
            if rng is None:
                continue
            i = bisect_left(self._ranges, (*rng, key))
            if i < len(self._ranges) and self._ranges[i] == (*rng, key):
                del self._ranges[i]
                del self._starts[i]
            self._colors.pop(key, None)
            self._fills.pop(key, None)
            touched.append(rng)
        fresh = []
        for s in added:
            a, b = self._qt_range(s)
            old = self._by_key.get(s.key)
            if old is not None:  # a key shown twice: the new range replaces it, as set_highlights would
                i = bisect_left(self._ranges, (*old, s.key))
                del self._ranges[i]
                del self._starts[i]
                touched.append(old)
            insort(self._ranges, (a, b, s.key))
            self._starts.insert(bisect_left(self._ranges, (a, b, s.key)), a)
            self._by_key[s.key] = (a, b)
            self._colors[s.key] = QColor(s.color)
            self._fills[s.key] = _translucent(self._colors[s.key])
            self._longest = max(self._longest, b - a)  # an upper bound is all the search needs
            touched.append((a, b))
            fresh.append((a, b))
        if not touched:
            return
        depth = 0
        for a, b in fresh:
            over = [(max(x, a), min(y, b)) for x, y, _ in self._ranges_over(a, b)]
            depth = max(depth, max_depth(over))
        if not self._grow_rows(depth):
            self._forget_bars(touched)
        self.viewport().update()

    def _qt_range(self, s: Highlight) -> tuple[int, int]:
        if self._offsets.identity and 0 <= s.start < s.end <= len(self._text):
            return s.start, s.end
        return self._offsets.range_to_qt(s.start, s.end)

    def _grow_rows(self, depth: int) -> bool:
        """Make room for ``depth`` bar rows; True if the article was laid out again (all bars dropped).

        Grow only: shrinking would re-lay out the article after every delete.
        """
        rows = min(depth, MAX_BAR_ROWS)
        if rows <= self._rows:
            return False
        self._rows = rows
        _set_line_spacing(self.document(), rows)
        self._bar_cache.clear()
        return True

    def _forget_bars(self, ranges: Sequence[tuple[int, int]]) -> None:
        """Drop the cached bars and fills of the lines that show any of ``ranges`` (their rows may change)."""
        stale = [k for k, m in self._bar_cache.items() if any(a < m.end and m.start < b for a, b in ranges)]
        for k in stale:
            del self._bar_cache[k]

    def set_selected(self, key: str) -> None:
        self._selected = key
        self.viewport().update()

    def set_links(self, links: Sequence[tuple[str, str]]) -> None:
        """Head/tail key pairs; the ones touching the selected span are drawn as arrows."""
        self._links = list(links)
        self.viewport().update()

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
        self.viewport().update()

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

    def _block_marks(self, block: QTextBlock, top: float, bottom: float) -> list[_LineMarks]:
        """Bars and fills of a block's lines between ``top`` and ``bottom`` (document y), cached per line.

        Rows are assigned per line, so a line's bars never depend on other
        lines; caching per line keeps a one-paragraph article of 100,000
        characters as cheap to paint as one with many paragraphs.
        """
        num = block.blockNumber()
        layout = block.layout()
        base = block.position()
        origin = layout.position()
        out: list[_LineMarks] = []
        for i in range(layout.lineCount()):
            ln = layout.lineAt(i)
            y = origin.y() + ln.y()
            if y + ln.height() + ln.leading() + self._bar_space() < top or y > bottom:
                continue
            marks = self._bar_cache.get((num, i))
            if marks is None:
                marks = self._line_marks(ln, base, origin, y)
                self._bar_cache[(num, i)] = marks
            out.append(marks)
        return out

    def _line_marks(self, ln: QTextLine, base: int, origin: QPointF, y: float) -> _LineMarks:
        start = base + ln.textStart()
        box = LineBox(start, start + ln.textLength(), y, ln.height())
        over = self._ranges_over(box.start, box.end)
        if not over:
            return _LineMarks(box.start, box.end, [], [])

        drawn: dict[tuple[int, int], list[tuple[float, float]]] = {}

        def runs(a: int, b: int) -> list[tuple[float, float]]:
            """Where Qt draws the span's characters on this line, left to right (one call per span)."""
            a, b = max(a, box.start), min(b, box.end)
            if (a, b) not in drawn:
                drawn[(a, b)] = sorted(
                    (r.boundingRect().left(), r.boundingRect().right()) for r in ln.glyphRuns(a - base, b - a)
                )
            return drawn[(a, b)]

        def extent(line: LineBox, a: int, b: int) -> list[tuple[float, float]]:
            # Under what is drawn, as the fill: the carets of a Latin run that wraps in a right-to-left
            # line stand at one x (its bar was a dot), and the last caret of a paragraph leaves out
            # an emoji at its end.  A range that draws nothing (spaces) keeps its carets.
            got = runs(a, b)
            if got:
                return [(origin.x() + got[0][0], origin.x() + max(x2 for _, x2 in got))]
            xa, xb = ln.cursorToX(a - base)[0], ln.cursorToX(b - base)[0]
            return [(origin.x() + min(xa, xb), origin.x() + max(xa, xb))]

        bars = layout_bars([box], [SpanRange(k, a, b) for a, b, k in over], extent, BAR_HEIGHT, BAR_GAP)
        # Qt's selection box of a line: its natural text rectangle, bottom rounded up.
        nat = ln.naturalTextRect()
        top = math.floor(origin.y() + nat.top())
        height = math.ceil(origin.y() + nat.bottom()) - top
        fills = []
        for a, b, key in over:
            for x1, x2 in _merged(runs(a, b)):
                # Every pixel the box touches, as Qt fills a selection (measured against ExtraSelections).
                left, right = math.floor(origin.x() + x1), math.ceil(origin.x() + x2)
                fills.append((QRectF(left, top, right - left, height), key))
        return _LineMarks(box.start, box.end, bars, fills)

    def _bar_space(self) -> float:
        return space_needed(self._rows, BAR_HEIGHT, BAR_GAP) + 2.0

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

    def _visible_marks(self) -> list[_LineMarks]:
        """Cached marks of the visible lines (document coordinates)."""
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        return [m for block in self._visible_blocks() for m in self._block_marks(block, top, bottom)]

    def _visible_bars(self, marks: list[_LineMarks] | None = None) -> list[Bar]:
        """Bars of the visible blocks, in viewport coordinates."""
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        return [
            Bar(b.key, b.line, b.row, b.x1 - dx, b.x2 - dx, b.y - dy, b.height)
            for m in (self._visible_marks() if marks is None else marks)
            for b in m.bars
        ]

    def _span_line_rects(self, key: str) -> list[QRectF]:
        """Text boxes of a span on visible lines, in viewport coordinates (for the outline)."""
        rng = self._by_key.get(key)
        if rng is None:
            return []
        a0, b0 = rng
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        rects = []
        for block in self._visible_blocks():
            base, layout = block.position(), block.layout()
            if a0 >= base + block.length() or b0 <= base:
                continue
            origin = layout.position()
            first = layout.lineForTextPosition(max(a0, base) - base)
            i = first.lineNumber() if first.isValid() else 0
            while i < layout.lineCount():
                ln = layout.lineAt(i)
                i += 1
                ls, le = base + ln.textStart(), base + ln.textStart() + ln.textLength()
                if ls >= b0:
                    break
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
        if not self._ranges:
            super().paintEvent(event)
            return
        marks = self._visible_marks()
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        painter = QPainter(self.viewport())
        try:  # the fills first, so the text (and the user's selection) is drawn over them
            painter.translate(-dx, -dy)
            fills = self._fills
            for m in marks:
                for rect, key in m.fills:
                    painter.fillRect(rect, fills[key])
        finally:
            painter.end()
        super().paintEvent(event)
        bars = self._visible_bars(marks)
        painter = QPainter(self.viewport())
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            for b in bars:
                if b.row >= self._rows:  # deeper than the line spacing allows: the highlight still shows
                    continue
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
        point = event.position().toPoint()
        self._press = point
        self._anchor = None
        plain = event.modifiers() & Qt.KeyboardModifier.ShiftModifier == Qt.KeyboardModifier.NoModifier
        if event.button() == Qt.MouseButton.LeftButton and plain and not self._inside_selection(point):
            self._anchor = self.nearest_position(point)  # a new drag starts here (not a text drag, not Shift)
        super().mousePressEvent(event)

    def _inside_selection(self, point: QPoint) -> bool:
        """A press on the selected text may start dragging it away; the selection is not ours to move then."""
        cur = self.textCursor()
        return (
            cur.hasSelection()
            and cur.selectionStart() <= self.cursorForPosition(point).position() <= cur.selectionEnd()
        )

    def nearest_position(self, point: QPoint) -> int:
        """The Qt position whose caret is nearest to ``point`` on the line under it.

        Qt's own hit test in Arabic runs takes the far edge of the glyph under
        the pointer, so aiming at the gap before a word's first letter could
        start the selection one letter late; the nearest caret is what a user
        aims at.  Only grapheme boundaries count: a caret between a letter and
        its harakat has the letter's x, and would cut the mark off.
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
        carets = [p for p in range(first, last + 1) if layout.isValidCursorPosition(p)] or [
            hit.position() - base
        ]
        best = min(carets, key=lambda p: abs(line.cursorToX(p)[0] - x))
        return base + best

    def _drag_to(self, point: QPoint) -> None:
        """Put the dragged selection's edges on the nearest carets to where the drag started and is now.

        Done on every move, not only on release, so the selection (and the
        preview of the exact string) shown while dragging is the one kept.
        """
        if self._anchor is None or self._press is None or (point - self._press).manhattanLength() < 4:
            return
        if not self.textCursor().hasSelection():
            return
        end = self.nearest_position(point)
        cur = self.textCursor()
        if end == self._anchor or (cur.anchor(), cur.position()) == (self._anchor, end):
            return
        cur.setPosition(self._anchor)
        cur.setPosition(end, _KEEP)
        self.setTextCursor(cur)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._drag_to(event.position().toPoint())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_to(pos)
        press, self._press, self._anchor = self._press, None, None
        if event.button() != Qt.MouseButton.LeftButton:
            return
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


_KEEP = QTextCursor.MoveMode.KeepAnchor  # enum lookups cost microseconds each in PySide


@dataclass(slots=True)
class _LineMarks:
    """What one laid-out line shows of the spans: bars and fill rectangles (document coordinates)."""

    start: int
    end: int
    bars: list[Bar]
    fills: list[tuple[QRectF, str]]


def _translucent(color: QColor) -> QColor:
    fill = QColor(color)
    fill.setAlpha(HIGHLIGHT_ALPHA)
    return fill


def _merged(runs: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sorted x intervals joined where they touch, so a span's fill is never blended twice."""
    out: list[tuple[float, float]] = []
    for x1, x2 in runs:
        if out and x1 <= out[-1][1] + 0.5:
            out[-1] = (out[-1][0], max(out[-1][1], x2))
        else:
            out.append((x1, x2))
    return out


def _set_line_spacing(doc: QTextDocument, rows: int) -> None:
    """Block format (never char format) spacing: leaves shaping untouched, makes room for bars."""
    fmt = QTextBlockFormat()
    fmt.setLineHeight(space_needed(rows, BAR_HEIGHT, BAR_GAP) + 2.0, _LINE_DISTANCE)
    cur = QTextCursor(doc)
    cur.select(QTextCursor.SelectionType.Document)
    cur.mergeBlockFormat(fmt)


_LINE_DISTANCE = QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value


def _arrow_head(p1: QPointF, p2: QPointF, size: float = 6.0) -> QPolygonF:
    d = p2 - p1
    length = max((d.x() ** 2 + d.y() ** 2) ** 0.5, 1e-6)
    ux, uy = d.x() / length, d.y() / length
    back = QPointF(p2.x() - ux * size, p2.y() - uy * size)
    side = QPointF(-uy * size / 2, ux * size / 2)
    return QPolygonF([p2, back + side, back - side])
