"""Password rules (NCSC / NIST 800-63B): length and a deny-list, no composition rules."""

from __future__ import annotations

import pytest

from toolkit.auth.passwords import LOCAL_ADDITIONS, _deny_list, password_problem


def test_the_shipped_deny_list_is_large_and_lower_case() -> None:
    words = _deny_list()
    assert len(words) > 40_000
    assert {"password", "123456", "qwerty"} <= words
    assert all(word == word.lower() for word in list(words)[:1000])


@pytest.mark.parametrize("password", ["password1234", "Password1234", "  qwertyuiop123 ", "iloveyou1234"])
def test_common_and_breached_passwords_are_refused_whatever_their_case(password: str) -> None:
    assert password_problem(password) == "common"


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaaaa", "123456789012", "abcdefghijklm", "zyxwvutsrqponm", "abababababab"]
)
def test_repetitive_and_sequential_passwords_are_refused(password: str) -> None:
    assert password_problem(password) == "common"


def test_length_is_the_only_composition_rule() -> None:
    assert password_problem("short words") == "too_short"  # 11 characters
    assert password_problem("plum orchard") is None  # 12: letters and a space are enough
    assert password_problem("plum " * 40) is None  # 200 characters
    assert password_problem("xy" * 101) == "too_long"


def test_the_email_address_is_not_a_password() -> None:
    assert password_problem("jane.smith.nhs@example.org", "jane.smith.nhs@example.org") == "email"
    assert password_problem("jane.smith.nhs", "jane.smith.nhs@example.org") == "email"


def test_local_additions_are_long_enough_to_matter() -> None:
    assert all(len(word) >= 12 for word in LOCAL_ADDITIONS)
