from __future__ import annotations

import io

import pytest

from annotate.terminal import ENV_NO_SHAPING, for_terminal, terminal_shaping_enabled


class FakeTty(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_arabic_is_joined_and_put_in_visual_order() -> None:
    # ق initial, س medial, د final: presentation forms, right-most letter printed last
    assert for_terminal("قسد") == "\ufeaa\ufeb4\ufed7"
    assert for_terminal("لا") == "\ufefb"  # lam-alef becomes one glyph


def test_brackets_and_quotes_keep_pointing_at_their_text() -> None:
    assert for_terminal("(قسد)") == "(\ufeaa\ufeb4\ufed7)"
    assert for_terminal("«قسد»") == "«\ufeaa\ufeb4\ufed7»"


def test_lines_are_shaped_one_by_one_and_latin_lines_pass_through() -> None:
    shaped = for_terminal("doc 3: ok\nقسد\n")
    assert shaped == "doc 3: ok\n\ufeaa\ufeb4\ufed7\n"


def test_disabled_returns_the_text_unchanged() -> None:
    text = "قال (AFP) إن قسد"
    assert for_terminal(text, enabled=False) == text
    assert for_terminal(text) != text


@pytest.mark.parametrize(
    ("flag", "env", "tty", "expected"),
    [
        (None, {}, True, True),
        (None, {}, False, False),
        (None, {ENV_NO_SHAPING: "1"}, True, False),
        (None, {ENV_NO_SHAPING: "0"}, True, True),
        (None, {ENV_NO_SHAPING: ""}, True, True),
        (False, {}, True, False),  # --no-shaping
        (True, {ENV_NO_SHAPING: "1"}, False, True),  # an explicit request beats detection
    ],
)
def test_shaping_decision(flag: bool | None, env: dict[str, str], tty: bool, expected: bool) -> None:
    assert terminal_shaping_enabled(flag, env, stream=FakeTty(tty)) is expected


def test_streams_without_isatty_or_closed_count_as_no_terminal() -> None:
    closed = io.StringIO()
    closed.close()  # isatty() now raises ValueError
    assert terminal_shaping_enabled(None, {}, stream=closed) is False
    assert terminal_shaping_enabled(None, {}, stream=object()) is False  # type: ignore[arg-type]


def test_an_english_line_that_starts_with_a_name_stays_left_to_right() -> None:
    """The first strong letter made it a right-to-left paragraph: '2 :علي spans…' printed backwards."""
    name = for_terminal("علي")
    assert (
        for_terminal("  علي: 2 spans in 1 documents, 0 done") == f"  {name}: 2 spans in 1 documents, 0 done"
    )
    assert for_terminal("قال (AFP) إن قسد").endswith(for_terminal("قال"))  # mostly Arabic: right to left
    quoted = "imported a.txt: «قوات سوريا الديمقراطية» 3 spans"  # as many Arabic letters as Latin
    assert for_terminal(quoted) == f"imported a.txt: {for_terminal('«قوات سوريا الديمقراطية»')} 3 spans"
