"""Whose layer an annotation goes to when the file itself names its annotators (``--annotator-from-file``).

Label Studio, Prodigy and our JSONL write who made each annotation; brat,
doccano and CoNLL do not, so reading those with the file's names is refused
(a layer must never be guessed).  A name is checked here by the rule the store
applies to annotators (not blank; surrounding spaces dropped), so a bad name
refuses its file with the line it stands on before anything is written.
"""

from __future__ import annotations

from typing import Any

from annotate.textimport import ImportFileError

NAMING_FORMATS = ("labelstudio", "prodigy", "jsonl")
"""The annotated formats whose records say who annotated them."""


def refuse_unnamed(path: str, fmt: str) -> ImportFileError:
    """The refusal for a file whose format names no annotators: the user has to name the layer."""
    return ImportFileError(
        path, f"a {fmt} file names no annotators; import it into one layer with --annotator NAME"
    )


def layer_name(path: str, line: int, value: Any, what: str) -> str:
    """``value`` as an annotator name (stripped), or ImportFileError naming the record's line."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise ImportFileError(path, f"{what} must be a non-empty annotator name, got {value!r}", line)


def labelstudio_user(path: str, line: int, completed_by: Any) -> str:
    """The layer of a Label Studio annotation, from its ``completed_by``.

    An export with user details writes a dict: its ``email`` (else its
    ``username``) is the name people know.  A plain export writes only the
    user's number, which is ``labelstudio-<id>``: a bare number would read as
    a count, and the prefix says where it came from.
    """
    if isinstance(completed_by, dict):
        for key in ("email", "username"):
            if isinstance(completed_by.get(key), str) and completed_by[key].strip():
                return completed_by[key].strip()
        completed_by = completed_by.get("id")
    if isinstance(completed_by, int) and not isinstance(completed_by, bool):
        return f"labelstudio-{completed_by}"
    return layer_name(path, line, completed_by, "an annotation's 'completed_by'")
