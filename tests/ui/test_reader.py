"""The reader: plain RTL text, highlights without char formats, bars, offsets, and a golden screenshot."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTextEdit

from tests.ui.conftest import HTML_ARTICLE, char_point
from ui.qtoffsets import QtOffsets
from ui.reader import HIGHLIGHT_ALPHA, MIN_BAR_ROWS, Highlight, ReaderView

GOLDEN = Path(__file__).parent / "golden" / "reader_overlaps.png"
REGEN = os.environ.get("HASHIYA_REGEN_GOLDEN") == "1"
CHANNEL_TOLERANCE = 60
"""A pixel differs when a colour channel moves by more than this (anti-aliasing noise stays below)."""
PIXEL_SHARE_TOLERANCE = 0.01
"""At most this share of pixels may differ."""

SCENE = "شنّت طائرات حربية غارة على مواقع بالرقة فجر الثلاثاء، ولإعلان الهدنة 😀 اجتمع الوسطاء في المدينة."
GOLDEN_SCENE = SCENE.replace(" 😀", "")
"""The picture leaves the emoji out: its glyph and width come from whatever system font is installed."""


def scene_highlights(text: str) -> list[Highlight]:
    def at(word: str, n: int | None = None) -> tuple[int, int]:
        s = text.index(word)
        return s, s + (n if n is not None else len(word))

    outer = (text.index("طائرات"), text.index("على") + 3)  # nests two spans
    return [
        Highlight("outer", *outer, "#d62728"),
        Highlight("planes", *at("طائرات حربية"), "#1f77b4"),
        Highlight("strike", *at("غارة"), "#2ca02c"),
        Highlight("place", text.index("بالرقة") + 1, text.index("بالرقة") + 6, "#9467bd"),
        Highlight("time", *at("بالرقة فجر"), "#ff7f0e"),  # overlaps "place" partly
        Highlight("ligature", *at("لإعلان"), "#8c564b"),  # starts on lam-alef
        Highlight("after_emoji", *at("الوسطاء"), "#17becf"),
    ]


@pytest.fixture
def reader(qtbot) -> ReaderView:
    r = ReaderView()
    qtbot.addWidget(r)
    r.resize(560, 220)
    r.show()
    qtbot.waitExposed(r)
    return r


def test_text_is_plain_rtl_and_never_parsed_as_html(reader):
    reader.set_text(HTML_ARTICLE)
    assert reader.document().toPlainText() == HTML_ARTICLE
    opt = reader.document().defaultTextOption()
    assert opt.textDirection() == Qt.LayoutDirection.RightToLeft
    assert reader.isReadOnly()


def test_first_line_is_right_aligned(reader):
    reader.set_text("نص قصير")
    block = reader.document().firstBlock()
    line = block.layout().lineAt(0)
    right = block.layout().position().x() + line.naturalTextRect().right()
    assert right > reader.viewport().width() - 20


MIXED = "قال المتحدث إن Reuters نقلت عن 25 مصدرا أن الاجتماع لإعلان الهدنة عقد في Geneva يوم 3 مايو."


def test_highlights_are_painted_and_leave_char_formats_alone(reader):
    reader.set_text(SCENE)
    spans = scene_highlights(SCENE)
    reader.set_highlights(spans)
    fills = [(rect, key) for m in reader._visible_marks() for rect, key in m.fills]
    assert {key for _, key in fills} == {h.key for h in spans}
    assert all(0 < reader._fills[key].alpha() < 255 for _, key in fills)
    assert reader.extraSelections() == []
    block = reader.document().firstBlock()
    fragments = []
    it = block.begin()
    while not it.atEnd():
        fragments.append(it.fragment())
        it += 1
    assert len(fragments) == 1, "a char format split the text (it would break lam-alef)"
    assert fragments[0].charFormat().background().style() == Qt.BrushStyle.NoBrush


def _as_selection(reader: ReaderView, h: Highlight) -> QImage:
    """The picture Qt itself draws for a translucent selection of the same characters."""
    sel = QTextEdit.ExtraSelection()
    sel.cursor = reader.offsets.cursor_for(reader.document(), h.start, h.end)
    fill = QColor(h.color)
    fill.setAlpha(HIGHLIGHT_ALPHA)
    sel.format.setBackground(fill)
    reader.set_highlights([])
    reader.setExtraSelections([sel])
    return reader.viewport().grab().toImage()


def _strictly_differing(a: QImage, b: QImage, blank: list[QRect]) -> int:
    """Pixels that differ by more than rounding noise, outside the ``blank`` rectangles."""
    images = []
    for img in (a, b):
        img = img.convertToFormat(QImage.Format.Format_RGB32)
        painter = QPainter(img)
        for r in blank:
            painter.fillRect(r, QColor("white"))
        painter.end()
        images.append(bytes(img.constBits()))
    pa, pb = images
    return sum(
        1
        for i in range(0, len(pa), 4)
        if pa[i : i + 4] != pb[i : i + 4] and max(abs(pa[i + k] - pb[i + k]) for k in range(3)) > 8
    )


@pytest.mark.parametrize(
    ("text", "word", "trim"),
    [
        (SCENE, "الوسطاء", 0),  # after an emoji: Qt positions differ from code points
        (MIXED, "إن Reuters نقلت عن 25 مصدرا", 0),  # Arabic, Latin and digits: several runs
        (SCENE, "لإعلان", 2),  # ends inside a word, after lam-alef
    ],
    ids=["after_emoji", "mixed_directions", "inside_a_word"],
)
def test_a_fill_covers_exactly_what_qt_would_select(reader, text, word, trim):
    """Painted fills match, pixel for pixel, an ExtraSelection of the same code points (bars aside)."""
    reader.resize(420, 260)
    reader.setCursorWidth(0)
    reader.set_text(text)
    s = text.index(word)
    h = Highlight("k", s, s + len(word) - trim, "#d62728")
    reader.set_highlights([h])
    ours = reader.viewport().grab().toImage()
    bars = [
        QRectF(b.x1, b.y, b.x2 - b.x1, b.height).toAlignedRect().adjusted(-2, -1, 2, 1)
        for b in reader._visible_bars()
    ]
    assert bars and any(m.fills for m in reader._visible_marks())
    theirs = _as_selection(reader, h)
    assert _strictly_differing(ours, theirs, bars) == 0


def test_keys_under_a_character_innermost_first(reader):
    reader.set_text(SCENE)
    reader.set_highlights(scene_highlights(SCENE))
    point = char_point(reader, SCENE.index("غارة") + 1)
    assert reader.keys_at(point) == ["strike", "outer"]
    assert reader.keys_at(QPoint(5, reader.viewport().height() - 5)) == []


def test_clicking_a_span_reports_it(reader, qtbot):
    reader.set_text(SCENE)
    reader.set_highlights(scene_highlights(SCENE))
    with qtbot.waitSignal(reader.spanClicked) as sig:
        QTest.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         char_point(reader, SCENE.index("الوسطاء") + 2))  # fmt: skip
    assert sig.args == ["after_emoji"]


def test_line_spacing_grows_with_overlap_depth(reader):
    reader.set_text(SCENE)
    reader.set_highlights([])
    flat = reader.document().size().height()
    s = SCENE.index("غارة")
    nested = [Highlight(f"n{i}", s - i, s + 4 + i, "#123456") for i in range(MIN_BAR_ROWS + 1)]
    reader.set_highlights(nested)
    assert reader.document().size().height() > flat
    rows = {b.row for b in reader._visible_bars()}
    assert rows == set(range(MIN_BAR_ROWS + 1))


def test_zoom_keys_change_the_font_size(pane):
    size = pane.reader.point_size
    QTest.keyClick(pane.reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert pane.reader.point_size > size
    QTest.keyClick(pane.reader, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(pane.reader, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert pane.reader.point_size < size


def test_tooltip_escapes_article_markup(pane, doc_ids, schema):
    pane.show_document(doc_ids["html"])
    s = HTML_ARTICLE.index("<b>")
    pane.reader.select_cp(s, s + len("<b>الجيش</b>"))
    pane.ctl.label(schema.labels_of("actor")[0].key)
    tip = pane.ctl.tooltip([pane.ctl.spans[0].id])
    assert "&lt;b&gt;الجيش&lt;/b&gt;" in tip and "<b>الجيش" not in tip


text_with_astral = st.text(
    alphabet=st.sampled_from([*"ابتثجحخ لا ّ َ", "😀", "𝔸", "\n", "a"]), min_size=1, max_size=40
)


@settings(max_examples=60, deadline=None)
@given(text_with_astral, st.data())
def test_qt_offsets_round_trip_through_a_real_document(qapp, text, data):
    text = text.replace("\r", "")
    offs = QtOffsets(text)
    doc = QTextDocument()
    doc.setPlainText(text)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    cur = offs.cursor_for(doc, start, end)
    assert offs.cursor_range(cur) == (start, end)
    assert cur.selectedText().replace("\u2029", "\n") == text[start:end]


def _differing_share(a: QImage, b: QImage) -> float:
    a = a.convertToFormat(QImage.Format.Format_RGB32)
    b = b.convertToFormat(QImage.Format.Format_RGB32)
    if a.size() != b.size():
        return 1.0
    pa, pb = bytes(a.constBits()), bytes(b.constBits())
    differing = 0
    for i in range(0, len(pa), 4):
        if (
            abs(pa[i] - pb[i]) > CHANNEL_TOLERANCE
            or abs(pa[i + 1] - pb[i + 1]) > CHANNEL_TOLERANCE
            or abs(pa[i + 2] - pb[i + 2]) > CHANNEL_TOLERANCE
        ):
            differing += 1
    return differing / (a.width() * a.height())


def test_golden_screenshot_of_overlapping_and_nested_spans(reader, tmp_path):
    """Regenerate with HASHIYA_REGEN_GOLDEN=1 after looking at the new image."""
    reader.setCursorWidth(0)  # a blinking caret would make the picture flaky
    reader.clearFocus()
    reader.set_text(GOLDEN_SCENE)
    reader.set_highlights(scene_highlights(GOLDEN_SCENE))
    reader.set_selected("strike")
    reader.set_links([("strike", "place")])
    reader.viewport().update()
    shot = reader.grab().toImage()
    if REGEN or not GOLDEN.exists():
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        assert shot.save(str(GOLDEN))
        if not REGEN:
            pytest.fail(f"no golden image yet; wrote {GOLDEN}: look at it, commit it, run again")
    share = _differing_share(shot, QImage(str(GOLDEN)))
    if share > PIXEL_SHARE_TOLERANCE:
        shot.save(str(tmp_path / "actual.png"))
    assert share <= PIXEL_SHARE_TOLERANCE, f"{share:.2%} of pixels differ; actual image in {tmp_path}"


def test_golden_comparison_notices_a_missing_bar(reader):
    """The tolerance is not so loose that a lost span would pass."""
    if not GOLDEN.exists():
        pytest.skip("golden image not generated yet")
    reader.setCursorWidth(0)
    reader.set_text(GOLDEN_SCENE)
    reader.set_highlights([h for h in scene_highlights(GOLDEN_SCENE) if h.key != "outer"])
    reader.set_selected("strike")
    assert _differing_share(reader.grab().toImage(), QImage(str(GOLDEN))) > 0.0005


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen plugin cannot raise the tooltip window
def test_hover_tooltip_names_the_spans_under_the_pointer(pane, schema, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from tests.ui.conftest import ARTICLE

    event_label = schema.labels_of("event")[0]
    s = ARTICLE.index("غارة")
    pane.reader.select_cp(s, s + 4)
    pane.ctl.label(event_label.key)
    point = char_point(pane.reader, s + 1)
    vp = pane.reader.viewport()
    QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, point, vp.mapToGlobal(point)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert event_label.name_en in QToolTip.text() and "غارة" in QToolTip.text()
    QToolTip.hideText()


def _marks(reader: ReaderView) -> list:
    return [(m.start, m.end, m.bars, [(r.getRect(), k) for r, k in m.fills]) for m in reader._visible_marks()]


ranges_in_scene = st.lists(
    st.tuples(st.integers(0, len(SCENE) - 2), st.integers(1, 12)).map(
        lambda t: (t[0], min(len(SCENE), t[0] + t[1]))
    ),
    min_size=0,
    max_size=8,
)


@settings(max_examples=40, deadline=None)
@given(before=ranges_in_scene, added=ranges_in_scene, data=st.data())
def test_updating_some_highlights_equals_setting_them_all(qapp, before, added, data):
    """After a key press the reader patches the changed spans; it must end where a full reset would."""
    old = [Highlight(f"o{i}", a, b, "#1f77b4") for i, (a, b) in enumerate(before)]
    removed = data.draw(st.lists(st.sampled_from([h.key for h in old]), unique=True) if old else st.just([]))
    new = [Highlight(f"n{i}", a, b, "#d62728") for i, (a, b) in enumerate(added)]
    final = [h for h in old if h.key not in removed] + new
    readers = []
    for _ in range(2):
        r = ReaderView()
        r.resize(560, 220)
        r.show()
        r.set_text(SCENE)
        r.set_highlights(old)
        _marks(r)  # lines cached before the change, as on screen
        readers.append(r)
    patched, reset = readers
    patched.update_highlights(removed, new)
    reset.set_highlights(final)
    assert patched._ranges == reset._ranges and patched._starts == reset._starts
    assert patched._by_key == reset._by_key and patched._rows == reset._rows
    assert _marks(patched) == _marks(reset)
    for r in readers:
        r.close()
        r.deleteLater()
