"""Vehicle identification numbers: ISO 3779 with the check digit GB 16735 makes mandatory in China."""
from __future__ import annotations

from operator import mul

_VALUES = {**{str(d): d for d in range(10)},
           **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9,
           **dict(zip("STUVWXYZ", range(2, 10)))}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


class VinError(ValueError):
    """A VIN with the wrong length, a forbidden letter or a wrong check digit."""


def check_digit(vin: str) -> str:
    """The 9th character a valid ``vin`` must have ('0'–'9' or 'X')."""
    try:
        total = sum(map(mul, map(_VALUES.__getitem__, vin), _WEIGHTS))
    except KeyError:
        pos, ch = next((i, c) for i, c in enumerate(vin) if c not in _VALUES)
        raise VinError(f"character {ch!r} at position {pos + 1} is not allowed in a VIN "
                       "(I, O and Q never appear)") from None
    rest = total % 11
    return "X" if rest == 10 else str(rest)


def normalise_vin(raw: str) -> str:
    """``raw`` upper-cased and checked; raises :class:`VinError` saying what is wrong."""
    vin = raw.strip().upper()
    if len(vin) != 17:
        raise VinError(f"a VIN has 17 characters, this one has {len(vin)}")
    expected = check_digit(vin)
    if vin[8] != expected:
        raise VinError(f"check digit (9th character) is {vin[8]!r} but should be {expected!r}: mistyped VIN")
    return vin


def with_check_digit(vin17: str) -> str:
    """``vin17`` with its 9th character replaced by the correct check digit (for generated VINs)."""
    vin = vin17.upper()
    return vin[:8] + check_digit(vin[:8] + "0" + vin[9:]) + vin[9:]
