"""The label schema: labels, relation roles and attributes, read from a JSON file.

A schema file is written by a project lead by hand, so loading it checks
everything and reports every problem at once (with the JSON path of each),
rather than stopping at the first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from annotate.model import Relation

LabelKind = Literal["event", "actor", "entity"]
LABEL_KINDS: tuple[LabelKind, ...] = ("event", "actor", "entity")
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_HOTKEY_RE = re.compile(r"^(?:[a-z0-9]|shift\+[a-z0-9])$")
# What a tag may hold: CoNLL separates columns by whitespace; brat's annotation.conf and E lines use : | = , < >.
_TAG_RE = re.compile(r'^[^\s:|=,<>"]+$')
_TOP_FIELDS = frozenset({"name", "labels", "roles", "attributes"})
_LABEL_FIELDS = frozenset(
    {"key", "kind", "name_en", "name_ar", "color", "hotkey", "parent", "acled", "description", "tag"}
)
_ACLED_FIELDS = frozenset({"event_type", "sub_event_type"})
_ROLE_FIELDS = frozenset({"key", "name_en", "name_ar", "head_kinds", "tail_kinds", "description", "tag"})
_ATTR_FIELDS = frozenset(
    {
        "key",
        "name_en",
        "name_ar",
        "applies_to",
        "values",
        "value_names_ar",
        "value_names_en",
        "default",
        "description",
    }
)


@dataclass(frozen=True, slots=True)
class Label:
    key: str
    kind: LabelKind
    name_en: str
    name_ar: str
    color: str
    hotkey: str = ""
    parent: str = ""
    acled_event: str = ""
    acled_sub_event: str = ""
    description: str = ""
    tag: str = ""
    """The name exports write instead of the key: a tag set's own spelling (PERS, شخص), which a key,
    lower-case ASCII, cannot hold.  A label added from an imported file keeps the file's name here,
    so a CoNLL file read with PERS is written with PERS again.  Empty: the key."""

    @property
    def export_name(self) -> str:
        return self.tag or self.key


@dataclass(frozen=True, slots=True)
class Role:
    key: str
    name_en: str
    name_ar: str
    head_kinds: tuple[LabelKind, ...]
    tail_kinds: tuple[LabelKind, ...]
    description: str = ""
    tag: str = ""
    """As ``Label.tag``: the name exports write for this role (brat's ``Attacker``), empty for the key."""

    @property
    def export_name(self) -> str:
        return self.tag or self.key

    def allows(self, head: Label, tail: Label) -> bool:
        return head.kind in self.head_kinds and tail.kind in self.tail_kinds


@dataclass(frozen=True, slots=True)
class Attribute:
    key: str
    name_en: str
    name_ar: str
    applies_to: tuple[LabelKind, ...]
    values: tuple[str, ...] = ()
    """Allowed values; empty means free text."""
    default: str = ""
    description: str = ""
    value_names_ar: tuple[tuple[str, str], ...] = ()
    """Arabic names of some allowed values, as (value, name) in the order of ``values``.

    Only for showing a value to a person: a span stores, compares and exports the value key
    itself, so a name can be reworded in the schema without touching one annotation.  A tuple,
    not a dict, keeps the attribute hashable and its equality independent of the file's order.
    """
    value_names_en: tuple[tuple[str, str], ...] = ()
    """English names of some allowed values, as ``value_names_ar``: a key such as ``did_not_happen``
    is an identifier, not what an English reader should see."""

    def value_name(self, value: str, language: str) -> str:
        """How ``value`` reads in interface ``language`` ("ar" or "en"): its name there when the schema gives one.

        Otherwise the key itself, also for a value the schema does not (or no longer) list, so
        what a span holds is always shown rather than hidden behind a blank.
        """
        for key, name in self.value_names_ar if language == "ar" else self.value_names_en:
            if key == value:
                return name
        return value


@dataclass(frozen=True, slots=True)
class Schema:
    name: str
    labels: tuple[Label, ...]
    roles: tuple[Role, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    _by_key: Mapping[str, Label] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {lab.key: lab for lab in self.labels})

    def label(self, key: str) -> Label:
        return self._by_key[key]

    def has_label(self, key: str) -> bool:
        return key in self._by_key

    def role(self, key: str) -> Role:
        for r in self.roles:
            if r.key == key:
                return r
        raise KeyError(key)

    def roles_between(self, head: str, tail: str) -> list[Role]:
        h, t = self.label(head), self.label(tail)
        return [r for r in self.roles if r.allows(h, t)]

    def links_broken(
        self, span_id: str, label_key: str, relations: Sequence[Relation], label_of: Mapping[str, str]
    ) -> list[Relation]:
        """The relations of ``span_id`` whose role no longer allows their ends once it is labelled
        ``label_key`` (``label_of``: span id -> label).  A label or role the schema lacks (brought by an
        import) is not judged."""
        out = []
        for r in relations:
            if span_id not in (r.head, r.tail):
                continue
            head = label_key if r.head == span_id else label_of.get(r.head, "")
            tail = label_key if r.tail == span_id else label_of.get(r.tail, "")
            if not (
                self.has_label(head) and self.has_label(tail) and any(x.key == r.role for x in self.roles)
            ):
                continue
            if all(role.key != r.role for role in self.roles_between(head, tail)):
                out.append(r)
        return out

    def attributes_for(self, label_key: str) -> list[Attribute]:
        kind = self.label(label_key).kind
        return [a for a in self.attributes if kind in a.applies_to]

    def labels_of(self, kind: LabelKind) -> list[Label]:
        return [lab for lab in self.labels if lab.kind == kind]

    def export_names(self) -> tuple[dict[str, str], dict[str, str]]:
        """The labels and roles an export writes under a tag rather than their key: key -> tag of each."""
        return (
            {lab.key: lab.tag for lab in self.labels if lab.tag},
            {r.key: r.tag for r in self.roles if r.tag},
        )

    def as_exported(self) -> Schema:
        """This schema with every label and role keyed by the name exports write (``tag`` or key).

        Writers that look labels up in the schema (brat's ``annotation.conf``, the
        CSV's columns) then see the same names as the spans handed to them.
        """
        labels, roles = self.export_names()
        if not labels and not roles:
            return self
        return Schema(
            self.name,
            tuple(
                replace(lab, key=lab.export_name, parent=labels.get(lab.parent, lab.parent), tag="")
                for lab in self.labels
            ),
            tuple(replace(r, key=r.export_name, tag="") for r in self.roles),
            self.attributes,
        )

    def attribute_mismatch(self, key: str, value: str) -> str | None:
        """Why an attribute value read from a file is not one this schema offers, or None if it is.

        Imports keep such values (a foreign tool's Negation, a value since renamed) rather than
        lose annotation, but say so: the attribute editor cannot offer them.
        """
        for a in self.attributes:
            if a.key == key:
                if a.values and value not in a.values:
                    return f"{key}={value!r}: not one of {', '.join(a.values)}"
                return None
        return f"{key}={value!r}: the schema has no attribute {key!r}"


def is_tag(name: str) -> bool:
    """True when ``name`` can stand as a label or role in every export format (``Label.tag``)."""
    return _TAG_RE.match(name) is not None


def _tag_problems(items: Sequence[Label] | Sequence[Role], what: str) -> list[str]:
    """Each tag well formed, and no two labels (or roles) written under the same name."""
    problems: list[str] = []
    written: dict[str, tuple[str, bool]] = {}  # name -> where, and whether it is a tag
    for i, item in enumerate(items):
        where = f"{what}[{i}].tag"
        if item.tag and not is_tag(item.tag):
            problems.append(f'{where}: {item.tag!r} must hold no whitespace and none of : | = , < > "')
        name = item.export_name
        if name in written and (item.tag or written[name][1]):  # two equal keys are reported as such
            problems.append(
                f"{where}: exports would write {name!r} for {written[name][0]} and for {what}[{i}]"
            )
        written.setdefault(name, (f"{what}[{i}]", bool(item.tag)))
    return problems


class SchemaError(ValueError):
    """A schema file or change with every problem found, one per line."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = list(problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s) in schema:\n" + "\n".join(self.problems))


def _str(d: Mapping[str, Any], key: str, where: str, problems: list[str], required: bool = True) -> str:
    v = d.get(key, "")
    if v is None:
        v = ""
    if not isinstance(v, str):
        problems.append(f"{where}.{key}: must be a string, got {type(v).__name__}")
        return ""
    if required and not v.strip():
        problems.append(f"{where}.{key}: is required")
    return v


def _unknown_fields(d: Mapping[str, Any], known: frozenset[str], where: str, problems: list[str]) -> None:
    """A mistyped field name (``colour``, ``hotky``) would otherwise be dropped without a word.

    Fields starting with ``_`` are left alone so a lead can keep notes (``"_comment"``) in the file.
    """
    for name in d:
        if name not in known and not str(name).startswith("_"):
            problems.append(f"{where}.{name}: unknown field; expected one of {', '.join(sorted(known))}")


def _parent_problems(labels: Sequence[Label]) -> list[str]:
    """A parent must exist, be of the same kind, and not lead back to the label itself."""
    problems: list[str] = []
    by_key = {lab.key: lab for lab in labels if lab.key}
    for i, lab in enumerate(labels):
        if not lab.parent:
            continue
        where = f"labels[{i}].parent"
        if lab.parent == lab.key:
            problems.append(f"{where}: a label cannot be its own parent")
            continue
        parent = by_key.get(lab.parent)
        if parent is None:
            problems.append(f"{where}: {lab.parent!r} is not a label key")
            continue
        if parent.kind != lab.kind:
            problems.append(
                f"{where}: {lab.parent!r} is an {parent.kind} label, {lab.key!r} is an {lab.kind} label"
            )
        seen = {lab.key}
        cur: Label | None = parent
        while cur is not None and cur.parent:
            if cur.parent in seen or cur.parent == cur.key:
                problems.append(f"{where}: parents of {lab.key!r} form a cycle")
                break
            seen.add(cur.key)
            cur = by_key.get(cur.parent)
    return problems


def _kinds(d: Mapping[str, Any], key: str, where: str, problems: list[str]) -> tuple[LabelKind, ...]:
    v = d.get(key)
    if not isinstance(v, list) or not v:
        problems.append(f"{where}.{key}: must be a non-empty list of {', '.join(LABEL_KINDS)}")
        return ()
    bad = [k for k in v if k not in LABEL_KINDS]
    if bad:
        problems.append(f"{where}.{key}: unknown kind(s) {bad}; use {', '.join(LABEL_KINDS)}")
    return tuple(k for k in v if k in LABEL_KINDS)


def _value_names(
    raw: Mapping[str, Any],
    key: str,
    values: Sequence[str],
    where: str,
    problems: list[str],
    language: Literal["ar", "en"],
) -> tuple[tuple[str, str], ...]:
    """The optional ``value_names_ar`` or ``value_names_en`` object: names only for listed values, each
    non-empty and distinct.

    A name for a value the attribute does not list would never be shown (a typo such as
    ``"confimed"`` would leave the real value without a word), and two values with
    one name could not be told apart in the editor, so both are refused.
    """
    field = f"value_names_{language}"
    names = raw.get(field, {})
    where = f"{where}.{field}"
    if names is None:
        return ()
    if not isinstance(names, dict):
        problems.append(
            f"{where}: must be an object mapping a value to its {'Arabic' if language == 'ar' else 'English'} name"
        )
        return ()
    if names and not values:
        if not raw.get("values"):  # a broken values list is reported already, not as free text
            problems.append(f"{where}: {key!r} is free text (no values), so it has no values to name")
        return ()
    by_name: dict[str, str] = {}
    good: dict[str, str] = {}
    for value, name in names.items():
        if value not in values:
            problems.append(
                f"{where}.{value}: {value!r} is not one of the values of {key!r}: {', '.join(values)}"
            )
        elif not isinstance(name, str) or not name.strip():
            problems.append(f"{where}.{value}: must be a non-empty string")
        elif name in by_name:
            problems.append(f"{where}.{value}: {name!r} already names {by_name[name]!r}; names must differ")
        else:
            by_name[name] = value
            good[value] = name
    return ordered_value_names(values, good)


def ordered_value_names(values: Sequence[str], names: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """``Attribute.value_names_ar`` or ``value_names_en`` from a value -> name mapping, in the order of ``values``.

    The store and the file reader both build it through here, so equal schemas compare equal
    whatever order the names were written in.
    """
    return tuple((v, names[v]) for v in values if v in names)


def schema_from_dict(data: object, source: str = "<schema>") -> Schema:
    """Validate and build a schema; raise SchemaError listing every problem found."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise SchemaError(source, ["top level: must be a JSON object with labels, roles, attributes"])
    _unknown_fields(data, _TOP_FIELDS, "top level", problems)
    name = data.get("name") or "schema"
    if not isinstance(name, str):
        problems.append(f"name: must be a string, got {type(name).__name__}")
        name = "schema"
    raw_labels = data.get("labels")
    if not isinstance(raw_labels, list) or not raw_labels:
        problems.append("labels: must be a non-empty list")
        raw_labels = []
    labels: list[Label] = []
    seen_keys: dict[str, str] = {}
    seen_hotkeys: dict[str, str] = {}
    for i, raw in enumerate(raw_labels):
        where = f"labels[{i}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: must be an object")
            continue
        _unknown_fields(raw, _LABEL_FIELDS, where, problems)
        key = _str(raw, "key", where, problems)
        if key and not _KEY_RE.match(key):
            problems.append(f"{where}.key: {key!r} must be lower-case ascii letters, digits and _")
        if key and key in seen_keys:
            problems.append(f"{where}.key: {key!r} is already used by {seen_keys[key]}")
        if key:
            seen_keys.setdefault(key, where)
        kind = raw.get("kind")
        if kind not in LABEL_KINDS:
            problems.append(f"{where}.kind: {kind!r} must be one of {', '.join(LABEL_KINDS)}")
        color = _str(raw, "color", where, problems)
        if color and not _COLOR_RE.match(color):
            problems.append(f"{where}.color: {color!r} must look like #rrggbb")
        hotkey = _str(raw, "hotkey", where, problems, required=False).lower()
        if hotkey:
            if not _HOTKEY_RE.match(hotkey):
                problems.append(f"{where}.hotkey: {hotkey!r} must be one letter or digit, optionally shift+")
            elif hotkey in seen_hotkeys:
                problems.append(f"{where}.hotkey: {hotkey!r} is already used by {seen_hotkeys[hotkey]}")
            seen_hotkeys.setdefault(hotkey, where)
        acled = raw.get("acled") or {}
        if not isinstance(acled, dict):
            problems.append(f"{where}.acled: must be an object with event_type and sub_event_type")
            acled = {}
        _unknown_fields(acled, _ACLED_FIELDS, f"{where}.acled", problems)
        if acled.get("sub_event_type") and not acled.get("event_type"):
            problems.append(f"{where}.acled.event_type: is required when sub_event_type is given")
        labels.append(
            Label(
                key=key,
                kind=kind if kind in LABEL_KINDS else "entity",
                name_en=_str(raw, "name_en", where, problems),
                name_ar=_str(raw, "name_ar", where, problems),
                color=color,
                hotkey=hotkey,
                parent=_str(raw, "parent", where, problems, required=False),
                acled_event=_str(acled, "event_type", f"{where}.acled", problems, required=False),
                acled_sub_event=_str(acled, "sub_event_type", f"{where}.acled", problems, required=False),
                description=_str(raw, "description", where, problems, required=False),
                tag=_str(raw, "tag", where, problems, required=False),
            )
        )
    problems.extend(_parent_problems(labels))
    problems.extend(_tag_problems(labels, "labels"))

    roles: list[Role] = []
    raw_roles = data.get("roles", [])
    if not isinstance(raw_roles, list):
        problems.append("roles: must be a list")
        raw_roles = []
    role_keys: set[str] = set()
    for i, raw in enumerate(raw_roles):
        where = f"roles[{i}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: must be an object")
            continue
        _unknown_fields(raw, _ROLE_FIELDS, where, problems)
        key = _str(raw, "key", where, problems)
        if key and not _KEY_RE.match(key):
            problems.append(f"{where}.key: {key!r} must be lower-case ascii letters, digits and _")
        if key and key in role_keys:
            problems.append(f"{where}.key: {key!r} is used twice")
        role_keys.add(key)
        roles.append(
            Role(
                key=key,
                name_en=_str(raw, "name_en", where, problems),
                name_ar=_str(raw, "name_ar", where, problems),
                head_kinds=_kinds(raw, "head_kinds", where, problems),
                tail_kinds=_kinds(raw, "tail_kinds", where, problems),
                description=_str(raw, "description", where, problems, required=False),
                tag=_str(raw, "tag", where, problems, required=False),
            )
        )
    problems.extend(_tag_problems(roles, "roles"))

    attributes: list[Attribute] = []
    raw_attrs = data.get("attributes", [])
    if not isinstance(raw_attrs, list):
        problems.append("attributes: must be a list")
        raw_attrs = []
    attr_keys: set[str] = set()
    for i, raw in enumerate(raw_attrs):
        where = f"attributes[{i}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: must be an object")
            continue
        _unknown_fields(raw, _ATTR_FIELDS, where, problems)
        key = _str(raw, "key", where, problems)
        if key and not _KEY_RE.match(key):
            problems.append(f"{where}.key: {key!r} must be lower-case ascii letters, digits and _")
        if key and key in attr_keys:
            problems.append(f"{where}.key: {key!r} is used twice")
        attr_keys.add(key)
        values = raw.get("values", [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            problems.append(f"{where}.values: must be a list of non-empty strings (empty list = free text)")
            values = []
        if len(set(values)) != len(values):
            problems.append(f"{where}.values: a value is listed twice")
        default = _str(raw, "default", where, problems, required=False)
        if default and values and default not in values:
            problems.append(f"{where}.default: {default!r} is not one of {values}")
        value_names_ar = _value_names(raw, key, values, where, problems, "ar")
        value_names_en = _value_names(raw, key, values, where, problems, "en")
        attributes.append(
            Attribute(
                key=key,
                name_en=_str(raw, "name_en", where, problems),
                name_ar=_str(raw, "name_ar", where, problems),
                applies_to=_kinds(raw, "applies_to", where, problems),
                values=tuple(values),
                default=default,
                description=_str(raw, "description", where, problems, required=False),
                value_names_ar=value_names_ar,
                value_names_en=value_names_en,
            )
        )
    if problems:
        raise SchemaError(source, problems)
    return Schema(name=name, labels=tuple(labels), roles=tuple(roles), attributes=tuple(attributes))


def schema_to_dict(schema: Schema) -> dict[str, Any]:
    """The inverse of ``schema_from_dict``: what ``schema --dump`` writes."""

    def label(lab: Label) -> dict[str, Any]:
        d: dict[str, Any] = {
            "key": lab.key,
            "kind": lab.kind,
            "name_en": lab.name_en,
            "name_ar": lab.name_ar,
            "color": lab.color,
            "hotkey": lab.hotkey,
            "parent": lab.parent,
            "description": lab.description,
        }
        if lab.acled_event or lab.acled_sub_event:
            d["acled"] = {"event_type": lab.acled_event, "sub_event_type": lab.acled_sub_event}
        if lab.tag:
            d["tag"] = lab.tag
        return d

    def role(r: Role) -> dict[str, Any]:
        d: dict[str, Any] = {
            "key": r.key,
            "name_en": r.name_en,
            "name_ar": r.name_ar,
            "head_kinds": list(r.head_kinds),
            "tail_kinds": list(r.tail_kinds),
            "description": r.description,
        }
        if r.tag:
            d["tag"] = r.tag
        return d

    return {
        "name": schema.name,
        "labels": [label(lab) for lab in schema.labels],
        "roles": [role(r) for r in schema.roles],
        "attributes": [
            {
                "key": a.key,
                "name_en": a.name_en,
                "name_ar": a.name_ar,
                "applies_to": list(a.applies_to),
                "values": list(a.values),
                "value_names_ar": dict(a.value_names_ar),
                "value_names_en": dict(a.value_names_en),
                "default": a.default,
                "description": a.description,
            }
            for a in schema.attributes
        ],
    }


def load_schema(path: str | Path) -> Schema:
    """Read and validate a schema file; JSON syntax errors name the line and column.

    A field written twice in one object is reported too: JSON keeps the last one
    silently, so an edit in the first copy would seem to do nothing.
    """
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(str(p), [f"cannot read: {exc}"]) from exc
    duplicates: list[str] = []

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for name, value in pairs:
            if name in obj:
                owner = obj.get("key") if isinstance(obj.get("key"), str) else None
                place = f"object with key {owner!r}" if owner else "an object"
                duplicates.append(f"{place}: field {name!r} is written twice; the last one would win")
            obj[name] = value
        return obj

    try:
        data = json.loads(raw, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise SchemaError(str(p), [f"line {exc.lineno}, column {exc.colno}: {exc.msg}"]) from exc
    try:
        schema = schema_from_dict(data, str(p))
    except SchemaError as exc:
        raise SchemaError(str(p), [*duplicates, *exc.problems]) from None
    if duplicates:
        raise SchemaError(str(p), duplicates)
    return schema


def default_schema_path() -> Path:
    return Path(__file__).resolve().parent.parent / "resources" / "default_schema.json"


def default_schema() -> Schema:
    return load_schema(default_schema_path())
