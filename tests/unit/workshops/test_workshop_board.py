"""The board's grouping and the guide's reordering, as plain functions."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from workshops.model import WorkshopError, moved
from workshops.themes import board_state, group_notes


@dataclass(frozen=True)
class Note:
    id: int
    theme_id: int | None


def test_notes_not_in_a_theme_come_first_and_every_theme_is_shown() -> None:
    notes = [Note(1, None), Note(2, 10), Note(3, 10), Note(4, None)]
    groups = group_notes(notes, [(10, "Access"), (11, "Parking")])
    assert [(g.theme_id, g.name, [n.id for n in g.notes]) for g in groups] == [
        (None, "", [1, 4]),
        (10, "Access", [2, 3]),
        (11, "Parking", []),
    ]


def test_the_not_in_a_theme_group_is_there_even_when_empty_so_notes_can_go_back() -> None:
    groups = group_notes([Note(1, 10)], [(10, "Access")])
    assert groups[0].theme_id is None and groups[0].notes == ()


def test_themes_with_the_same_name_stay_apart() -> None:
    groups = group_notes([Note(1, 10), Note(2, 11)], [(10, "Access"), (11, "Access")])
    assert [[n.id for n in g.notes] for g in groups[1:]] == [[1], [2]]


def test_a_note_whose_theme_is_unknown_is_shown_as_not_in_a_theme() -> None:
    assert [n.id for n in group_notes([Note(1, 99)], [])[0].notes] == [1]


def test_the_board_state_says_where_each_note_is_in_the_boards_order() -> None:
    state = board_state(group_notes([Note(3, 10), Note(1, None), Note(2, 10)], [(10, "Access"), (11, "Parking")]))
    assert state["groups"] == [
        {"theme_id": None, "notes": [1]},
        {"theme_id": 10, "notes": [3, 2]},
        {"theme_id": 11, "notes": []},
    ]


def test_the_board_version_changes_when_a_note_moves_and_only_then() -> None:
    themes = [(10, "Access"), (11, "Parking")]
    before = board_state(group_notes([Note(1, None), Note(2, 10)], themes))["version"]
    assert board_state(group_notes([Note(1, None), Note(2, 10)], themes))["version"] == before
    assert board_state(group_notes([Note(1, None), Note(2, 11)], themes))["version"] != before  # moved
    assert board_state(group_notes([Note(1, None), Note(2, 10), Note(3, None)], themes))["version"] != before  # new
    assert board_state(group_notes([Note(1, None), Note(2, 10)], [*themes, (12, "Staff")]))["version"] != before


def test_moving_a_topic_up_or_down_swaps_it_with_its_neighbour() -> None:
    assert moved([1, 2, 3], 2, "up") == [2, 1, 3]
    assert moved([1, 2, 3], 2, "down") == [1, 3, 2]


def test_moving_past_either_end_changes_nothing() -> None:
    assert moved([1, 2, 3], 1, "up") == [1, 2, 3]
    assert moved([1, 2, 3], 3, "down") == [1, 2, 3]


@pytest.mark.parametrize(("item", "direction"), [(9, "up"), (1, "sideways"), (1, "")])
def test_an_unknown_topic_or_direction_is_refused(item: int, direction: str) -> None:
    with pytest.raises(WorkshopError):
        moved([1, 2], item, direction)
