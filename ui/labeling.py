"""The labeling controller: turns selections, hotkeys and clicks into domain Commands.

It holds the annotator's layer of the shown document (as read from the store)
and what is selected, and nothing else: every change is one Command pushed on
the undo stack, which writes it at once, after which the rows that command
wrote are re-read by id and patched into the layer, the reader and the span
list (re-reading and redrawing every span of a long article after each key
press was most of the time from key press to repaint).  Opening a document,
a conflict, or switching annotator re-read the whole layer.
Offsets here are code points; the reader converts at the Qt boundary.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left, insort
from dataclasses import dataclass
from typing import Literal

import shiboken6
from PySide6.QtCore import QObject, Signal, qWarning
from PySide6.QtGui import QUndoStack

from annotate import arabic
from annotate.commands import (
    Command,
    StatusRecord,
    add_relation,
    add_span,
    add_spans,
    combine,
    delete_relation,
    delete_span,
    relabel_span,
    set_status,
    update_span,
)
from annotate.model import (
    Document,
    Relation,
    RelationId,
    Span,
    SpanId,
    attrs,
    make_span,
    new_relation_id,
    now,
)
from annotate.schema import Role, Schema
from store import annotations as store
from store.project import Project
from ui.bars import max_depth
from ui.i18n import attribute_texts, both_names, display_name
from ui.reader import Highlight, ReaderView
from ui.undo import push

Edge = Literal["start", "end"]


def reading_key(span: Span) -> tuple[int, int, str]:
    """Reading order, as ``store.annotations.spans`` sorts: start, longer first, then id."""
    return (span.start, -span.end, span.id)


def _made_key(rel: Relation) -> tuple[str, str]:
    """Order of ``store.annotations.relations``: as made, then id."""
    return (rel.created_at, rel.id)


@dataclass(frozen=True, slots=True)
class LayerEdit:
    """What one applied command changed in the shown layer (an updated span is removed and added)."""

    removed: tuple[Span, ...]
    added: tuple[Span, ...]
    relations_changed: bool


@dataclass(frozen=True, slots=True)
class LinkMode:
    """Waiting for the tail of a relation from ``head`` in ``role``."""

    head: SpanId
    role: str
    candidates: tuple[SpanId, ...]
    index: int = -1


class LabelingController(QObject):
    """One annotator's labeling of one document at a time."""

    changed = Signal()
    """The layer changed (after an action, undo/redo, a conflict, or loading)."""
    layerLoaded = Signal()
    """The whole layer was re-read: views rebuild (emitted before ``changed``)."""
    layerEdited = Signal(object)
    """A ``LayerEdit``: views patch the rows it names (emitted before ``changed``)."""
    selectionChanged = Signal()
    """The text selection, the selected span, sticky label or link mode changed."""
    message = Signal(str)

    def __init__(
        self,
        project: Project,
        annotator: str,
        undo_stack: QUndoStack,
        reader: ReaderView,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.annotator = annotator
        # The shell owns the undo stack; a strong reference here would let the garbage
        # collector destroy a parentless stack from inside a dying pane, which crashes Qt.
        self._stack = weakref.ref(undo_stack)
        self.reader = reader
        self.schema: Schema = project.schema()
        self.doc: Document | None = None
        self.spans: list[Span] = []
        self.relations: list[Relation] = []
        self.by_id: dict[SpanId, Span] = {}
        self.selected: SpanId | None = None
        self.sticky = ""
        self.link: LinkMode | None = None
        self._hotkeys = {lab.hotkey: lab.key for lab in self.schema.labels if lab.hotkey}
        reader.hotkeys = frozenset(self._hotkeys)
        reader.tooltip_for = self.tooltip
        reader.selectionFinished.connect(self._mouse_selection)
        reader.spanClicked.connect(self._clicked)
        reader.hotkeyPressed.connect(self.hotkey)
        reader.selectionChanged.connect(self.selectionChanged)

    # -- loading -----------------------------------------------------------------------------
    def load(self, doc: Document) -> None:
        self.doc = doc
        self.selected = None
        self.link = None
        self._read()
        self.reader.set_text(doc.text, max_depth([(s.start, s.end) for s in self.spans]))
        self._show()

    def reload(self) -> None:
        """Re-read this layer from the store; the selected span stays selected if it still exists."""
        if self.doc is None:
            return
        self._read()
        self._show()

    def _read(self) -> None:
        assert self.doc is not None
        self.spans = store.spans(self.project, self.doc.id, self.annotator)
        self.relations = store.relations(self.project, self.doc.id, self.annotator)
        self.by_id = {s.id: s for s in self.spans}
        if self.selected not in self.by_id:
            self.selected = None
        if self.link is not None and self.link.head not in self.by_id:
            self.link = None

    def _show(self) -> None:
        color = self._color
        self.reader.set_highlights([Highlight(s.id, s.start, s.end, color(s.label)) for s in self.spans])
        self.reader.set_links([(r.head, r.tail) for r in self.relations])
        self.reader.set_selected(self.selected or "")
        self.layerLoaded.emit()
        self.changed.emit()
        self.selectionChanged.emit()

    def _patch(self, command: Command) -> None:
        """Re-read by id the span and relation rows ``command`` wrote in this layer; update views with them.

        The rows are read back rather than taken from the command, so the layer
        stays exactly what the store holds (time stamps filled in by the store).
        """
        assert self.doc is not None
        span_ids: dict[SpanId, None] = {}
        rel_ids: dict[RelationId, None] = {}
        for op in command.ops:
            rec = op.after if op.after is not None else op.before
            if rec is None or rec.doc_id != self.doc.id or rec.annotator != self.annotator:
                continue
            if isinstance(rec, Span):
                span_ids[rec.id] = None
            elif isinstance(rec, Relation):
                rel_ids[rec.id] = None
        removed: list[Span] = []
        added: list[Span] = []
        for sid in span_ids:
            old = self.by_id.pop(sid, None)
            if old is not None:
                del self.spans[bisect_left(self.spans, reading_key(old), key=reading_key)]
                removed.append(old)
            new = store.get_span(self.project, sid)
            if new is not None:
                insort(self.spans, new, key=reading_key)
                self.by_id[sid] = new
                added.append(new)
        for rid in rel_ids:
            self.relations = [r for r in self.relations if r.id != rid]
            rel = store.get_relation(self.project, rid)
            if rel is not None:
                insort(self.relations, rel, key=_made_key)
        if self.selected not in self.by_id:
            self.selected = None
        if self.link is not None and self.link.head not in self.by_id:
            self.link = None
        color = self._color
        self.reader.update_highlights(
            [s.id for s in removed], [Highlight(s.id, s.start, s.end, color(s.label)) for s in added]
        )
        if rel_ids:
            self.reader.set_links([(r.head, r.tail) for r in self.relations])
        self.reader.set_selected(self.selected or "")
        self.layerEdited.emit(LayerEdit(tuple(removed), tuple(added), bool(rel_ids)))
        self.changed.emit()
        self.selectionChanged.emit()

    def _color(self, label: str) -> str:
        return self.schema.label(label).color if self.schema.has_label(label) else "#808080"

    # -- selection ---------------------------------------------------------------------------
    def selection(self) -> tuple[int, int] | None:
        """The code-point range a label would be stored over: the reader's selection, snapped."""
        if self.doc is None:
            return None
        s, e = self.reader.selection_cp()
        if s >= e:
            return None
        return arabic.snap_edges(self.doc.text, s, e)

    def preview(self) -> str:
        """Exactly the string that labeling now would store (or the selected span's text)."""
        sel = self.selection()
        if sel is not None and self.doc is not None:
            return self.doc.text[sel[0] : sel[1]]
        return ""

    def _mouse_selection(self) -> None:
        sel = self.selection()
        if sel is None:
            return
        self.reader.select_cp(*sel)
        if self.sticky:
            self.label(self.sticky)
        self.selectionChanged.emit()

    def _set_selection(self, start: int, end: int) -> None:
        self.reader.select_cp(start, end)
        self.selectionChanged.emit()

    def move_edge(self, edge: Edge, delta: int) -> None:
        """Move one edge by one visible character (logical direction); snapping never undoes the step."""
        if self.doc is None:
            return
        text = self.doc.text
        sel = self.selection()
        if sel is None:
            caret = self.reader.offsets.to_cp(self.reader.textCursor().position())
            sel = (caret, caret)
        s, e = sel
        for step in range(1, 6):
            ns, ne = (s + delta * step, e) if edge == "start" else (s, e + delta * step)
            if not (0 <= ns < ne <= len(text)):
                return
            ns, ne = arabic.snap_edges(text, ns, ne)
            if (ns, ne) != (s, e):
                self._set_selection(ns, ne)
                return

    def clear_selection(self) -> None:
        cur = self.reader.textCursor()
        cur.clearSelection()
        self.reader.setTextCursor(cur)
        self.selectionChanged.emit()

    def _reshape(self, op: str) -> None:
        """Strip / expand / trim the text selection, or else the selected span's edges."""
        if self.doc is None:
            return
        text = self.doc.text
        sel = self.selection()
        span = self.by_id.get(self.selected) if self.selected else None
        if sel is None and span is None:
            self.message.emit(self.tr("Select text or a span first"))
            return
        s, e = sel if sel is not None else (span.start, span.end)  # type: ignore[union-attr]
        if op == "strip":
            ns, ne = arabic.strip_proclitics(text, s, e)
        elif op == "strip_article":
            ns, ne = arabic.strip_proclitics(text, s, e, strip_article=True)
        elif op == "expand":
            ns, ne = arabic.expand_to_word(text, s, e)
        else:
            ns, ne = arabic.trim(text, s, e)
        if (ns, ne) == (s, e):
            self.message.emit(self.tr("Nothing to change"))
            return
        if sel is not None:
            self._set_selection(ns, ne)
        elif span is not None:
            after = span.with_(start=ns, end=ne, text=text[ns:ne], updated_at=now())
            self._push(update_span(span, after, f"{op} {span.label}"))

    def strip_proclitic(self) -> None:
        self._reshape("strip")

    def strip_with_article(self) -> None:
        self._reshape("strip_article")

    def expand_to_word(self) -> None:
        self._reshape("expand")

    def trim(self) -> None:
        self._reshape("trim")

    # -- spans -------------------------------------------------------------------------------
    def hotkey(self, key: str) -> None:
        label = self._hotkeys.get(key)
        if label:
            self.label(label)

    def label(self, label_key: str) -> None:
        """Label the selection (a new span), or else relabel the selected span."""
        if self.doc is None or not self.schema.has_label(label_key):
            return
        sel = self.selection()
        if sel is not None:
            self._add(label_key, *sel)
        elif self.selected:
            self.change_label(label_key)
        else:
            self.message.emit(self.tr("Select text first (drag, double-click or Shift+Arrow)"))

    def _add(self, label_key: str, start: int, end: int) -> None:
        assert self.doc is not None
        if any(s.start == start and s.end == end and s.label == label_key for s in self.spans):
            self.message.emit(self.tr("That span already has this label"))
            return
        defaults = {a.key: a.default for a in self.schema.attributes_for(label_key) if a.default}
        span = make_span(self.doc, self.annotator, start, end, label_key, defaults)
        self.selected = span.id
        if self._push(self._with_status(add_span(span))):
            self.clear_selection()

    def _with_status(self, command: Command) -> Command:
        """The first span of a "new" document also marks it in progress, in the same command."""
        assert self.doc is not None
        rec = store.status(self.project, self.doc.id, self.annotator)
        if rec is not None and rec.status != "new":
            return command
        started = set_status(rec, StatusRecord(self.doc.id, self.annotator, "in_progress"))
        return combine(command.name, [command, started])

    def occurrences(self, query: str, label_key: str) -> list[tuple[int, int]]:
        """Where ``query`` occurs as a whole word (Arabic folded), minus ranges already so labelled."""
        from annotate.search import find_all

        if self.doc is None or not query.strip():
            return []
        taken = {(s.start, s.end) for s in self.spans if s.label == label_key}
        out = []
        for hit_start, hit_end in find_all(self.doc.text, query, folded=True, whole_word=True):
            start, end = arabic.snap_edges(self.doc.text, hit_start, hit_end)
            if (start, end) not in taken:
                out.append((start, end))
        return sorted(set(out))

    def add_many(self, label_key: str, ranges: list[tuple[int, int]]) -> bool:
        """Label every range in ONE command, so one undo takes them all back."""
        if self.doc is None or not ranges or not self.schema.has_label(label_key):
            return False
        defaults = {a.key: a.default for a in self.schema.attributes_for(label_key) if a.default}
        new = [make_span(self.doc, self.annotator, s, e, label_key, defaults) for s, e in ranges]
        return self._push(self._with_status(add_spans(new, f"annotate {len(new)} × {label_key}")))

    def change_label(self, label_key: str) -> None:
        span = self.by_id.get(self.selected) if self.selected else None
        if span is None or span.label == label_key:
            return
        allowed = {a.key for a in self.schema.attributes_for(label_key)}
        kept = {k: v for k, v in span.attrs.items() if k in allowed}
        after = span.with_(label=label_key, attributes=attrs(kept), updated_at=now())
        broken = self.schema.links_broken(
            span.id, label_key, self.relations, {s.id: s.label for s in self.spans}
        )
        if self._push(relabel_span(span, after, broken)) and broken:
            self.message.emit(
                self.tr("{n} link(s) the new label cannot hold were removed; Ctrl+Z brings them back").format(
                    n=len(broken)
                )
            )

    def set_attributes(self, values: dict[str, str]) -> None:
        span = self.by_id.get(self.selected) if self.selected else None
        if span is None:
            return
        after = span.with_(attributes=attrs({k: v for k, v in values.items() if v}), updated_at=now())
        if after.attributes != span.attributes:
            self._push(update_span(span, after, f"edit {span.label} attributes"))

    def delete_selected(self) -> None:
        span = self.by_id.get(self.selected) if self.selected else None
        if span is None:
            self.message.emit(self.tr("Select a span to delete (click it, or Ctrl+Down to it)"))
            return
        self._push(delete_span(span, self.relations))

    def delete_relation(self, rel_id: RelationId) -> None:
        rel = next((r for r in self.relations if r.id == rel_id), None)
        if rel is not None:
            self._push(delete_relation(rel))

    def select_span(self, span_id: SpanId | None, scroll: bool = False) -> None:
        self.selected = span_id if span_id in self.by_id else None
        self.reader.set_selected(self.selected or "")
        if scroll and self.selected:
            span = self.by_id[self.selected]
            self.reader.scroll_to_cp(span.start, span.start)
        self.selectionChanged.emit()

    def step(self, delta: int) -> None:
        """Select the next/previous span in reading order (or link candidate in link mode)."""
        if self.link is not None:
            cands = self.link.candidates
            if not cands:
                return
            idx = (self.link.index + delta) % len(cands)
            self.link = LinkMode(self.link.head, self.link.role, cands, idx)
            self.reader.set_selected(cands[idx])
            span = self.by_id[cands[idx]]
            self.reader.scroll_to_cp(span.start, span.start)
            self.selectionChanged.emit()
            return
        if not self.spans:
            return
        ids = [s.id for s in self.spans]
        idx = ids.index(self.selected) + delta if self.selected in ids else (0 if delta > 0 else -1)
        self.select_span(ids[idx % len(ids)], scroll=True)

    def _clicked(self, key: str) -> None:
        if self.link is not None:
            if key:
                self.finish_link(SpanId(key))
            return
        self.select_span(SpanId(key) if key else None)

    # -- relations ---------------------------------------------------------------------------
    def roles_for_selected(self) -> list[Role]:
        """Roles whose head may be the selected span (the tail decides among them later)."""
        span = self.by_id.get(self.selected) if self.selected else None
        if span is None or not self.schema.has_label(span.label):
            return []
        kind = self.schema.label(span.label).kind
        return [r for r in self.schema.roles if kind in r.head_kinds]

    def start_link(self, role_key: str) -> None:
        span = self.by_id.get(self.selected) if self.selected else None
        if span is None:
            self.message.emit(self.tr("Select an event span first"))
            return
        role = self.schema.role(role_key)
        if role not in self.roles_for_selected():
            self.message.emit(
                self.tr("A {label} span cannot take the role {role}").format(
                    label=self.label_name(span.label), role=display_name(role)
                )
            )
            return
        cands = tuple(
            s.id
            for s in self.spans
            if s.id != span.id
            and self.schema.has_label(s.label)
            and role in self.schema.roles_between(span.label, s.label)
        )
        if not cands:
            self.message.emit(
                self.tr("No span here can be the {role} of this event").format(role=display_name(role))
            )
            return
        self.link = LinkMode(span.id, role_key, cands)
        self.message.emit(
            self.tr("{role}: click a span, or Ctrl+Down to it and press Enter; Esc cancels").format(
                role=display_name(role)
            )
        )
        self.selectionChanged.emit()

    def finish_link(self, tail: SpanId | None = None) -> None:
        """Link the head to ``tail`` (or to the candidate chosen with Ctrl+Down/Up)."""
        mode = self.link
        if mode is None or self.doc is None:
            return
        if tail is None:
            if mode.index < 0:
                self.message.emit(self.tr("Ctrl+Down to a span first, or click one"))
                return
            tail = mode.candidates[mode.index]
        head, other = self.by_id[mode.head], self.by_id.get(tail)
        allowed = other is not None and mode.role in {
            r.key for r in self.schema.roles_between(head.label, other.label)
        }
        if other is None or not allowed:
            self.message.emit(
                self.tr("That span cannot be the {role} of this event").format(role=self.role_name(mode.role))
            )
            return
        if any(r.head == head.id and r.tail == tail and r.role == mode.role for r in self.relations):
            self.message.emit(self.tr("That link exists already"))
            self.cancel()
            return
        rel = Relation(new_relation_id(), self.doc.id, self.annotator, head.id, tail, mode.role, now())
        self.link = None
        self.selected = head.id
        if self._push(add_relation(rel)):
            linked = self.tr("Linked as {role}: {text}")
            self.message.emit(linked.format(role=self.role_name(mode.role), text=f"{other.text}\u200e"))

    def cancel(self) -> None:
        """Esc: leave link mode, else sticky mode, else drop the selection."""
        if self.link is not None:
            self.link = None
            self.reader.set_selected(self.selected or "")
        elif self.sticky:
            self.sticky = ""
        elif self.selection() is not None:
            self.clear_selection()
        else:
            self.select_span(None)
        self.selectionChanged.emit()

    def set_sticky(self, label_key: str) -> None:
        self.sticky = label_key if self.schema.has_label(label_key) else ""
        self.selectionChanged.emit()

    # -- hover -------------------------------------------------------------------------------
    def label_name(self, key: str) -> str:
        """A label's schema name in the interface language (the key of a label the schema lacks)."""
        return display_name(self.schema.label(key)) if self.schema.has_label(key) else key

    def role_name(self, key: str) -> str:
        """A role's schema name in the interface language (the key of a role the schema lacks)."""
        return next((display_name(r) for r in self.schema.roles if r.key == key), key)

    def link_text(self, relation: Relation, seen_from: SpanId) -> str:
        """One link as the span list and tooltips show it: the role and the other span's text."""
        if seen_from == relation.head:
            other = self.by_id[relation.tail].text
            return f"{self.role_name(relation.role)}: {other}\u200e"
        other = self.by_id[relation.head].text
        return self.tr("{role} of: {text}").format(role=self.role_name(relation.role), text=f"{other}\u200e")

    def attribute_texts(self, span: Span) -> list[tuple[str, str]]:
        """(name, value) of the span's attributes in the interface language; the span itself holds keys."""
        return attribute_texts(self.schema, span.label, span.attributes)

    def describe(self, span: Span) -> str:
        lab = self.schema.label(span.label) if self.schema.has_label(span.label) else None
        name = both_names(lab, " — ") if lab is not None else span.label
        lines = [f"<b>{_esc(name)}</b>", _esc(span.text)]
        lines += [f"{_esc(k)} = {_esc(v)}" for k, v in self.attribute_texts(span)]
        for r in self.relations:
            if span.id in (r.head, r.tail) and r.head in self.by_id and r.tail in self.by_id:
                lines.append(_esc(self.link_text(r, span.id)))
        return "<br>".join(lines)

    def tooltip(self, keys: list[str]) -> str:
        return "<hr>".join(self.describe(self.by_id[SpanId(k)]) for k in keys if SpanId(k) in self.by_id)

    # -- writing -----------------------------------------------------------------------------
    def _push(self, command: Command) -> bool:
        stack = self._stack()
        if stack is None:  # a programming error in the caller: say so loudly, write nothing
            qWarning("LabelingController: the undo stack was destroyed; keep a reference to it")
            self.message.emit(self.tr("The undo history is gone; nothing was written"))
            return False
        return push(stack, self.project, command, self.annotator, self._applied, self._failed)

    def _alive(self) -> bool:
        """The shell's undo stack may outlive this pane; a closed pane has nothing to refresh."""
        return shiboken6.isValid(self) and shiboken6.isValid(self.reader)

    def _applied(self, command: Command) -> None:
        if self._alive() and self.doc is not None and self.doc.id in command.doc_ids:
            self._patch(command)

    def _failed(self, command: Command, why: str) -> None:
        if self._alive():
            self.message.emit(why)
            self.reload()


def _esc(text: str) -> str:
    """Tooltips are rich text; article text must show as characters, never as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
