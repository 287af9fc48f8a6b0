# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Dynamic reminder fees: hand-computed cases of both rules (amounts exactly
at a threshold included), the currency fallback, the tiers' validation, the
fees a reminder proposal gets, and property tests."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine import fees
from account_collections_automation.engine.errors import ConfigError
from account_collections_automation.engine.fees import (
    ACCUMULATED,
    SINGLE,
    FeeTier,
    accumulated_dynamic_fee,
    dynamic_fee,
    select_tiers,
    single_dynamic_fee,
    tier_fee,
    validate_tiers,
)
from account_collections_automation.engine.reminder_validation import validate_level
from account_collections_automation.engine.reminders import (
    LevelConfig,
    OpenItem,
    TermConfig,
    propose_reminder,
)

D = Decimal

# From 0: 5 flat. From 1000: 10 + 1%, at least 22, at most 25.
# From 5000: 0.5%, at most 40.
TIERS = (
    FeeTier(D(0), fixed_amount=D(5)),
    FeeTier(D(1000), fixed_amount=D(10), percentage=D(1), minimum_amount=D(22),
            maximum_amount=D(25)),
    FeeTier(D(5000), percentage=D("0.5"), maximum_amount=D(40)),
)


@pytest.mark.parametrize("remaining, expected", [
    ("0", "5"),  # exactly at the first threshold
    ("999.99", "5"),
    ("1000", "22"),  # exactly at 1000: 10 + 10 = 20, raised to the minimum 22
    ("1250", "22.50"),  # 10 + 12.50
    ("1500", "25"),  # 10 + 15 = 25, the maximum
    ("2000", "25"),  # 10 + 20 = 30, capped at 25
    ("4999.99", "25"),
    ("5000", "25"),  # exactly at 5000: 0.5% of 5000
    ("6000", "30"),
    ("10000", "40"),  # 50, capped at 40
])
def test_single_dynamic_by_hand(remaining, expected):
    assert dynamic_fee(SINGLE, TIERS, D(remaining)) == D(expected).quantize(D("0.01"))


@pytest.mark.parametrize("remaining, expected", [
    ("0", "5"),  # the 0 tier: 5 + 0%
    ("999.99", "5"),
    ("1000", "27"),  # 1000 tier: 10 + 1% of 0 = 10, raised to 22; then 5
    ("2000", "27"),  # 10 + 1% of 1000 = 20, raised to 22; then 5
    ("2500", "30"),  # 10 + 15 = 25; then 5
    ("3000", "30"),  # 10 + 20 = 30, capped at 25; then 5
    ("5000", "30"),  # 5000 tier: 0.5% of 0 = 0; 1000 tier on 5000: 50 capped 25; 5
    ("9000", "50"),  # 0.5% of 4000 = 20; 25; 5
    ("10000", "55"),  # 0.5% of 5000 = 25; 25; 5
    ("20000", "70"),  # 0.5% of 15000 = 75, capped at 40; 25; 5
])
def test_accumulated_dynamic_by_hand(remaining, expected):
    assert dynamic_fee(ACCUMULATED, TIERS, D(remaining)) == D(expected).quantize(D("0.01"))


def test_no_tier_reached_no_fee():
    tiers = [FeeTier(D(100), fixed_amount=D(5))]
    assert dynamic_fee(SINGLE, tiers, D("99.99")) == D("0.00")
    assert dynamic_fee(ACCUMULATED, tiers, D("99.99")) == D("0.00")
    assert dynamic_fee(SINGLE, [], D(1000)) == D("0.00")


def test_rounding_half_up_to_the_currency():
    tiers = [FeeTier(D(0), percentage=D("0.5"))]
    assert dynamic_fee(SINGLE, tiers, D("1234.56")) == D("6.17")  # 6.1728
    assert dynamic_fee(SINGLE, tiers, D("1001")) == D("5.01")  # 5.005, half up
    assert dynamic_fee(SINGLE, tiers, D("1001"), rounding=0) == D("5")


def test_currency_fallback_converts_both_ways():
    eur, usd = 2, 1
    company = FeeTier(D(0), fixed_amount=D(5), percentage=D(2))
    own = FeeTier(D(0), fixed_amount=D(3), currency_id=eur)
    assert select_tiers([company, own], eur, usd) == ([own], False)
    tiers, convert = select_tiers([company], eur, usd)
    assert (tiers, convert) == ([company], True)
    # 1 EUR = 0.5 USD: 1000 EUR is 500 USD, fee 5 + 10 = 15 USD, 30 EUR.
    assert dynamic_fee(SINGLE, tiers, D(1000), rate=D("0.5")) == D("30.00")
    # The threshold is in the company currency: 400 USD is 800 EUR.
    high = FeeTier(D(400), fixed_amount=D(50))
    assert dynamic_fee(SINGLE, [company, high], D(799), rate=D("0.5")) == D(
        "25.98")  # (5 + 2% of 399.5) / 0.5
    assert dynamic_fee(SINGLE, [company, high], D(800), rate=D("0.5")) == D("100.00")
    # In the company currency, the company's tiers, with or without currency.
    explicit = FeeTier(D(0), fixed_amount=D(7), currency_id=usd)
    assert select_tiers([company, explicit, own], usd, usd) == ([company, explicit], False)


@pytest.mark.parametrize("tier, field, value, rule", [
    (FeeTier(percentage=D(-1)), "percentage", D(-1), "negative"),
    (FeeTier(percentage=D("100.01")), "percentage", D("100.01"), "over_100"),
    (FeeTier(minimum_amount=D(30), maximum_amount=D(20)), "minimum_amount", D(30),
     "above_maximum"),
    (FeeTier(fixed_amount=D(-5)), "fixed_amount", D(-5), "negative"),
    (FeeTier(threshold=D(-1)), "threshold", D(-1), "negative"),
    (FeeTier(maximum_amount=D(-1)), "maximum_amount", D(-1), "negative"),
])
def test_bad_tiers_are_refused_naming_field_and_value(tier, field, value, rule):
    with pytest.raises(ConfigError) as caught:
        validate_tiers([tier])
    assert (caught.value.field, caught.value.value, caught.value.rule) == (field, value, rule)


def test_percentage_100_and_no_maximum_are_fine():
    validate_tiers([FeeTier(percentage=D(100)), FeeTier(D(1), minimum_amount=D(30))])


def test_overlapping_thresholds_are_refused():
    usd, eur = 1, 2
    fine = [
        FeeTier(D(100), level=1), FeeTier(D(100), level=2),  # other level
        FeeTier(D(100), level=1, per_line=True),  # other kind
        FeeTier(D(100), level=1, currency_id=eur),  # other currency
    ]
    validate_tiers(fine, usd)
    with pytest.raises(ConfigError) as caught:
        # an empty currency is the company's
        validate_tiers(fine + [FeeTier(D(100), level=1, currency_id=usd)], usd)
    assert (caught.value.field, caught.value.value, caught.value.rule, caught.value.level) == (
        "threshold", D(100), "overlap", 1)


def test_level_refuses_an_unknown_calculation():
    with pytest.raises(ConfigError) as caught:
        validate_level(LevelConfig(1, 1, fee_calculation="percentage"))
    assert (caught.value.field, caught.value.value) == ("fee_calculation", "percentage")


# --- in a reminder ---------------------------------------------------------------

AS_OF = date(2024, 6, 30)


def _item(line_id, residual, reached=0):
    last = AS_OF - timedelta(days=40) if reached else None
    return OpenItem(line_id, line_id * 10, AS_OF - timedelta(days=60), D(residual), D(residual),
                    reached_level=reached, last_reminder_date=last)


def _term(calculation):
    tiers = (FeeTier(D(0), fixed_amount=D(5)), FeeTier(D(1000), percentage=D(1)))
    line_tiers = (FeeTier(D(0), fixed_amount=D(1), per_line=True),
                  FeeTier(D(500), fixed_amount=D(2), percentage=D(1), per_line=True))
    return TermConfig(1, levels=(
        LevelConfig(11, 1), LevelConfig(12, 2, fee_calculation=calculation, fee_tiers=tiers,
                                         line_fee_tiers=line_tiers)))


def test_proposal_fee_from_the_tiers_and_line_fees():
    items = [_item(1, "600", reached=1), _item(2, "900", reached=1)]
    single = propose_reminder(_term(SINGLE), items, AS_OF)
    # 1500: 1% = 15; lines: 600 -> 2 + 6 = 8, 900 -> 2 + 9 = 11
    assert (single.level, single.fee_amount) == (2, D("34.00"))
    accumulated = propose_reminder(_term(ACCUMULATED), items, AS_OF)
    # 1500: 1% of 500 = 5, then 5; lines: 600 -> 2 + 1 then 1 = 4, 900 -> 2 + 4 then 1 = 7
    assert accumulated.fee_amount == D("21.00")
    assert accumulated.total_due == D("1521.00")


def test_proposal_line_fee_once_per_invoice_and_level():
    # Item 1 is at level 2, the last: reminded at level 2 again, no line fee.
    items = [_item(1, "600", reached=2), _item(2, "900", reached=1)]
    proposal = propose_reminder(_term(SINGLE), items, AS_OF)
    assert [line.level for line in proposal.lines] == [2, 2]
    assert proposal.fee_amount == D("26.00")  # 15 + 11
    again = propose_reminder(_term(SINGLE), [_item(1, "600", reached=2)], AS_OF)
    assert again.fee_amount == D("5.00")  # 600: the 0 tier, and no line fee


def test_proposal_with_company_tiers_for_another_currency():
    level = LevelConfig(11, 1, fee_calculation=SINGLE,
                        fee_tiers=(FeeTier(D(0), percentage=D(10)),), fee_rate=D("0.5"))
    proposal = propose_reminder(TermConfig(1, levels=(level,)), [_item(1, "333.33")], AS_OF)
    # 333.33 -> 166.665 in the company currency, 16.6665, back: 33.333 -> 33.33
    assert proposal.fee_amount == D("33.33")


# --- properties -------------------------------------------------------------------

AMOUNT = st.decimals(min_value=0, max_value=10000, places=2, allow_nan=False,
                     allow_infinity=False)


@st.composite
def tier_sets(draw):
    thresholds = draw(st.lists(AMOUNT, min_size=1, max_size=5, unique=True))
    tiers = []
    for threshold in thresholds:
        minimum = draw(st.decimals(0, 100, places=2))
        maximum = draw(st.one_of(st.just(D(0)), st.decimals(0, 200, places=2).map(
            lambda value, minimum=minimum: value + minimum)))
        tiers.append(FeeTier(
            threshold, fixed_amount=draw(st.decimals(0, 50, places=2)),
            percentage=draw(st.decimals(0, 100, places=3)),
            minimum_amount=minimum, maximum_amount=maximum))
    validate_tiers(tiers)
    return tiers


@given(tier_sets(), AMOUNT, AMOUNT)
def test_accumulated_fee_never_falls_when_the_amount_grows(tiers, first, second):
    low, high = sorted((first, second))
    assert accumulated_dynamic_fee(tiers, low) <= accumulated_dynamic_fee(tiers, high)
    assert dynamic_fee(ACCUMULATED, tiers, low) <= dynamic_fee(ACCUMULATED, tiers, high)
    assert accumulated_dynamic_fee(tiers, low) >= 0


@given(tier_sets(), AMOUNT)
def test_single_fee_is_one_tiers_formula_within_its_bounds(tiers, remaining):
    fee = single_dynamic_fee(tiers, remaining)
    reached = [tier for tier in tiers if tier.threshold <= remaining]
    if not reached:
        assert fee == 0
        return
    matching = [tier for tier in reached if tier_fee(tier, remaining) == fee]
    assert matching, "the fee is one tier's formula"
    tier = max(reached, key=lambda tier: tier.threshold)
    assert tier in matching, "the highest threshold not above the amount"
    assert fee >= tier.minimum_amount
    if tier.maximum_amount:
        assert fee <= tier.maximum_amount
    raw = tier.fixed_amount + tier.percentage * remaining / 100
    assert fee == raw or fee in (tier.minimum_amount, tier.maximum_amount)


def test_vocabulary_keys():
    assert fees.FEE_CALCULATIONS == ("fixed", "single_dynamic", "accumulated_dynamic")
