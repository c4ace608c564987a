"""Code points (stored, exported) versus UTF-16 units (Qt positions, some tools' offsets).

The two differ by one after every character outside the Basic Multilingual
Plane, such as an emoji.  Conversion happens at the edges only: the Qt widget
boundary and importers of tools that count UTF-16 units.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _astral_positions(text: str) -> list[int]:
    """Code-point indices of characters that take two UTF-16 units.

    Found by the regex engine rather than a loop over every character: an import
    of a large doccano or Label Studio file maps each document's offsets (the loop
    cost about 100 µs per article).
    """
    return [m.start() for m in _ASTRAL.finditer(text)]


class OffsetMap:
    """Converts offsets for one text in O(log n) after an O(n) scan.

    For the common all-BMP Arabic article the scan finds nothing and every
    conversion is the identity.
    """

    __slots__ = ("_astral", "_astral_u16", "cp_length", "u16_length")

    def __init__(self, text: str) -> None:
        self._astral = _astral_positions(text)
        # UTF-16 index at which each astral character starts.
        self._astral_u16 = [cp + k for k, cp in enumerate(self._astral)]
        self.cp_length = len(text)
        self.u16_length = len(text) + len(self._astral)

    @property
    def identity(self) -> bool:
        return not self._astral

    def to_utf16(self, cp: int) -> int:
        if not 0 <= cp <= self.cp_length:
            raise ValueError(f"code-point offset {cp} outside 0..{self.cp_length}")
        return cp + bisect_right(self._astral, cp - 1)

    def to_cp(self, u16: int, *, strict: bool = True) -> int:
        """Map a UTF-16 offset back; one inside a surrogate pair is an error when strict,

        otherwise it snaps to the start of that character (Qt never places the
        cursor there, but a foreign file may).
        """
        if not 0 <= u16 <= self.u16_length:
            raise ValueError(f"UTF-16 offset {u16} outside 0..{self.u16_length}")
        k = bisect_right(self._astral_u16, u16 - 1)
        if k and self._astral_u16[k - 1] == u16 - 1:
            if strict:
                raise ValueError(f"UTF-16 offset {u16} falls inside a surrogate pair")
            return u16 - k
        return u16 - k


def cp_to_utf16(text: str, cp: int) -> int:
    return OffsetMap(text).to_utf16(cp)


def utf16_to_cp(text: str, u16: int) -> int:
    return OffsetMap(text).to_cp(u16)
