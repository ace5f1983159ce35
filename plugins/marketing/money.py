"""Yuan as exact ``Decimal`` with two places, stored as whole fen: one conversion, used everywhere."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from core.errors import ValidationError

CENT = Decimal("0.01")


def parse_yuan(text: str | Decimal, *, what: str = "金额") -> Decimal:
    """``"1234.5"`` → ``Decimal("1234.50")``; three decimals, negatives and non-numbers are refused in one line."""
    try:
        value = text if isinstance(text, Decimal) else Decimal(str(text).strip().replace(",", ""))
    except InvalidOperation:
        raise ValidationError(f"{what} {text!r} 不是金额:请写元,最多两位小数,如 1234.50") from None
    if not value.is_finite() or value < 0:
        raise ValidationError(f"{what} {text!r} 不是有效金额:须为不小于0的元数")
    if value != value.quantize(CENT):
        raise ValidationError(f"{what} {text!r} 最多两位小数(精确到分)")
    return value.quantize(CENT)


def to_fen(yuan: Decimal) -> int:
    return int((yuan * 100).to_integral_value())


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(CENT)
