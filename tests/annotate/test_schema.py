"""The default schema's content, and the validator a lead relies on when editing a schema by hand."""

from __future__ import annotations

import itertools
import json
import math
import re
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.schema import (
    LABEL_KINDS,
    Label,
    SchemaError,
    default_schema,
    default_schema_path,
    load_schema,
    schema_from_dict,
    schema_to_dict,
)

# ACLED codebook: event type -> sub-event types (see ../shared/domain.md).
ACLED = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}
ACLED_ACTOR_TYPES = [
    "State forces",
    "Rebel groups",
    "Political militias",
    "Identity militias",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
]
ARABIC = re.compile(r"[\u0621-\u064A]")


@pytest.fixture(scope="module")
def schema():
    return default_schema()


def _by_key(schema) -> dict[str, Label]:
    return {lab.key: lab for lab in schema.labels}


# --- the default schema ---------------------------------------------------------------------------------


def test_default_schema_file_is_in_resources_and_loads(schema):
    assert default_schema_path().name == "default_schema.json"
    assert default_schema_path().parent.name == "resources"
    assert {lab.kind for lab in schema.labels} == set(LABEL_KINDS)
    assert len(schema.labels) == len(_by_key(schema))


def test_default_schema_file_is_utf8_with_arabic_written_as_characters():
    raw = default_schema_path().read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    assert "اعتقال".encode() in raw, "Arabic should be readable in the file, not \\u escapes"


@pytest.mark.parametrize(
    ("key", "event_type", "sub_event_type"),
    [
        ("armed_clash", "Battles", "Armed clash"),
        ("air_strike", "Explosions/Remote violence", "Air/drone strike"),
        ("shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ("ied", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ("attack_civilians", "Violence against civilians", "Attack"),
        ("abduction", "Violence against civilians", "Abduction/forced disappearance"),
        ("arrest", "Strategic developments", "Arrests"),
        ("raid", "Strategic developments", "Other"),
        ("checkpoint", "Strategic developments", "Other"),
        ("curfew", "Strategic developments", "Other"),
        ("looting", "Strategic developments", "Looting/property destruction"),
        ("peaceful_protest", "Protests", "Peaceful protest"),
        ("agreement", "Strategic developments", "Agreement"),
        ("hq_established", "Strategic developments", "Headquarters or base established"),
        ("reinforcements", "Strategic developments", "Other"),
        ("smuggling", "Strategic developments", "Other"),
        ("infiltration", "Strategic developments", "Other"),
        # Ours, mapped as domain.md says: "Assassination and defection ... (Attack; Change to group/activity)".
        ("assassination", "Violence against civilians", "Attack"),
        ("defection", "Strategic developments", "Change to group/activity"),
        ("joining", "Strategic developments", "Change to group/activity"),
    ],
)
def test_event_label_maps_to_its_acled_sub_event(schema, key, event_type, sub_event_type):
    lab = schema.label(key)
    assert lab.kind == "event"
    assert (lab.acled_event, lab.acled_sub_event) == (event_type, sub_event_type)


def test_killing_is_an_event_with_no_acled_sub_event_because_acled_counts_deaths_as_fatalities(schema):
    lab = schema.label("killing")
    assert lab.kind == "event"
    assert (lab.acled_event, lab.acled_sub_event) == ("", "")
    assert "fatalities" in lab.description


def test_every_acled_mapping_names_a_real_codebook_pair(schema):
    for lab in schema.labels:
        if lab.acled_event or lab.acled_sub_event:
            assert lab.kind == "event", lab.key
            assert lab.acled_sub_event in ACLED[lab.acled_event], lab.key


def test_actor_labels_are_exactly_the_eight_acled_actor_types_on_keys_1_to_8(schema):
    actors = schema.labels_of("actor")
    assert [lab.name_en.casefold() for lab in actors] == [t.casefold() for t in ACLED_ACTOR_TYPES]
    # ACLED's interaction codes number the actor types 1..8 in this order: the hotkey is the code.
    assert [lab.hotkey for lab in actors] == [str(i) for i in range(1, 9)]


def test_entity_labels_cover_place_date_count_person_organisation(schema):
    keys = {lab.key for lab in schema.labels_of("entity")}
    assert {"place", "date", "count", "person", "organisation"} <= keys


def test_every_hotkey_is_a_physical_key_and_unique_across_the_schema(schema):
    hotkeys = [lab.hotkey for lab in schema.labels]
    assert all(hotkeys), [lab.key for lab in schema.labels if not lab.hotkey]
    assert len(set(hotkeys)) == len(hotkeys)
    physical = set(string.ascii_lowercase + string.digits)
    for hk in hotkeys:
        assert hk.removeprefix("shift+") in physical, hk


def test_shifted_hotkeys_are_variants_of_the_label_on_the_same_key(schema):
    """Shift+key is kept for a close variant (ambush beside armed clash), so the rule is learnable."""
    by_hotkey = {lab.hotkey: lab for lab in schema.labels}
    shifted = [lab for lab in schema.labels if lab.hotkey.startswith("shift+")]
    assert shifted
    for lab in shifted:
        base = by_hotkey[lab.hotkey.removeprefix("shift+")]
        assert base.kind == lab.kind == "event", (lab.key, base.key)


def test_every_label_has_both_names_a_colour_and_a_guideline(schema):
    for lab in schema.labels:
        assert lab.name_en.strip() and not ARABIC.search(lab.name_en), lab.key
        assert ARABIC.search(lab.name_ar), lab.key
        assert re.fullmatch(r"#[0-9a-f]{6}", lab.color), lab.key
        assert len(lab.description) > 40, lab.key


def test_event_guidelines_give_arabic_trigger_examples(schema):
    for lab in schema.labels_of("event"):
        assert len(ARABIC.findall(lab.description)) >= 6, lab.key
    for key, triggers in {
        "arrest": ("اعتقال", "احتجاز", "إلقاء القبض"),
        "defection": ("انشقاق", "فرار"),
        "joining": ("الانضمام", "الالتحاق"),
        "raid": ("حملة", "دهم", "مداهمة"),
        "curfew": ("حظر التجول",),
        "assassination": ("اغتيال",),
        "killing": ("مقتل", "لقي مصرعه"),
    }.items():
        for word in triggers:
            assert word in schema.label(key).description, (key, word)


def test_refinements_point_at_a_parent_of_the_same_kind(schema):
    children = {lab.key: lab.parent for lab in schema.labels if lab.parent}
    assert children == {"ambush": "armed_clash", "drone_strike": "air_strike", "assassination": "killing"}


def _linear(c: int) -> float:
    v = c / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _luminance(rgb: tuple[float, float, float]) -> float:
    r, g, b = (_linear(round(c)) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (_linear(round(c)) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


HIGHLIGHT_ALPHA = 0.35


def test_colours_are_readable_on_white_and_distinct_as_translucent_highlights(schema):
    """Solid colours (label bars) need 3:1 contrast on white; the 35% highlights must still differ.

    Distance is CIE76 in Lab between the highlights as blended onto white; 2.3 is a just-noticeable
    difference, so 7.5 keeps any two labels apart side by side.
    """
    for lab in schema.labels:
        assert 1.05 / (_luminance(_rgb(lab.color)) + 0.05) >= 3.0, (lab.key, lab.color)
    blended = {
        lab.key: _lab(tuple(HIGHLIGHT_ALPHA * c + (1 - HIGHLIGHT_ALPHA) * 255 for c in _rgb(lab.color)))
        for lab in schema.labels
    }
    close = [
        (a, b, round(math.dist(blended[a], blended[b]), 1))
        for a, b in itertools.combinations(blended, 2)
        if math.dist(blended[a], blended[b]) < 7.5
    ]
    assert close == []


def test_roles_link_events_to_participants(schema):
    assert {r.key for r in schema.roles} >= {"agent", "target", "place", "time", "instrument", "source"}
    for r in schema.roles:
        assert r.head_kinds == ("event",), r.key
        assert ARABIC.search(r.name_ar), r.key
    assert {r.key for r in schema.roles_between("arrest", "state_forces")} == {"agent", "target", "source"}
    assert {r.key for r in schema.roles_between("shelling", "place")} == {
        "agent",
        "target",
        "place",
        "time",
        "instrument",
        "source",
    }
    assert schema.roles_between("state_forces", "arrest") == []
    assert schema.roles_between("place", "date") == []


def test_event_attributes_are_certainty_polarity_and_source_text(schema):
    assert [a.key for a in schema.attributes_for("arrest")] == ["certainty", "polarity", "source_text"]
    assert schema.attributes_for("civilians") == []
    assert schema.attributes_for("place") == []
    certainty = next(a for a in schema.attributes if a.key == "certainty")
    polarity = next(a for a in schema.attributes if a.key == "polarity")
    source_text = next(a for a in schema.attributes if a.key == "source_text")
    assert certainty.values == ("confirmed", "claimed", "alleged")
    assert polarity.values == ("happened", "denied", "did_not_happen")
    assert source_text.values == ()


def test_every_closed_default_attribute_names_each_value_in_arabic(schema):
    """An Arabic interface shows these names; spans store, compare and export the keys."""
    for a in schema.attributes:
        assert [v for v, _ in a.value_names_ar] == list(a.values), a.key
        assert all(ARABIC.search(name) for _, name in a.value_names_ar), a.key
    certainty = next(a for a in schema.attributes if a.key == "certainty")
    polarity = next(a for a in schema.attributes if a.key == "polarity")
    assert [certainty.value_name(v, "ar") for v in certainty.values] == ["مؤكَّد", "مُعلَن من طرف", "غير مؤكَّد"]
    assert [polarity.value_name(v, "ar") for v in polarity.values] == ["وقع", "نُفي وقوعه", "لم يقع"]
    # زعم is a trigger of "claimed" in the guideline, so "alleged" is not named مزعوم after it
    assert "زعم" in certainty.description and "زعم" not in certainty.value_name("alleged", "ar")


def test_every_closed_default_attribute_names_each_value_in_english(schema):
    """An English interface shows "Did not happen", not the key did_not_happen."""
    for a in schema.attributes:
        assert [v for v, _ in a.value_names_en] == list(a.values), a.key
        assert all(name.isascii() and name[0].isupper() for _, name in a.value_names_en), a.key
    polarity = next(a for a in schema.attributes if a.key == "polarity")
    assert [polarity.value_name(v, "en") for v in polarity.values] == ["Happened", "Denied", "Did not happen"]


def test_a_value_reads_as_its_key_outside_arabic_or_without_a_name():
    attr = schema_from_dict(
        {
            "labels": [_label("x")],
            "attributes": [_attr(values=["confirmed", "claimed"], value_names_ar={"confirmed": "مؤكَّد"})],
        }
    ).attributes[0]
    assert attr.value_name("confirmed", "ar") == "مؤكَّد"
    assert attr.value_name("confirmed", "en") == "confirmed"  # the Arabic name is not English
    assert attr.value_name("claimed", "ar") == "claimed"  # no name given: the key
    assert (
        attr.value_name("retracted", "ar") == "retracted"
    )  # a value the schema does not list: shown as held


def test_a_value_reads_in_english_by_its_english_name_and_in_arabic_by_its_arabic_one():
    attr = schema_from_dict(
        {
            "labels": [_label("x")],
            "attributes": [
                _attr(
                    values=["did_not_happen", "denied"],
                    value_names_ar={"did_not_happen": "لم يقع"},
                    value_names_en={"did_not_happen": "Did not happen"},
                )
            ],
        }
    ).attributes[0]
    assert attr.value_name("did_not_happen", "en") == "Did not happen"
    assert attr.value_name("did_not_happen", "ar") == "لم يقع"
    assert attr.value_name("denied", "en") == "denied"  # no English name: the key


def test_unknown_label_is_a_key_error(schema):
    with pytest.raises(KeyError):
        schema.roles_between("arrest", "no_such_label")
    with pytest.raises(KeyError):
        schema.attributes_for("no_such_label")
    with pytest.raises(KeyError):
        schema.role("no_such_role")


# --- the validator ---------------------------------------------------------------------------------------


def _label(key: str, kind: str = "event", hotkey: str = "", **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "kind": kind,
        "name_en": key,
        "name_ar": "اسم",
        "color": "#336699",
        "hotkey": hotkey,
        **extra,
    }


def _attr(key: str = "certainty", **extra: Any) -> dict[str, Any]:
    return {"key": key, "name_en": key, "name_ar": "اسم", "applies_to": ["event"], **extra}


def _problems(data: object) -> list[str]:
    with pytest.raises(SchemaError) as info:
        schema_from_dict(data, "lead.json")
    assert str(info.value).startswith(f"lead.json: {len(info.value.problems)} problem(s)")
    return info.value.problems


def test_a_small_valid_schema_builds():
    s = schema_from_dict({"labels": [_label("arrest", hotkey="r"), _label("army", "actor", "1")]})
    assert s.name == "schema"
    assert [lab.key for lab in s.labels] == ["arrest", "army"]
    assert s.roles == () and s.attributes == ()


def test_a_broken_schema_reports_every_problem_with_its_json_path():
    data = {
        "name": 7,
        "labels": [
            {"key": "arrest", "kind": "event", "name_en": "Arrest", "color": "#12345", "hotkey": "r"},
            _label("arrest", hotkey="r"),
            _label("Bad Key", kind="place"),
            _label("raid", parent="nowhere", colour="#ffffff"),
            _label("army", "actor", parent="arrest"),
            _label("a", parent="b"),
            _label("b", parent="a"),
            _label("drone", hotkey="ق", acled={"sub_event_type": "Air/drone strike"}),
            "not an object",
        ],
        "roles": [
            {
                "key": "agent",
                "name_en": "Agent",
                "name_ar": "الفاعل",
                "head_kinds": ["event"],
                "tail_kinds": ["thing"],
            },
            {
                "key": "agent",
                "name_en": "Agent",
                "name_ar": "الفاعل",
                "head_kinds": [],
                "tail_kinds": ["actor"],
            },
        ],
        "attributes": [
            {
                "key": "certainty",
                "name_en": "Certainty",
                "name_ar": "التأكد",
                "applies_to": ["event"],
                "values": ["confirmed", "confirmed"],
                "default": "maybe",
            }
        ],
        "colours": {},
    }
    problems = _problems(data)
    expected_paths = [
        "top level.colours: unknown field",
        "name: must be a string",
        "labels[0].color: '#12345' must look like #rrggbb",
        "labels[0].name_ar: is required",
        "labels[1].key: 'arrest' is already used by labels[0]",
        "labels[1].hotkey: 'r' is already used by labels[0]",
        "labels[2].key: 'Bad Key' must be lower-case",
        "labels[2].kind: 'place' must be one of event, actor, entity",
        "labels[3].colour: unknown field",
        "labels[3].parent: 'nowhere' is not a label key",
        "labels[4].parent: 'arrest' is an event label, 'army' is an actor label",
        "labels[5].parent: parents of 'a' form a cycle",
        "labels[6].parent: parents of 'b' form a cycle",
        "labels[7].hotkey: 'ق' must be one letter or digit",
        "labels[7].acled.event_type: is required when sub_event_type is given",
        "labels[8]: must be an object",
        "roles[0].tail_kinds: unknown kind(s) ['thing']",
        "roles[1].key: 'agent' is used twice",
        "roles[1].head_kinds: must be a non-empty list",
        "attributes[0].values: a value is listed twice",
        "attributes[0].default: 'maybe' is not one of",
    ]
    for path in expected_paths:
        assert any(p.startswith(path) for p in problems), (path, problems)
    assert len(problems) == len(expected_paths), problems


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([], "top level: must be a JSON object"),
        ({}, "labels: must be a non-empty list"),
        ({"labels": []}, "labels: must be a non-empty list"),
        ({"labels": [_label("x")], "roles": {}}, "roles: must be a list"),
        ({"labels": [_label("x")], "attributes": "certainty"}, "attributes: must be a list"),
        ({"labels": [_label("x", parent="x")]}, "labels[0].parent: a label cannot be its own parent"),
        ({"labels": [_label("x", acled=["Battles"])]}, "labels[0].acled: must be an object"),
        ({"labels": [_label("x", name_en=3)]}, "labels[0].name_en: must be a string, got int"),
        (
            {"labels": [_label("x", hotkey="ctrl+x")]},
            "labels[0].hotkey: 'ctrl+x' must be one letter or digit",
        ),
        ({"labels": [_label("x", acled={"event": "Battles"})]}, "labels[0].acled.event: unknown field"),
    ],
)
def test_each_problem_is_reported_on_its_own(data, problem):
    problems = _problems(data)
    assert any(p.startswith(problem) for p in problems), problems


@pytest.mark.parametrize(
    ("attribute", "problem"),
    [
        (
            _attr(values=["confirmed", "claimed"], value_names_ar={"confimed": "مؤكَّد"}),
            "attributes[0].value_names_ar.confimed: 'confimed' is not one of the values of 'certainty':"
            " confirmed, claimed",
        ),
        (
            _attr("source_text", value_names_ar={"x": "س"}),
            "attributes[0].value_names_ar: 'source_text' is free text (no values), so it has no values to name",
        ),
        (
            _attr(values=["confirmed"], value_names_ar={"confirmed": " "}),
            "attributes[0].value_names_ar.confirmed: must be a non-empty string",
        ),
        (
            _attr(values=["confirmed"], value_names_ar={"confirmed": 1}),
            "attributes[0].value_names_ar.confirmed: must be a non-empty string",
        ),
        (
            _attr(values=["confirmed", "claimed"], value_names_ar={"confirmed": "مؤكد", "claimed": "مؤكد"}),
            "attributes[0].value_names_ar.claimed: 'مؤكد' already names 'confirmed'; names must differ",
        ),
        (
            _attr(values=["confirmed"], value_names_ar=["مؤكد"]),
            "attributes[0].value_names_ar: must be an object mapping a value to its Arabic name",
        ),
        (
            _attr(values=["confirmed"], value_name_ar={"confirmed": "مؤكد"}),
            "attributes[0].value_name_ar: unknown field",
        ),
        (
            _attr(values=["confirmed", "claimed"], value_names_en={"confimed": "Confirmed"}),
            "attributes[0].value_names_en.confimed: 'confimed' is not one of the values of 'certainty':"
            " confirmed, claimed",
        ),
        (
            _attr(values=["confirmed", "claimed"], value_names_en={"confirmed": "Sure", "claimed": "Sure"}),
            "attributes[0].value_names_en.claimed: 'Sure' already names 'confirmed'; names must differ",
        ),
        (
            _attr(values=["confirmed"], value_names_en=["Confirmed"]),
            "attributes[0].value_names_en: must be an object mapping a value to its English name",
        ),
        (
            _attr("source_text", value_names_en={"x": "X"}),
            "attributes[0].value_names_en: 'source_text' is free text (no values), so it has no values to name",
        ),
    ],
)
def test_value_names_may_only_name_listed_values(attribute, problem):
    problems = _problems({"labels": [_label("x")], "attributes": [attribute]})
    assert len(problems) == 1 and problems[0].startswith(problem), problems


def test_a_misnamed_value_in_a_file_is_reported_with_the_file_and_the_attribute(tmp_path):
    path = tmp_path / "lead.json"
    data = {
        "labels": [_label("x")],
        "attributes": [_attr(values=["happened"], value_names_ar={"hapened": "وقع"})],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_schema(path)
    assert info.value.source == str(path)
    assert str(info.value).startswith(f"{path}: 1 problem(s)")
    assert "attributes[0].value_names_ar.hapened: 'hapened' is not one of the values of 'certainty'" in str(
        info.value
    )


def test_value_names_follow_the_values_order_whatever_the_file_order():
    one = schema_from_dict(
        {
            "labels": [_label("x")],
            "attributes": [_attr(values=["a", "b"], value_names_ar={"b": "ب", "a": "أ"})],
        }
    )
    two = schema_from_dict(
        {
            "labels": [_label("x")],
            "attributes": [_attr(values=["a", "b"], value_names_ar={"a": "أ", "b": "ب"})],
        }
    )
    assert one == two and one.attributes[0].value_names_ar == (("a", "أ"), ("b", "ب"))
    assert schema_to_dict(one)["attributes"][0]["value_names_ar"] == {"a": "أ", "b": "ب"}
    three = schema_from_dict(
        {
            "labels": [_label("x")],
            "attributes": [_attr(values=["a", "b"], value_names_en={"b": "B", "a": "A"})],
        }
    )
    assert three.attributes[0].value_names_en == (("a", "A"), ("b", "B"))
    assert schema_to_dict(three)["attributes"][0]["value_names_en"] == {"a": "A", "b": "B"}


def test_two_labels_without_a_key_are_not_also_reported_as_duplicates():
    problems = _problems({"labels": [_label("", name_en="n"), _label("", name_en="n")]})
    assert problems == ["labels[0].key: is required", "labels[1].key: is required"]


def test_fields_starting_with_underscore_are_notes_and_are_ignored():
    s = schema_from_dict(
        {"_comment": "copied from the default", "labels": [_label("x", _why="kept for 2020 data")]}
    )
    assert s.label("x").name_en == "x"


def test_hotkeys_are_compared_case_blind_because_they_name_physical_keys():
    problems = _problems({"labels": [_label("x", hotkey="A"), _label("y", hotkey="a")]})
    assert problems == ["labels[1].hotkey: 'a' is already used by labels[0]"]


def test_a_json_syntax_error_names_line_and_column(tmp_path):
    path = tmp_path / "lead.json"
    path.write_text('{\n  "labels": [\n    {"key": "x" "kind": "event"}\n  ]\n}\n', encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_schema(path)
    assert info.value.source == str(path)
    assert info.value.problems == ["line 3, column 17: Expecting ',' delimiter"]
    assert str(path) in str(info.value)


def test_a_field_written_twice_in_a_file_is_reported_with_the_other_problems(tmp_path):
    path = tmp_path / "lead.json"
    text = json.dumps({"labels": [_label("x", hotkey="q")]}).replace(
        '"hotkey": "q"', '"hotkey": "q", "hotkey": "w"'
    )
    path.write_text(text.replace('"color": "#336699"', '"color": "blue"'), encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_schema(path)
    assert info.value.problems == [
        "object with key 'x': field 'hotkey' is written twice; the last one would win",
        "labels[0].color: 'blue' must look like #rrggbb",
    ]


def test_a_file_that_is_not_utf8_is_reported_not_crashed_on(tmp_path):
    path = tmp_path / "lead.json"
    path.write_bytes('{"labels": [{"name_ar": "اعتقال"}]}'.encode("cp1256"))
    with pytest.raises(SchemaError) as info:
        load_schema(path)
    assert info.value.problems[0].startswith("cannot read:")


def test_a_file_with_a_bom_and_crlf_loads(tmp_path):
    path = tmp_path / "lead.json"
    text = json.dumps(schema_to_dict(default_schema()), ensure_ascii=False, indent=2)
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert load_schema(path) == default_schema()


# --- round trip ------------------------------------------------------------------------------------------

_keys = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
_names = st.text(min_size=1, max_size=12).filter(str.strip)
_colors = st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)
_kinds = st.lists(st.sampled_from(LABEL_KINDS), min_size=1, max_size=3, unique=True)
_physical = [*string.ascii_lowercase, *string.digits]
_hotkeys = [*_physical, *(f"shift+{k}" for k in _physical)]


def _drawn_value_names(draw: st.DrawFn, values: list[str]) -> dict[str, str]:
    """Names, each different, for some of ``values`` (an attribute's value_names_ar or value_names_en)."""
    named = draw(st.lists(st.sampled_from(values), unique=True)) if values else []
    names = draw(st.lists(_names, min_size=len(named), max_size=len(named), unique=True))
    return dict(zip(named, names, strict=True))


@st.composite
def schema_dicts(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(_keys, min_size=1, max_size=8, unique=True))
    hotkeys = draw(st.permutations(_hotkeys))
    labels: list[dict[str, Any]] = []
    for i, key in enumerate(keys):
        kind = draw(st.sampled_from(LABEL_KINDS))
        same_kind_before = [lab["key"] for lab in labels if lab["kind"] == kind]
        lab: dict[str, Any] = {
            "key": key,
            "kind": kind,
            "name_en": draw(_names),
            "name_ar": draw(_names),
            "color": draw(_colors),
            "hotkey": draw(st.sampled_from(["", hotkeys[i]])),
            "parent": draw(st.sampled_from(["", *same_kind_before])),
            "description": draw(st.text(max_size=30)),
        }
        if draw(st.booleans()):
            lab["acled"] = {"event_type": draw(_names), "sub_event_type": draw(st.text(max_size=12))}
        labels.append(lab)
    roles = [
        {
            "key": key,
            "name_en": draw(_names),
            "name_ar": draw(_names),
            "head_kinds": draw(_kinds),
            "tail_kinds": draw(_kinds),
            "description": draw(st.text(max_size=20)),
        }
        for key in draw(st.lists(_keys, max_size=4, unique=True))
    ]
    attributes = []
    for key in draw(st.lists(_keys, max_size=3, unique=True)):
        values = draw(st.lists(_names, max_size=4, unique=True))
        value_names, value_names_en = _drawn_value_names(draw, values), _drawn_value_names(draw, values)
        attributes.append(
            {
                "key": key,
                "name_en": draw(_names),
                "name_ar": draw(_names),
                "applies_to": draw(_kinds),
                "values": values,
                "value_names_ar": value_names,
                "value_names_en": value_names_en,
                "default": draw(st.sampled_from(["", *values])) if values else draw(st.text(max_size=8)),
                "description": draw(st.text(max_size=20)),
            }
        )
    return {"name": draw(_names), "labels": labels, "roles": roles, "attributes": attributes}


@settings(max_examples=150, deadline=None)
@given(schema_dicts())
def test_schema_to_dict_and_back_is_the_same_schema(data):
    schema = schema_from_dict(data)
    dumped = schema_to_dict(schema)
    assert schema_from_dict(dumped) == schema
    assert schema_to_dict(schema_from_dict(dumped)) == dumped
    assert schema_from_dict(json.loads(json.dumps(dumped, ensure_ascii=False))) == schema


def test_the_default_schema_round_trips_through_a_file(tmp_path, schema):
    path: Path = tmp_path / "copy.json"
    path.write_text(json.dumps(schema_to_dict(schema), ensure_ascii=False, indent=2), encoding="utf-8")
    copy = load_schema(path)
    assert copy == schema
    assert [lab.key for lab in copy.labels] == [lab.key for lab in schema.labels]


# --- tags: the names exports write -------------------------------------------------------------------


def _role(key: str, **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "name_en": key,
        "name_ar": "اسم",
        "head_kinds": ["event"],
        "tail_kinds": ["actor"],
        **extra,
    }


def test_a_tag_is_what_exports_write_and_it_survives_the_dump():
    data = {
        "labels": [
            _label("pers", "entity", tag="PERS"),
            _label("army", "actor", tag="جيش"),
            _label("arrest"),
        ],
        "roles": [_role("agent", tag="Agent"), _role("target")],
    }
    s = schema_from_dict(data)
    assert [lab.export_name for lab in s.labels] == ["PERS", "جيش", "arrest"]
    assert s.export_names() == ({"pers": "PERS", "army": "جيش"}, {"agent": "Agent"})
    assert schema_from_dict(schema_to_dict(s)) == s
    assert "tag" not in schema_to_dict(s)["labels"][2]  # no tag, no field: a dump stays as the lead wrote it
    exported = s.as_exported()
    assert [lab.key for lab in exported.labels] == ["PERS", "جيش", "arrest"]
    assert [r.key for r in exported.roles] == ["Agent", "target"]
    assert exported.export_names() == ({}, {})


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"labels": [_label("x", tag="B PER")]}, "labels[0].tag: 'B PER' must hold no whitespace"),
        ({"labels": [_label("x", tag="a:b")]}, "labels[0].tag: 'a:b' must hold no whitespace"),
        ({"labels": [_label("x", tag="PER\t")]}, "labels[0].tag: 'PER\\t' must hold no whitespace"),
        (
            {"labels": [_label("x"), _label("y", tag="x")]},
            "labels[1].tag: exports would write 'x' for labels[0] and for labels[1]",
        ),
        (
            {"labels": [_label("x", tag="T"), _label("y", tag="T")]},
            "labels[1].tag: exports would write 'T' for labels[0] and for labels[1]",
        ),
        (
            {"labels": [_label("x")], "roles": [_role("a", tag="R"), _role("b", tag="R")]},
            "roles[1].tag: exports would write 'R' for roles[0] and for roles[1]",
        ),
        ({"labels": [_label("x", tag=3)]}, "labels[0].tag: must be a string, got int"),
    ],
)
def test_a_tag_that_cannot_stand_in_every_format_or_is_taken_is_refused(data, problem):
    problems = _problems(data)
    assert any(p.startswith(problem) for p in problems), problems


def test_two_equal_keys_are_one_problem_not_also_a_tag_clash():
    assert _problems({"labels": [_label("x"), _label("x")]}) == [
        "labels[1].key: 'x' is already used by labels[0]"
    ]
