# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Dynamic reminder fees (Business Central's "additional fee setup").

A reminder level computes its fees one of three ways
(:data:`FEE_CALCULATIONS`): ``fixed`` (the level's fixed amounts, see
``engine.reminders``), or from its tiers (:class:`FeeTier`), each with a
threshold ("remaining amount from"), a fixed amount, a percentage, a minimum
and a maximum (0: no maximum):

- **Single dynamic** (:func:`single_dynamic_fee`): the tier with the highest
  threshold that is not above the remaining amount gives the fee: its fixed
  amount plus its percentage of the remaining amount, raised to its minimum
  and capped at its maximum. Below every threshold there is no fee.
- **Accumulated dynamic** (:func:`accumulated_dynamic_fee`): the tiers are
  walked from the highest threshold down. Each tier whose threshold the
  remaining amount reaches adds its fixed amount plus its percentage of the
  part above its threshold, capped at its maximum and raised to its minimum;
  the remaining amount then becomes that threshold. The amounts are summed.

A level's tiers are for the whole reminder (its remaining amount) or, with
the per-line flag, for each line the reminder raises to a level it had not
reached (the line's remaining amount): a line fee is charged at most once per
invoice and level, whatever the number of reminders.

Currency (:func:`select_tiers`): the tiers of the reminder's currency when the
level has some of that kind; otherwise the company-currency tiers (currency
empty, or the company's), applied to the remaining amount converted to the
company currency, the fee converted back (:func:`dynamic_fee`, ``rate``: the
company-currency amount of one unit of the reminder's currency on the posting
date). Fees are rounded half up to the reminder currency's decimals.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from . import vocabulary
from .amounts import to_decimal
from .errors import ConfigError

__all__ = [
    "ACCUMULATED",
    "FEE_CALCULATIONS",
    "FIXED",
    "SINGLE",
    "FeeTier",
    "accumulated_dynamic_fee",
    "dynamic_fee",
    "select_tiers",
    "single_dynamic_fee",
    "tier_fee",
    "validate_tier",
    "validate_tiers",
]

FEE_CALCULATIONS = vocabulary.keys(vocabulary.FEE_CALCULATIONS)
FIXED, SINGLE, ACCUMULATED = FEE_CALCULATIONS

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class FeeTier:
    """One tier of a level's fee setup; ``maximum_amount`` 0 means no maximum,
    ``currency_id`` None the company currency."""

    threshold: Decimal = ZERO
    fixed_amount: Decimal = ZERO
    percentage: Decimal = ZERO
    minimum_amount: Decimal = ZERO
    maximum_amount: Decimal = ZERO
    per_line: bool = False
    currency_id: int | None = None
    level: int = 0
    id: int = 0

    def __post_init__(self):
        for name in ("threshold", "fixed_amount", "percentage", "minimum_amount",
                     "maximum_amount"):
            object.__setattr__(self, name, to_decimal(getattr(self, name)))
        object.__setattr__(self, "currency_id", self.currency_id or None)


def _clamp(tier, amount, cap_first):
    """``amount`` raised to the tier's minimum and capped at its maximum (in
    the order each rule says; the same when minimum <= maximum)."""
    def cap(value):
        return min(value, tier.maximum_amount) if tier.maximum_amount else value

    if cap_first:
        return max(cap(amount), tier.minimum_amount)
    return cap(max(amount, tier.minimum_amount))


def tier_fee(tier, base, cap_first=False):
    """A tier's formula on ``base``: fixed amount plus percentage, raised to
    the minimum and capped at the maximum.

    >>> tier = FeeTier(threshold=100, fixed_amount=5, percentage=2, minimum_amount=8,
    ...                maximum_amount=20)
    >>> tier_fee(tier, Decimal(100)), tier_fee(tier, Decimal(500)), tier_fee(tier, Decimal(2000))
    (Decimal('8'), Decimal('15'), Decimal('20'))
    """
    return _clamp(tier, tier.fixed_amount + tier.percentage * base / HUNDRED, cap_first)


def _by_threshold(tiers):
    return sorted(tiers, key=lambda tier: tier.threshold)


def single_dynamic_fee(tiers: Sequence[FeeTier], remaining) -> Decimal:
    """The single dynamic fee on ``remaining`` (not rounded).

    >>> tiers = [FeeTier(0, fixed_amount=5), FeeTier(1000, fixed_amount=10, percentage=1)]
    >>> single_dynamic_fee(tiers, Decimal(999)), single_dynamic_fee(tiers, Decimal(1000))
    (Decimal('5'), Decimal('20'))
    >>> single_dynamic_fee([FeeTier(100, fixed_amount=5)], Decimal(99))
    Decimal('0')
    """
    remaining = to_decimal(remaining)
    reached = [tier for tier in tiers if tier.threshold <= remaining]
    if not reached:
        return ZERO
    return tier_fee(_by_threshold(reached)[-1], remaining)


def accumulated_dynamic_fee(tiers: Sequence[FeeTier], remaining) -> Decimal:
    """The accumulated dynamic fee on ``remaining`` (not rounded).

    >>> tiers = [FeeTier(0, fixed_amount=5), FeeTier(1000, fixed_amount=10, percentage=1)]
    >>> # 1500: 10 + 1% of 500 = 15 from the 1000 tier, then 5 from the 0 tier
    >>> accumulated_dynamic_fee(tiers, Decimal(1500))
    Decimal('20')
    >>> accumulated_dynamic_fee(tiers, Decimal(1000)), accumulated_dynamic_fee(tiers, 999)
    (Decimal('15'), Decimal('5'))
    """
    remaining = to_decimal(remaining)
    total = ZERO
    for tier in reversed(_by_threshold(tiers)):
        if remaining < tier.threshold:
            continue
        total += tier_fee(tier, remaining - tier.threshold, cap_first=True)
        remaining = tier.threshold
    return total


def _round(amount, rounding):
    return amount.quantize(Decimal(1).scaleb(-rounding), rounding=ROUND_HALF_UP)


def dynamic_fee(calculation, tiers, remaining, rate=None, rounding=2):
    """The fee of ``calculation`` (single or accumulated dynamic) on
    ``remaining``, rounded to ``rounding`` decimals.

    ``rate`` given, the tiers are in the company currency: ``remaining`` is
    converted to it (times ``rate``) and the fee back (divided by ``rate``).

    >>> tiers = [FeeTier(0, percentage=10, maximum_amount=30)]
    >>> dynamic_fee(SINGLE, tiers, Decimal("123.45"))
    Decimal('12.35')
    >>> # 500 in a currency worth half the company's: 250, fee 25, 50 back
    >>> dynamic_fee(SINGLE, tiers, Decimal(500), rate=Decimal("0.5"))
    Decimal('50.00')
    >>> dynamic_fee("fixed", tiers, 1)
    Traceback (most recent call last):
    ...
    ValueError: not a dynamic fee calculation: 'fixed'
    """
    if calculation == SINGLE:
        compute = single_dynamic_fee
    elif calculation == ACCUMULATED:
        compute = accumulated_dynamic_fee
    else:
        raise ValueError(f"not a dynamic fee calculation: {calculation!r}")
    remaining = to_decimal(remaining)
    if rate is None:
        return _round(compute(tiers, remaining), rounding)
    rate = to_decimal(rate)
    return _round(compute(tiers, remaining * rate) / rate, rounding)


def select_tiers(tiers, currency_id, company_currency_id):
    """``(tiers, convert)``: the tiers of ``currency_id`` when there are some,
    else the company-currency tiers with ``convert`` True (False when the
    reminder is in the company currency). Call it per kind (per line or not).

    >>> eur, usd = 2, 1
    >>> own, base = FeeTier(0, 5, currency_id=eur), FeeTier(0, 3)
    >>> select_tiers([own, base], eur, usd) == ([own], False)
    True
    >>> select_tiers([base], eur, usd) == ([base], True)
    True
    >>> select_tiers([own, base], usd, usd) == ([base], False)
    True
    """
    def company(tier):
        return tier.currency_id in (None, company_currency_id)

    if currency_id == company_currency_id:
        return [tier for tier in tiers if company(tier)], False
    own = [tier for tier in tiers if tier.currency_id == currency_id]
    if own:
        return own, False
    return [tier for tier in tiers if company(tier)], True


def validate_tier(tier):
    """Raise :class:`~.errors.ConfigError` on a bad tier, naming the field and
    the value (``level`` set to the tier's level).

    >>> validate_tier(FeeTier(100, 5, 2, minimum_amount=1, maximum_amount=9))
    >>> for bad in (FeeTier(percentage=-1), FeeTier(percentage=101),
    ...             FeeTier(minimum_amount=10, maximum_amount=5), FeeTier(threshold=-1)):
    ...     try:
    ...         validate_tier(bad)
    ...     except ConfigError as err:
    ...         print(err.field, err.value, err.rule)
    percentage -1 negative
    percentage 101 over_100
    minimum_amount 10 above_maximum
    threshold -1 negative
    """
    for name in ("threshold", "fixed_amount", "percentage", "minimum_amount", "maximum_amount"):
        value = getattr(tier, name)
        if value < 0:
            raise ConfigError(name, value, "negative",
                              f"{name} must not be negative, got {value}", level=tier.level)
    if tier.percentage > HUNDRED:
        raise ConfigError("percentage", tier.percentage, "over_100",
                          f"percentage must be 100 or less, got {tier.percentage}",
                          level=tier.level)
    if tier.maximum_amount and tier.minimum_amount > tier.maximum_amount:
        raise ConfigError(
            "minimum_amount", tier.minimum_amount, "above_maximum",
            f"minimum_amount {tier.minimum_amount} is above maximum_amount "
            f"{tier.maximum_amount}", level=tier.level)


def validate_tiers(tiers, company_currency_id=None):
    """Validate each tier (:func:`validate_tier`) and refuse two tiers of one
    level, kind (per line or not) and currency (empty being the company's)
    from the same threshold (rule ``overlap``, the value the threshold).

    >>> validate_tiers([FeeTier(0, level=1), FeeTier(100, level=1), FeeTier(0, level=2)])
    >>> try:
    ...     validate_tiers([FeeTier(100, level=1, currency_id=3), FeeTier(100, 1, level=1)], 3)
    ... except ConfigError as err:
    ...     print(err.field, err.value, err.rule, err.level)
    threshold 100 overlap 1
    """
    seen = set()
    for tier in tiers:
        validate_tier(tier)
        currency = tier.currency_id
        if currency == company_currency_id:
            currency = None
        key = (tier.level, tier.per_line, currency, tier.threshold)
        if key in seen:
            raise ConfigError(
                "threshold", tier.threshold, "overlap",
                f"two tiers of level {tier.level} start from {tier.threshold}",
                level=tier.level)
        seen.add(key)
