"""The item-analysis formulas on small data sets worked out by hand."""

from __future__ import annotations

import pytest

from quizapp.stats import figures


def test_corrected_item_total_correlation_matches_the_hand_computed_value():
    # x̄ = 0.6, ȳ = 0.48; Sxy = 0.36, Sxx = 1.2, Syy = 0.208; r = 0.36 / √0.2496
    r = figures.correlation([1, 1, 1, 0, 0], [0.8, 0.6, 0.4, 0.4, 0.2])
    assert r == pytest.approx(0.72058, abs=1e-5)


def test_correlation_is_undefined_when_an_item_never_varies_or_for_two_pairs():
    assert figures.correlation([1, 1, 1, 1], [0.1, 0.5, 0.7, 0.9]) is None
    assert figures.correlation([1, 0], [1.0, 0.0]) is None


def test_a_question_the_weak_get_right_correlates_negatively():
    # Sxy = -0.8, Sxx = 1, Syy = 0.68; r = -0.8 / √0.68
    assert figures.correlation([0, 0, 1, 1], [1.0, 0.8, 0.2, 0.0]) == pytest.approx(-0.97014, abs=1e-5)


def test_upper_lower_index_compares_the_top_and_bottom_27_percent():
    rests = [i / 20 for i in range(20)]  # ranked 0 … 19; 27 % of 20 is 5 each side
    items = [1, 0, 0, 0, 0] + [0] * 10 + [1, 1, 0, 1, 1]
    assert figures.upper_lower(items, rests) == pytest.approx(0.8 - 0.2)


def test_upper_lower_needs_five_attempts_in_each_group():
    assert figures.upper_lower([1, 0] * 9, [i / 18 for i in range(18)]) is not None  # round(4.86) = 5
    assert figures.upper_lower([1, 0] * 8, [i / 16 for i in range(16)]) is None  # round(4.32) = 4


def test_facility_and_median():
    assert figures.mean([1, 0, 0.5, 1]) == 0.625
    assert figures.median([4.0, 1.0, 30.0]) == 4.0
    assert figures.mean([]) is None and figures.median([]) is None
