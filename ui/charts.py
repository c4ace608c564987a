"""Charts painted with QPainter: bars per label, an annotator × annotator heatmap, progress over time.

Text goes through ``QPainter.drawText`` only, so Qt's own shaping and bidi lay
out Arabic label names (joined letters, right-to-left runs); nothing here
reshapes text, which would break that (see DEVELOPERS-NOTES.md).  The charts
hold plain numbers and know nothing of the store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

SERIES_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf")
PAD = 8.0


def series_color(i: int) -> QColor:
    return QColor(SERIES_COLORS[i % len(SERIES_COLORS)])


def _fmt(v: float | None) -> str:
    return "–" if v is None else f"{v:.2f}"


class _Chart(QWidget):
    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def _begin(self) -> tuple[QPainter, QRectF]:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        area = QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD)
        if self.title:
            fm = QFontMetricsF(self.font())
            p.setPen(self.palette().text().color())
            p.drawText(
                QRectF(area.left(), area.top(), area.width(), fm.height()),
                Qt.AlignmentFlag.AlignCenter,
                self.title,
            )
            area.setTop(area.top() + fm.height() + PAD / 2)
        return p, area


class BarChart(_Chart):
    """Horizontal bars, one per named item (e.g. F1 per label); None draws as "–" with no bar."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.items: list[tuple[str, float | None]] = []
        self.maximum = 1.0

    def set_data(self, items: Sequence[tuple[str, float | None]], maximum: float = 1.0) -> None:
        self.items = list(items)
        self.maximum = maximum or 1.0
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(420, int((len(self.items) + 1) * (fm.height() + 4) + 3 * PAD + fm.height()))

    def bar_rect(self, i: int) -> QRectF:
        """Where bar ``i`` is drawn (tests and tooltips use it)."""
        area = self._layout()
        fm = QFontMetricsF(self.font())
        row = fm.height() + 4
        value = self.items[i][1] or 0.0
        width = max(0.0, min(1.0, value / self.maximum)) * area["bars"].width()
        return QRectF(area["bars"].left(), area["bars"].top() + i * row + 2, width, row - 4)

    def _layout(self) -> dict[str, QRectF]:
        fm = QFontMetricsF(self.font())
        area = QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD)
        if self.title:
            area.setTop(area.top() + fm.height() + PAD / 2)
        name_w = min(
            area.width() * 0.4, max((fm.horizontalAdvance(n) for n, _ in self.items), default=0) + PAD
        )
        value_w = fm.horizontalAdvance("0.00") + PAD
        names = QRectF(area.left(), area.top(), name_w, area.height())
        bars = QRectF(
            names.right() + PAD / 2,
            area.top(),
            max(1.0, area.width() - name_w - value_w - PAD),
            area.height(),
        )
        return {"names": names, "bars": bars}

    def paintEvent(self, event: QPaintEvent) -> None:
        p, _ = self._begin()
        lay = self._layout()
        fm = QFontMetricsF(self.font())
        row = fm.height() + 4
        text = self.palette().text().color()
        for i, (name, value) in enumerate(self.items):
            y = lay["bars"].top() + i * row
            p.setPen(text)
            p.drawText(
                QRectF(lay["names"].left(), y, lay["names"].width() - PAD / 2, row),
                # geometry is drawn left to right in any layout: "absolute", or RTL would push names away
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute,
                name,
            )
            rect = self.bar_rect(i)
            if value is not None and rect.width() > 0:
                p.fillRect(rect, series_color(0))
            p.setPen(text)
            p.drawText(
                QRectF(rect.right() + 4, y, fm.horizontalAdvance("0.00") + PAD, row),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute,
                _fmt(value),
            )
        p.end()


def heat_color(value: float | None) -> QColor:
    """White (0) to deep blue (1); grey when undefined."""
    if value is None:
        return QColor("#dddddd")
    v = max(0.0, min(1.0, value))
    return QColor(int(255 - 224 * v), int(255 - 136 * v), int(255 - 75 * v))


class Heatmap(_Chart):
    """A square matrix of values between 0 and 1 (pairwise agreement); the diagonal is left empty."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.names: list[str] = []
        self.values: list[list[float | None]] = []

    def set_data(self, names: Sequence[str], values: Sequence[Sequence[float | None]]) -> None:
        if any(len(row) != len(names) for row in values) or len(values) != len(names):
            raise ValueError("the heatmap needs a square matrix, one row and column per name")
        self.names = list(names)
        self.values = [list(r) for r in values]
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def cell_rect(self, i: int, j: int) -> QRectF:
        fm = QFontMetricsF(self.font())
        area = QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD)
        if self.title:
            area.setTop(area.top() + fm.height() + PAD / 2)
        label_w = min(
            area.width() * 0.35, max((fm.horizontalAdvance(n) for n in self.names), default=0) + PAD
        )
        n = max(1, len(self.names))
        side = max(1.0, min((area.width() - label_w) / n, (area.height() - fm.height() - PAD) / n))
        left, top = area.left() + label_w, area.top() + fm.height() + PAD
        return QRectF(left + j * side, top + i * side, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        p, _ = self._begin()
        fm = QFontMetricsF(self.font())
        text = self.palette().text().color()
        for i, name in enumerate(self.names):
            r = self.cell_rect(i, 0)
            p.setPen(text)
            p.drawText(
                QRectF(PAD, r.top(), r.left() - 2 * PAD, r.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            c = self.cell_rect(0, i)
            p.drawText(
                QRectF(c.left(), c.top() - fm.height() - PAD / 2, c.width(), fm.height()),
                Qt.AlignmentFlag.AlignCenter,
                name,
            )
            for j in range(len(self.names)):
                cell = self.cell_rect(i, j)
                value = None if i == j else self.values[i][j]
                p.fillRect(
                    cell.adjusted(1, 1, -1, -1), self.palette().base() if i == j else heat_color(value)
                )
                if i != j:
                    p.setPen(QColor("white") if (value or 0) > 0.6 else text)
                    p.drawText(cell, Qt.AlignmentFlag.AlignCenter, _fmt(value))
        p.end()


class LineChart(_Chart):
    """Cumulative counts over days, one line per series (documents done per annotator)."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.series: dict[str, list[tuple[str, int]]] = {}

    def set_series(self, series: Mapping[str, Sequence[tuple[str, int]]]) -> None:
        self.series = {k: list(v) for k, v in series.items()}
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 260)

    def days(self) -> list[str]:
        return sorted({d for pts in self.series.values() for d, _ in pts})

    def plot_area(self) -> QRectF:
        fm = QFontMetricsF(self.font())
        area = QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD)
        if self.title:
            area.setTop(area.top() + fm.height() + PAD / 2)
        legend_w = max((fm.horizontalAdvance(n) for n in self.series), default=0) + 24
        return area.adjusted(fm.horizontalAdvance("0000") + PAD, 0, -legend_w - PAD, -fm.height() - PAD)

    def point(self, day: str, value: int) -> QPointF:
        days = self.days()
        top = max((v for pts in self.series.values() for _, v in pts), default=1) or 1
        plot = self.plot_area()
        x = plot.left() + (days.index(day) / max(1, len(days) - 1)) * plot.width()
        return QPointF(x, plot.bottom() - value / top * plot.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        p, _ = self._begin()
        fm = QFontMetricsF(self.font())
        plot = self.plot_area()
        text = self.palette().text().color()
        p.setPen(QPen(text, 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawLine(plot.bottomLeft(), plot.topLeft())
        days = self.days()
        top = max((v for pts in self.series.values() for _, v in pts), default=0)
        p.drawText(
            QRectF(PAD, plot.top() - fm.height() / 2, plot.left() - 2 * PAD, fm.height()),
            Qt.AlignmentFlag.AlignRight,
            str(top),
        )
        if days:
            p.drawText(
                QRectF(plot.left(), plot.bottom() + 2, plot.width(), fm.height()),
                Qt.AlignmentFlag.AlignLeft,
                days[0],
            )
            p.drawText(
                QRectF(plot.left(), plot.bottom() + 2, plot.width(), fm.height()),
                Qt.AlignmentFlag.AlignRight,
                days[-1],
            )
        for k, (name, pts) in enumerate(self.series.items()):
            color = series_color(k)
            p.setPen(QPen(color, 2))
            poly = QPolygonF([self.point(d, v) for d, v in pts])
            if len(pts) == 1:
                p.setBrush(color)
                p.drawEllipse(poly[0], 3, 3)
            else:
                p.drawPolyline(poly)
            y = plot.top() + k * (fm.height() + 2)
            p.fillRect(QRectF(plot.right() + PAD, y + 3, 12, fm.height() - 6), color)
            p.setPen(text)
            p.drawText(QPointF(plot.right() + PAD + 16, y + fm.ascent()), name)
        p.end()
