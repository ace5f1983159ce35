"""VINs, phone numbers and masking: what a user sees and what an import accepts."""
from __future__ import annotations

import pytest

from core.access import mask_address
from core.phones import PhoneError, mask_phone, national, normalise_phone
from core.vin import VinError, check_digit, normalise_vin, with_check_digit


def test_known_vin_passes_and_is_upper_cased() -> None:
    assert normalise_vin(" 1m8gdm9axkp042788 ") == "1M8GDM9AXKP042788"
    assert check_digit("1M8GDM9AXKP042788") == "X"


@pytest.mark.parametrize("raw, reason", [
    ("1M8GDM9A1KP042788", "check digit"),
    ("1M8GDM9AXKP04278", "17 characters"),
    ("1M8GDM9AXKO042788", "not allowed"),
])
def test_bad_vins_are_refused_with_the_reason(raw: str, reason: str) -> None:
    with pytest.raises(VinError, match=reason):
        normalise_vin(raw)


def test_generated_vins_are_valid() -> None:
    for n in range(200):
        normalise_vin(with_check_digit(f"LVGBE40K0GG{n:06d}"))


@pytest.mark.parametrize("raw", ["13812341234", "138 1234 1234", "138-1234-1234", "+86 138 1234 1234",
                                 "0086 13812341234", "86-13812341234"])
def test_mainland_mobiles_normalise_to_e164(raw: str) -> None:
    assert normalise_phone(raw) == "+8613812341234"


def test_landlines_and_foreign_numbers_go_through_phonenumbers() -> None:
    assert normalise_phone("020-87654321") == "+862087654321"
    assert normalise_phone("(020) 8765 4321") == "+862087654321"
    assert normalise_phone("+852 2123 4567") == "+85221234567"
    assert national("+862087654321") == "02087654321"


@pytest.mark.parametrize("raw", ["12345", "abc", "1381234123", ""])
def test_unparsable_phones_are_refused(raw: str) -> None:
    with pytest.raises(PhoneError):
        normalise_phone(raw)


def test_masks_hide_the_middle_digits_and_the_street() -> None:
    assert mask_phone("+8613812341234") == "138****1234"
    assert mask_phone("+862087654321") == "020****4321"
    assert mask_phone(None) == ""
    assert mask_address("广州市天河区天河路385号") == "广州市天河区****"
    assert "385" not in mask_address("天河路385号")
