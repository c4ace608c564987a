"""What an export or import says it could not hold: a count per kind, then the cases."""

from __future__ import annotations

from annotate.formats.report import KIND_TEXT, FormatReport


def test_a_report_shows_twenty_cases_of_a_kind_and_counts_the_rest() -> None:
    rep = FormatReport("conll")
    for i in range(25):
        rep.add("clitic_split", f"doc{i}", "token cut at a span edge")
    rep.add("dropped_span", "doc0", "place 3..3: no token")
    lines = rep.lines()
    assert lines[0] == f"25 × {KIND_TEXT['clitic_split']}"
    assert sum(1 for ln in lines if ln.startswith("    doc") and "token cut" in ln) == 20
    assert "    … and 5 more (use --json for the full list)" in lines
    assert lines[-2:] == [f"1 × {KIND_TEXT['dropped_span']}", "    doc0: place 3..3: no token"]


def test_every_kind_the_code_reports_has_its_words() -> None:
    """A kind without an entry is shown to the user as its key (attribute_not_in_schema was)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    used = {
        kind
        for package in ("annotate", "store")
        for path in (root / package).rglob("*.py")
        for kind in re.findall(r"\.add\(\s*\"([a-z0-9_]+)\"", path.read_text(encoding="utf-8"))
    }
    assert {"note", "dropped_relation", "narrowed"} <= used  # the search finds what it should
    assert sorted(used - set(KIND_TEXT)) == []
