"""Label bar layout: pure geometry, checked without a screen."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ui.bars import Bar, LineBox, SpanRange, assign_rows, bar_at, layout_bars, max_depth, space_needed


def rtl_extent(line: LineBox, a: int, b: int) -> list[tuple[float, float]]:
    """Ten pixels per position, right to left from x = 1000."""
    return [(1000 - 10 * (b - line.start), 1000 - 10 * (a - line.start))]


def test_nested_span_goes_under_its_parent():
    assert assign_rows([(0, 10), (2, 5)]) == [0, 1]
    assert assign_rows([(2, 5), (0, 10)]) == [1, 0]


def test_disjoint_spans_share_the_first_row():
    assert assign_rows([(0, 3), (3, 6), (7, 9)]) == [0, 0, 0]


def test_partial_overlaps_stagger():
    assert assign_rows([(0, 5), (3, 8), (6, 9)]) == [0, 1, 0]


ranges = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 15)).map(lambda t: (t[0], t[0] + t[1])), max_size=25
)


@given(ranges)
def test_rows_never_collide_and_are_as_few_as_the_deepest_overlap(rs):
    rows = assign_rows(rs)
    for i, (a, b) in enumerate(rs):
        for j, (c, d) in enumerate(rs):
            if i < j and a < d and c < b:
                assert rows[i] != rows[j]
    assert (max(rows) + 1 if rows else 0) == max_depth(rs)


def test_layout_places_rows_under_the_line_and_clips_to_lines():
    lines = [LineBox(0, 20, top=0.0, height=20.0), LineBox(20, 40, top=30.0, height=20.0)]
    spans = [SpanRange("outer", 5, 25), SpanRange("inner", 8, 12)]
    bars = layout_bars(lines, spans, rtl_extent, bar_height=3.0, gap=1.0, pad=1.0)
    by = {(b.key, b.line): b for b in bars}
    assert set(by) == {("outer", 0), ("outer", 1), ("inner", 0)}
    outer0, inner0, outer1 = by[("outer", 0)], by[("inner", 0)], by[("outer", 1)]
    assert (outer0.row, inner0.row, outer1.row) == (0, 1, 0)
    assert outer0.y == 21.0 and inner0.y == 25.0 and outer1.y == 51.0
    assert (outer0.x1, outer0.x2) == (800.0, 950.0)  # positions 5..20 of the first line
    assert (outer1.x1, outer1.x2) == (950.0, 1000.0)  # positions 20..25 start the second line
    assert (inner0.x1, inner0.x2) == (880.0, 920.0)


def test_bar_at_prefers_the_deepest_row():
    outer = Bar("outer", 0, 0, 0.0, 100.0, 21.0, 3.0)
    inner = Bar("inner", 0, 1, 40.0, 60.0, 25.0, 3.0)
    assert bar_at([outer, inner], 50, 26).key == "inner"
    assert bar_at([outer, inner], 10, 22).key == "outer"
    assert bar_at([outer, inner], 10, 60) is None


def test_space_needed_grows_with_rows():
    assert space_needed(0) == 0.0
    assert space_needed(2, 3.0, 1.0, 1.0) < space_needed(3, 3.0, 1.0, 1.0)
