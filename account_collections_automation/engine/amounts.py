# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Amounts as ``Decimal``, defined once for the engine and the models."""

from decimal import Decimal

__all__ = ["ZERO", "to_decimal"]

ZERO = Decimal(0)


def to_decimal(value):
    """``value`` as a ``Decimal``: floats through their shortest repr, ``None``
    and ``False`` (an empty Odoo field) as zero.

    >>> to_decimal(0.1), to_decimal(None), to_decimal(False), to_decimal("2.50"), to_decimal(3)
    (Decimal('0.1'), Decimal('0'), Decimal('0'), Decimal('2.50'), Decimal('3'))
    """
    if isinstance(value, Decimal):
        return value
    if value is None or value is False:
        return ZERO
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)
