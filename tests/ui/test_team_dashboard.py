from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from annotate.commands import add_spans
from annotate.model import DocId
from store.annotations import apply, spans
from store.project import Project
from store.team import assign
from tests.store.teamdata import doc, fill, mark, new_project, offline_copy
from ui import dashboard
from ui.charts import BarChart, Heatmap, LineChart, heat_color, series_color


def shown(qtbot, w, size=(500, 300)):
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    return w.grab().toImage()


def test_bar_chart_bars_follow_values_and_arabic_names_are_drawn(qtbot, tmp_path: Path) -> None:
    chart = BarChart("F1")
    chart.set_data([("غارة جوية", 1.0), ("اعتقال", 0.5), ("مكان", None)])
    img = shown(qtbot, chart)
    full, half, none = chart.bar_rect(0), chart.bar_rect(1), chart.bar_rect(2)
    assert half.width() == pytest.approx(full.width() / 2, abs=1)
    assert none.width() == 0
    c = full.center().toPoint()
    assert img.pixelColor(c) == series_color(0)
    # the names column is painted (some dark pixels left of the bars)
    names_area = [img.pixelColor(x, c.y()).lightness() for x in range(0, int(full.left()))]
    assert min(names_area) < 128
    img.save(str(tmp_path / "bars.png"))


@pytest.fixture
def right_to_left(qapp: QApplication) -> Iterator[None]:
    """What the Arabic interface sets for the whole application."""
    qapp.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    yield
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def test_bar_chart_names_stay_beside_their_bars_in_a_right_to_left_interface(qtbot, right_to_left) -> None:
    chart = BarChart("F1")
    chart.set_data([("ميليشيات سياسية", 1.0), ("عدد", 0.5)])
    img = shown(qtbot, chart)
    assert chart.layoutDirection() == Qt.LayoutDirection.RightToLeft
    bar = chart.bar_rect(1)
    y = int(bar.center().y())

    def inked(x0: int, x1: int) -> bool:
        return any(img.pixelColor(x, y).lightness() < 128 for x in range(x0, x1))

    # the short name ends right before the bars, not at the far left of the names column
    assert inked(int(bar.left()) - 40, int(bar.left()))
    assert not inked(0, 20)


def test_heatmap_colours_cells_and_refuses_a_ragged_matrix(qtbot) -> None:
    hm = Heatmap()
    hm.set_data(["علي", "بدر"], [[None, 1.0], [1.0, None]])
    img = shown(qtbot, hm, (360, 360))
    off = hm.cell_rect(0, 1).center().toPoint()
    assert img.pixelColor(off.x() - 8, off.y() - 8) == heat_color(1.0)
    assert heat_color(0.0) == QColor(255, 255, 255)
    with pytest.raises(ValueError):
        hm.set_data(["a", "b"], [[None]])


def test_line_chart_maps_days_and_counts(qtbot) -> None:
    lc = LineChart()
    lc.set_series({"ali": [("2026-11-25", 1), ("2026-11-26", 4)], "badr": [("2026-11-26", 2)]})
    shown(qtbot, lc)
    plot = lc.plot_area()
    first, last = lc.point("2026-11-25", 1), lc.point("2026-11-26", 4)
    assert first.x() == pytest.approx(plot.left()) and last.x() == pytest.approx(plot.right())
    assert last.y() == pytest.approx(plot.top())
    assert lc.point("2026-11-26", 2).y() > last.y()


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Project]:
    p = new_project(tmp_path / "team.hashiya")
    for w in ("ali", "badr"):
        p.ensure_annotator(w)
    assign(p, [DocId(1), DocId(2)], ["ali", "badr"])
    for d in (1, 2):
        base = fill(p, doc(p, d), "ali", 5, seed=d)
        apply(p, add_spans([s.with_(id=s.id + "-b", annotator="badr") for s in base[:3]]), "badr")
        mark(p, d, "ali")
    mark(p, 1, "badr", "in_progress")
    yield p
    p.close()


def test_dashboard_shows_progress_and_agreement(qtbot, team: Project) -> None:
    view = dashboard.DashboardView(team)
    qtbot.addWidget(view)
    view.show()
    rows = {view.table.item(i, 0).text(): i for i in range(view.table.rowCount())}
    ali, badr = rows["ali"], rows["badr"]
    assert [view.table.item(ali, j).text() for j in (2, 3, 4, 5)] == ["2", "2", "0", "0"]
    assert [view.table.item(badr, j).text() for j in (2, 3, 4, 5)] == ["2", "0", "1", "1"]
    assert view.over_time.series["ali"][-1][1] == 2
    view.compute_agreement()
    qtbot.waitUntil(lambda: view.report is not None, timeout=20_000)
    view.job.wait()
    assert view.matrix.names == ["ali", "badr"]
    assert view.matrix.values[0][1] == pytest.approx(2 * 6 / (10 + 6))
    names = [n for n, _ in view.per_label.items]
    assert names and all(n for n in names)
    assert not view.job.running()


def test_dashboard_merges_and_assigns(qtbot, team: Project, tmp_path: Path, monkeypatch) -> None:
    other = offline_copy(team.path, tmp_path / "chadi.hashiya")
    with Project.open(other) as o:
        fill(o, doc(o, 3), "chadi", 4, seed=9)
    seen: list[str] = []
    monkeypatch.setattr(dashboard, "show_info", lambda parent, title, text: seen.append(text))
    view = dashboard.DashboardView(team)
    qtbot.addWidget(view)
    view.merge([str(other)])
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    view.job.wait()
    assert "4 span(s) added" in seen[0] and "Rule:" in seen[0]
    assert len(spans(team, DocId(3), "chadi")) == 4
    assert view.assign(["ali", "badr", "chadi"], 2) > 0
    assert not view.job.running()


def test_set_role_offers_the_roles_in_the_interface_language_and_stores_the_key(
    qtbot, qapp: QApplication, team: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.i18n import Translations

    offered: list[list[str]] = []

    def pick(_parent, _title, _label, items, *_rest):  # the second list is the roles: choose the last one
        offered.append(list(items))
        return items[-1], True

    monkeypatch.setattr(dashboard.QInputDialog, "getItem", pick)
    translations = Translations(qapp)
    try:
        assert translations.apply("ar")
        view = dashboard.DashboardView(team)
        qtbot.addWidget(view)
        view.role_dialog()
    finally:
        translations.apply("en")
    assert offered == [["ali", "badr"], ["مُعلِّم", "مُحكِّم"]]
    assert {a.name: a.role for a in team.annotators()}["badr"] == "reviewer"
