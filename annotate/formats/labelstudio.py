"""Label Studio JSON: tasks with ``annotations`` (or the legacy ``completions``), both directions.

A task holds ``data`` (the text) and one result list per annotation: ``labels``
regions with start/end/text, and ``relation`` items linking region ids.  The
browser counts offsets in UTF-16 units, so they are converted per document, and
every region's ``text`` is checked against the text at its offsets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from annotate.formats.build import RawAnnotation, build_draft
from annotate.formats.jsonrecords import int_field, iter_records
from annotate.formats.layers import labelstudio_user, layer_name
from annotate.formats.offsetfix import (
    DECLARED_UNIT,
    OFFSETS_META,
    OffsetUnit,
    RawSpan,
    Units,
    declared_units,
    exported_offsets,
)
from annotate.formats.records import AnnotatedDraft, LayerDoc, RelationDraft
from annotate.formats.report import FormatReport
from annotate.model import attrs
from annotate.textimport import ImportFileError

# The browser counts UTF-16 units; whether it saw a CRLF as one character, the region's text tells.
BROWSER = Units(utf16=True)
LAYER = "hashiya_layer"
"""The annotation field in which our export names the layer it came from, read back by
``--annotator-from-file``.  Not ``completed_by``: Label Studio refuses to import a file whose
``completed_by`` is neither a member's id nor a member's e-mail, and ignores fields it does not know."""


def _task_text(path: str, line: int, data: Any) -> tuple[str, str]:
    if not isinstance(data, dict):
        raise ImportFileError(path, "task has no 'data' object", line)
    if isinstance(data.get("text"), str):
        return "text", data["text"]
    # what our export adds beside the text is no candidate for it
    strings = [(k, v) for k, v in data.items() if isinstance(v, str) and k not in ("ext_id", OFFSETS_META)]
    if len(strings) == 1:
        return strings[0]
    raise ImportFileError(path, "task 'data' has no 'text' (and not exactly one string field)", line)


def _is_region(res: dict[str, Any]) -> bool:
    """A labelled text span: type ``labels`` (``hypertextlabels`` …) or a value with ``labels``, and a start."""
    value = res.get("value")
    if not isinstance(value, dict) or "start" not in value:
        return False
    return str(res.get("type", "")).endswith("labels") or "labels" in value


def _attribute_value(kind: str, value: dict[str, Any]) -> str | None:
    """A per-region answer as one attribute value: choices joined, a textarea's lines, a rating …"""
    v = value.get("text" if kind == "textarea" else kind)
    if isinstance(v, list):
        return ", ".join("/".join(map(str, x)) if isinstance(x, list) else str(x) for x in v)
    return None if v is None or isinstance(v, dict) else str(v)


def _regions(
    path: str, line: int, results: list[Any], doc: str, report: FormatReport
) -> tuple[list[RawAnnotation], list[RelationDraft]]:
    """Spans and relations of one annotation's results.

    A result of another type with the id of a labelled region (Label Studio's
    ``perRegion`` choices, text areas, ratings) is an attribute of that region,
    named by its ``from_name``.  A relation drawn leftwards points from
    ``to_id`` to ``from_id``.
    """
    for i, res in enumerate(results):
        if not isinstance(res, dict):
            raise ImportFileError(path, f"result {i} is not an object", line)
    region_ids = {str(res.get("id")) for res in results if _is_region(res)}
    extra: dict[str, dict[str, str]] = {}
    for res in results:
        rid, kind, value = str(res.get("id")), str(res.get("type")), res.get("value")
        if rid in region_ids and not _is_region(res) and kind != "relation" and isinstance(value, dict):
            answer = _attribute_value(kind, value)
            name = str(res.get("from_name") or kind)
            if answer is None:
                report.add(
                    "note", doc, f"region {rid}: {kind} {name!r} has no value we can keep; not imported"
                )
            else:
                extra.setdefault(rid, {})[name] = answer
    spans: list[RawAnnotation] = []
    rels: list[RelationDraft] = []
    for i, res in enumerate(results):
        kind = res.get("type")
        if kind == "relation":
            head, tail = str(res.get("from_id")), str(res.get("to_id"))
            direction = res.get("direction", "right")
            if direction == "left":
                head, tail = tail, head
            elif direction == "bi":
                report.add(
                    "note", doc, f"relation {head} -> {tail} drawn both ways: kept from from_id to to_id"
                )
            for lab in res.get("labels") or ["related"]:
                rels.append(RelationDraft(head, tail, str(lab)))
            continue
        if str(res.get("id")) in region_ids and not _is_region(res):
            continue  # an attribute of a region, taken above
        value = res.get("value")
        if not isinstance(value, dict) or "start" not in value:
            report.add("note", doc, f"result of type {kind!r} is not a text span; not imported")
            continue
        if not _is_region(res):
            report.add(
                "note", doc, f"result {res.get('id', i)} of type {kind!r} belongs to no region; not imported"
            )
            continue
        labels = value.get("labels") or value.get(str(kind)) or []
        if not isinstance(labels, list) or not labels:
            raise ImportFileError(path, f"region {res.get('id', i)} has no labels", line)
        what = f"region {res.get('id', i)}"
        s, e = int_field(path, line, value, "start", what), int_field(path, line, value, "end", what)
        claimed = value.get("text") if isinstance(value.get("text"), str) else None
        rid = str(res.get("id", i))
        for n, lab in enumerate(labels):
            key = rid if n == 0 else f"{rid}#{n}"
            spans.append(RawAnnotation(key, str(lab), RawSpan(s, e, claimed), attrs(extra.get(rid))))
    return spans, rels


def _live(
    path: str, line: int, anns: Any, doc: str, report: FormatReport
) -> list[tuple[int, dict[str, Any]]]:
    """The task's annotations that were not cancelled, with their place in the list; each cancelled
    one is reported, whichever layer the import goes to."""
    if not isinstance(anns, list):
        raise ImportFileError(path, "'annotations' must be a list", line)
    live: list[tuple[int, dict[str, Any]]] = []
    for i, a in enumerate(anns):
        if not isinstance(a, dict):
            raise ImportFileError(path, f"annotation {i} is not an object", line)
        if not a.get("was_cancelled"):
            live.append((i, a))
            continue
        try:
            by = f" by {_user(path, line, a)}"
        except ImportFileError:
            by = ""  # a cancelled annotation is not read: whom it names does not matter
        report.add("note", doc, f"annotation {a.get('id', i)}{by} was cancelled; not imported")
    return live


def _user(path: str, line: int, ann: dict[str, Any]) -> str:
    """The layer an annotation goes to: the one our export named (``LAYER``), else its ``completed_by``'s."""
    if LAYER in ann:
        return layer_name(path, line, ann[LAYER], repr(LAYER))
    return labelstudio_user(path, line, ann.get("completed_by"))


def _by_user(
    path: str, line: int, live: list[tuple[int, dict[str, Any]]], doc: str, report: FormatReport
) -> list[tuple[str, Any]]:
    """Each annotator's live annotation of a task, in the order they first appear.

    A user with two live annotations of one task keeps the last updated (then
    created; the later in the file on a tie), and the other is reported.
    """
    kept: dict[str, tuple[tuple[str, int], dict[str, Any]]] = {}
    for i, a in live:
        user = _user(path, line, a)
        when = (str(a.get("updated_at") or a.get("created_at") or ""), i)
        if user in kept:
            (old_when, old), (new_when, new) = sorted([kept[user], (when, a)], key=lambda t: t[0])
            report.add(
                "note",
                doc,
                f"annotation {old.get('id', old_when[1])} by {user} not imported:"
                f" their later annotation {new.get('id', new_when[1])} kept",
            )
            kept[user] = (new_when, new)
        else:
            kept[user] = (when, a)
    return [(user, a) for user, (_, a) in kept.items()]


def _first_live(live: list[tuple[int, dict[str, Any]]], doc: str, report: FormatReport) -> dict[str, Any]:
    """The task's first annotation not cancelled ({} for none); any further ones are reported."""
    if len(live) > 1:
        report.add(
            "note", doc, f"{len(live) - 1} further annotation(s) of this task not imported (first kept)"
        )
    return live[0][1] if live else {}


def read_labelstudio(
    path: str, text: str, report: FormatReport, *, layers: bool = False, unit: OffsetUnit | None = None
) -> list[AnnotatedDraft]:
    """Every task as a draft with its first live annotation; with ``layers``, one draft per annotator.

    Predictions and drafts (``predictions``, ``drafts``) are not annotations and
    are never read.  With ``layers`` a task nobody annotated still gives its
    document, in no layer.  ``unit`` is what the user says the offsets count.
    """
    drafts: list[AnnotatedDraft] = []
    for line, task in iter_records(path, text):
        data = task.get("data")
        field, raw = _task_text(path, line, data)  # refuses a task whose data is not an object
        # our export names the document in data.ext_id (the task id is only a number in one project)
        ext = str(data.get("ext_id") or task.get("id", ""))
        doc = ext or f"{path}:{line}"
        anns = task.get("annotations")
        if anns is None:
            anns = task.get("completions") or []
        live = _live(path, line, anns, doc, report)
        chosen: list[tuple[str | None, Any]]
        if layers:  # a task nobody annotated still gives its document, in no layer
            chosen = [*_by_user(path, line, live, doc, report)] or [(None, {})]
        else:
            chosen = [(None, _first_live(live, doc, report))]
        meta = {k: v for k, v in data.items() if k not in (field, "ext_id")}
        try:  # our export says what it counted, as doccano's does: then nothing is guessed
            known = declared_units(data.get(OFFSETS_META))
        except ValueError as exc:
            raise ImportFileError(path, str(exc), line) from exc
        for user, ann in chosen:
            results = ann.get("result") or []
            if not isinstance(results, list):
                raise ImportFileError(path, f"annotation {ann.get('id', '')}: 'result' must be a list", line)
            spans, rels = _regions(path, line, results, doc, report)
            d = build_draft(
                path,
                line,
                raw,
                spans,
                rels,
                report,
                habit=BROWSER,
                known_units=known,
                unit=unit,
                ext_id=ext,
                meta=meta,
                keep_unit=True,
            )
            drafts.append(replace(d, annotator=user))
    if not drafts:
        raise ImportFileError(path, "no tasks")
    return drafts


def to_labelstudio(
    items: Sequence[LayerDoc], report: FormatReport, layer: str | None = None
) -> list[dict[str, Any]]:
    """Tasks with one annotation each; offsets in UTF-16 units as the browser counts them, or in what
    the file a document came from counted (``OFFSETS_META``, as ``to_doccano``).

    A span's attributes go out as per-region choices (one result per attribute,
    with the region's id and the attribute as ``from_name``), which is how a
    Label Studio config with ``perRegion`` choices stores them and how the reader
    takes them back.  The document's external id and metadata ride in ``data``,
    with the unit the offsets were written in (not the one the metadata names, which a
    span edge inside a cluster overrides), so that our reader need not guess.  ``layer``
    is named in each annotation (``LAYER``) for ``--annotator-from-file``.
    """
    tasks: list[dict[str, Any]] = []
    for it in items:
        unit, edges = exported_offsets(it, report)
        result: list[dict[str, Any]] = []
        for s, (a, b) in zip(it.spans, edges, strict=True):
            result.append(
                {
                    "id": s.id,
                    "from_name": "label",
                    "to_name": "text",
                    "type": "labels",
                    "value": {
                        "start": a,
                        "end": b,
                        "text": s.text,
                        "labels": [s.label],
                    },
                }
            )
            result.extend(
                {
                    "id": s.id,
                    "from_name": key,
                    "to_name": "text",
                    "type": "choices",
                    "value": {"choices": [value]},
                }
                for key, value in s.attributes
            )
        result.extend(
            {"from_id": r.head, "to_id": r.tail, "type": "relation", "direction": "right", "labels": [r.role]}
            for r in it.relations
        )
        data = {k: v for k, v in it.doc.meta.items() if k not in ("text", "ext_id", OFFSETS_META)}
        data.update(text=it.doc.text, ext_id=it.doc.ext_id or str(it.doc.id))
        data[OFFSETS_META] = DECLARED_UNIT[unit]
        annotation: dict[str, Any] = {"result": result}
        if layer is not None:
            annotation[LAYER] = layer
        tasks.append({"id": it.doc.id, "data": data, "annotations": [annotation]})
    return tasks
