"""The span table's cell pictures: drawn once, copied after, and never stale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTableView, QWidget

from tests.ui.conftest import hotkey_of
from ui.cell_cache import CachedCellDelegate, Index, Look


def roles_look(roles: tuple[Qt.ItemDataRole, ...]) -> Look:
    """The look of a model that shows nothing but through ``roles``: their values (a brush by its colour)."""

    def look(index: Index) -> tuple:
        values = (index.data(role) for role in roles)
        return tuple(v.color().rgba() if isinstance(v, QBrush) else v for v in values)

    return look


ROLES = roles_look((Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole))
WORDS = [
    "اشتباك مسلح · Armed clash",
    "قوات النظام",
    "الرقة 👍🏽",
    "",
    "Certainty=confirmed, Polarity=positive",
]


def _table(qtbot, rows: int = 12) -> tuple[QTableView, QStandardItemModel]:
    model = QStandardItemModel(rows, 3)
    for r in range(rows):
        for c in range(3):
            item = QStandardItem(WORDS[(r + c) % len(WORDS)])
            if c == 0:
                item.setBackground(QColor(200, 40 + 10 * (r % 5), 90, 70))
            model.setItem(r, c, item)
    view = QTableView()
    view.setModel(model)
    view.resize(420, 300)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view, model


def _picture(view: QTableView) -> QImage:
    view.viewport().repaint()
    return view.viewport().grab().toImage()


def _as_plain_delegate_draws(view: QTableView) -> QImage:
    cached = view.itemDelegate()
    plain = QStyledItemDelegate(view)
    view.setItemDelegate(plain)
    try:
        return _picture(view)
    finally:
        view.setItemDelegate(cached)


def test_cached_cells_look_as_the_plain_delegate_draws_them(qtbot):
    view, _ = _table(qtbot)
    view.setItemDelegate(delegate := CachedCellDelegate(view, ROLES))
    view.selectRow(2)
    first = _picture(view)
    assert delegate.drawn > 0
    assert first == _as_plain_delegate_draws(view)
    drawn = delegate.drawn
    assert _picture(view) == first
    assert delegate.drawn == drawn  # a repaint with nothing changed copies every cell


def test_a_changed_cell_is_drawn_afresh_and_the_rest_copied(qtbot):
    view, model = _table(qtbot)
    view.setItemDelegate(delegate := CachedCellDelegate(view, ROLES))
    _picture(view)
    drawn = delegate.drawn
    model.item(1, 1).setText("تنظيم الدولة")
    model.item(3, 0).setBackground(QColor(10, 200, 10, 70))
    changed = _picture(view)
    assert delegate.drawn - drawn == 2
    assert changed == _as_plain_delegate_draws(view)
    model.insertRow(0, [QStandardItem("جديد"), QStandardItem(""), QStandardItem("")])  # rows move down
    drawn = delegate.drawn
    assert _picture(view) == _as_plain_delegate_draws(view)
    assert delegate.drawn - drawn <= 2  # the new row's text cell; the rest were drawn before


def test_selection_and_font_change_are_drawn(qtbot):
    view, _ = _table(qtbot)
    view.setItemDelegate(delegate := CachedCellDelegate(view, ROLES))
    _picture(view)
    view.selectRow(4)
    assert _picture(view) == _as_plain_delegate_draws(view)
    font = QFont(view.font())
    font.setPointSizeF(font.pointSizeF() + 3)
    view.setFont(font)
    assert len(delegate) == 0  # a font change empties the cache
    assert _picture(view) == _as_plain_delegate_draws(view)


def test_the_cache_keeps_at_most_its_limit(qtbot):
    view, model = _table(qtbot, rows=60)
    for r in range(60):
        model.item(r, 1).setText(f"سطر {r}")
    view.setItemDelegate(delegate := CachedCellDelegate(view, ROLES, limit=20))
    for r in range(0, 60, 5):
        view.scrollTo(model.index(r, 0))
        _picture(view)
    assert 0 < len(delegate) <= 20
    assert _picture(view) == _as_plain_delegate_draws(view)


@pytest.mark.parametrize("select", [False, True])
def test_the_span_table_shows_what_its_model_holds(pane, schema, select):
    """Every role the span model paints is in the delegate's key: its cells look as drawn afresh."""
    event, _ = hotkey_of(schema, "event")
    text = pane.ctl.doc.text
    for word in ("الثلاثاء", "المدينة"):
        at = text.index(word)
        pane.reader.select_cp(at, at + len(word))
        pane.ctl.label(event)
    table = pane.panel.table
    assert isinstance(table.itemDelegate(), CachedCellDelegate)
    _picture(table)
    attr = next(a for a in schema.attributes if "event" in a.applies_to and a.values)
    pane.ctl.select_span(pane.ctl.spans[0].id)
    pane.ctl.set_attributes({attr.key: attr.values[-1]})
    if not select:
        pane.ctl.select_span(None)
    assert attr.name_en in table.model().index(0, 2).data()
    assert _picture(table) == _as_plain_delegate_draws(table)


def test_the_span_models_look_is_what_it_paints(pane, schema):
    """``look`` stands for ``data`` in the delegate's key: the two must agree, and no other role may paint."""
    event, _ = hotkey_of(schema, "event")
    text = pane.ctl.doc.text
    at = text.index("المدينة")
    pane.reader.select_cp(at, at + len("المدينة"))
    pane.ctl.label(event)
    model = pane.panel.model
    painted_elsewhere = (
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.CheckStateRole,
    )
    for col in range(model.columnCount()):
        index = model.index(0, col)
        background = model.data(index, Qt.ItemDataRole.BackgroundRole)
        rgba = background.rgba() if background is not None else None
        assert model.look(index) == (model.data(index, Qt.ItemDataRole.DisplayRole), rgba)
        assert all(model.data(index, role) is None for role in painted_elsewhere)
    assert model.look(model.index(0, 0))[1] is not None


def test_an_inactive_window_keeps_its_inactive_colours(qtbot):
    """A theme whose inactive base differs (KDE's, say): the view hands its palette over in the Normal
    group, and pictures filled from it showed white boxes on the grey of an inactive window."""
    view, _ = _table(qtbot)
    palette = QPalette(view.palette())
    palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Base, QColor("#e8e8e8"))
    palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.AlternateBase, QColor("#dddddd"))
    view.setPalette(palette)
    view.setAlternatingRowColors(True)
    view.setItemDelegate(CachedCellDelegate(view, ROLES))
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    assert QTest.qWaitForWindowActive(other)
    assert not view.isActiveWindow()
    inactive = _picture(view)
    assert QColor(inactive.pixel(inactive.width() - 5, 5 * view.rowHeight(0) // 2)) == QColor("#e8e8e8")
    assert inactive == _as_plain_delegate_draws(view)


def test_no_pictures_at_a_fractional_scale(qtbot):
    """At 150% a cell starts between device pixels, where a picture of whole pixels sits one off."""
    view, model = _table(qtbot)
    delegate = CachedCellDelegate(view, ROLES)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(3, 7, 121, 31)
    index = model.index(0, 0)
    pictures = []
    for paint in (delegate.paint, QStyledItemDelegate(view).paint):
        image = QImage(300, 100, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(1.5)
        image.fill(QColor("white"))
        painter = QPainter(image)
        paint(painter, option, index)
        painter.end()
        pictures.append(image)
    assert pictures[0] == pictures[1]
    assert len(delegate) == 0
