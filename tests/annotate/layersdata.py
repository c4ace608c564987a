"""Files that name their annotators, written for the layer tests (our own Arabic sentences, no tool's data).

``labelstudio_tasks()`` is a Label Studio export of two tasks annotated by
three people, in the three ways Label Studio names them (an email, a username,
a bare user number), with what must not become a layer: a cancelled
annotation, a user's earlier second annotation, a prediction and a draft.
"""

from __future__ import annotations

from typing import Any

TASK_1 = "اعتقلت قوات الأمن ناشطاً في بانياس صباح اليوم."
TASK_2 = "🔥 اشتبكت فصائل المعارضة مع الجيش قرب حلب مساء أمس."

AMAL = {"id": 1, "email": "amal@example.org", "first_name": "أمل"}
KARIM = {"id": 3, "username": "karim"}
USER_7 = 7

# What each layer must hold after the import: (label, text) per task.
EXPECTED: dict[str, dict[str, set[tuple[str, str]]]] = {
    "amal@example.org": {
        TASK_1: {("arrest", "اعتقلت"), ("state", "قوات الأمن"), ("place", "بانياس")},
        TASK_2: {("clash", "اشتبكت"), ("place", "حلب")},
    },
    "karim": {
        TASK_1: {("arrest", "اعتقلت")},
        TASK_2: {("clash", "اشتبكت"), ("state", "الجيش")},
    },
    "labelstudio-7": {
        TASK_1: {("arrest", "اعتقلت"), ("place", "بانياس")},
        TASK_2: {("clash", "اشتبكت")},  # their later annotation; the earlier one also had حلب
    },
}


def region(text: str, rid: str, word: str, label: str) -> dict[str, Any]:
    """A ``labels`` region over ``word``, its offsets in UTF-16 units as the browser counts them."""
    s = text.index(word)
    start = len(text[:s].encode("utf-16-le")) // 2
    end = start + len(word.encode("utf-16-le")) // 2
    value = {"start": start, "end": end, "text": word, "labels": [label]}
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def annotation(
    ann_id: int, user: Any, text: str, marks: list[tuple[str, str]], **extra: Any
) -> dict[str, Any]:
    result = [region(text, f"r{ann_id}-{i}", w, lab) for i, (w, lab) in enumerate(marks)]
    return {"id": ann_id, "completed_by": user, "was_cancelled": False, "result": result, **extra}


def labelstudio_tasks() -> list[dict[str, Any]]:
    agent = {
        "from_id": "r1-0",
        "to_id": "r1-1",
        "type": "relation",
        "direction": "right",
        "labels": ["agent"],
    }
    first = annotation(1, AMAL, TASK_1, [("اعتقلت", "arrest"), ("قوات الأمن", "state"), ("بانياس", "place")])
    first["result"].append(agent)
    task_1 = {
        "id": 11,
        "data": {"text": TASK_1},
        "annotations": [
            first,
            annotation(2, USER_7, TASK_1, [("اعتقلت", "arrest"), ("بانياس", "place")]),
            annotation(3, KARIM, TASK_1, [("اعتقلت", "arrest")]),
            annotation(
                4, {"id": 5, "email": "nour@example.org"}, TASK_1, [("بانياس", "place")], was_cancelled=True
            ),
        ],
        "predictions": [{"model_version": "m1", "result": [region(TASK_1, "p1", "ناشطاً", "state")]}],
    }
    later, earlier = "2024-03-02T10:00:00.000000Z", "2024-03-01T10:00:00.000000Z"
    task_2 = {
        "id": 12,
        "data": {"text": TASK_2},
        "annotations": [
            annotation(5, USER_7, TASK_2, [("اشتبكت", "clash")], updated_at=later),
            annotation(6, AMAL, TASK_2, [("اشتبكت", "clash"), ("حلب", "place")]),
            annotation(7, USER_7, TASK_2, [("اشتبكت", "clash"), ("حلب", "place")], updated_at=earlier),
            annotation(8, KARIM, TASK_2, [("اشتبكت", "clash"), ("الجيش", "state")]),
        ],
        "drafts": [{"id": 1, "user": "nour@example.org", "result": [region(TASK_2, "d1", "حلب", "place")]}],
        "predictions": [],
    }
    return [task_1, task_2]
