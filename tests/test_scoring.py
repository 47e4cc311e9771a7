"""Scoring against expectations worked out by hand for a small response set."""

import math

import pandas as pd
import pytest

from kmkit.core.errors import NoDataError
from kmkit.core.instruments import Instrument
from kmkit.core.scoring import breakdown, score_maturity, suppressed_groups

MINI = Instrument.model_validate(
    {
        "id": "mini",
        "version": "1",
        "title": "Mini",
        "scale": {
            "min": 1,
            "max": 5,
            "labels": {1: "a", 2: "b", 3: "c", 4: "d", 5: "e"},
            "dont_know": "?",
        },
        "categories": [
            {
                "id": "alpha",
                "name": "Alpha",
                "measures": "test",
                "items": [{"id": "a1", "text": "x"}, {"id": "a2", "text": "y", "reverse": True}],
            },
            {
                "id": "beta",
                "name": "Beta",
                "measures": "test",
                "items": [{"id": "b1", "text": "z"}],
            },
        ],
        "levels": [
            {"level": 1, "name": "Low", "min": 1.0, "max": 2.5, "meaning": "-"},
            {"level": 2, "name": "Mid", "min": 2.5, "max": 3.5, "meaning": "-"},
            {"level": 3, "name": "High", "min": 3.5, "max": 5.0, "meaning": "-"},
        ],
    }
)


def answers(rows):
    """Long-format answers as the store returns them."""
    frame = pd.DataFrame(
        rows, columns=["response_id", "department", "role", "item_id", "now", "dont_know"]
    )
    frame["now"] = frame["now"].astype(float)
    return frame


# r1: a1=4, a2=2 (reverse-coded: 4), b1=3 -> alpha 4, beta 3
# r2: a1=5, a2 don't know (left out, not 0), b1=2 -> alpha 5, beta 2
# r3: a1=2, a2 missing, b1=4 -> alpha 2, beta 4
HAND = answers(
    [
        (1, "X", "Staff", "a1", 4, False),
        (1, "X", "Staff", "a2", 2, False),
        (1, "X", "Staff", "b1", 3, False),
        (2, "X", "Staff", "a1", 5, False),
        (2, "X", "Staff", "a2", None, True),
        (2, "X", "Staff", "b1", 2, False),
        (3, "Y", "Manager", "a1", 2, False),
        (3, "Y", "Manager", "b1", 4, False),
    ]
)


def test_category_means_handle_reverse_items_dont_know_and_missing():
    result = score_maturity(HAND, MINI, "w1")
    means = result.categories.set_index("category")["mean"]
    assert means["alpha"] == pytest.approx(11 / 3)
    assert means["beta"] == pytest.approx(3.0)
    assert result.by_respondent.loc[2, "alpha"] == pytest.approx(5.0)  # 'don't know' never 0


def test_interval_is_the_t_interval():
    result = score_maturity(HAND, MINI, "w1")
    beta = result.categories.set_index("category").loc["beta"]
    half = 4.302653 * 1.0 / math.sqrt(3)  # t(0.975, 2) * sd / sqrt(n); beta values 3, 2, 4
    assert beta["ci_low"] == pytest.approx(3 - half, abs=1e-5)
    assert beta["ci_high"] == pytest.approx(3 + half, abs=1e-5)


def test_overall_level_and_uncertainty():
    result = score_maturity(HAND, MINI, "w1")
    assert result.overall == pytest.approx((3.5 + 3.5 + 3.0) / 3)
    assert result.level.name == "Mid"
    # overall interval 3.33 +/- 0.72 reaches into 'High': the level is uncertain
    assert [lv.name for lv in result.possible_levels] == ["Mid", "High"]
    assert result.level_uncertain
    assert result.respondents == 3


def test_certain_level_when_interval_inside_one_band():
    tight = answers([(i, "X", "S", item, 3, False) for i in range(1, 9) for item in ("a1", "b1")])
    result = score_maturity(tight, MINI)
    assert result.level.name == "Mid" and not result.level_uncertain


def test_breakdown_suppresses_small_groups():
    result = score_maturity(HAND, MINI, "w1")
    shown = breakdown(result, "department", threshold=1).set_index(["department", "category"])
    assert shown.loc[("X", "alpha"), "mean"] == pytest.approx(4.5)
    assert not shown["suppressed"].any()
    table = breakdown(result, "department", threshold=2).set_index(["department", "category"])
    hidden = table.loc["Y"]
    assert hidden["suppressed"].all()
    assert hidden["mean"].isna().all() and hidden["n"].isna().all()  # neither value nor size
    # X alone would give Y away (the firm's mean minus X's), so X is hidden as well
    assert table.loc["X", "suppressed"].all() and table.loc["X", "mean"].isna().all()


def test_no_answers_is_a_clear_error():
    with pytest.raises(NoDataError, match="kmkit import"):
        score_maturity(HAND.iloc[0:0], MINI, "w1")


def test_ranked_order_strongest_first():
    result = score_maturity(HAND, MINI, "w1")
    assert list(result.ranked()["category"]) == ["alpha", "beta"]


def test_one_small_group_hides_the_next_smallest_too():
    sizes = pd.Series({"Big": 12, "Medium": 6, "Tiny": 2})
    # Tiny alone could be worked out from the firm's mean minus Big and Medium
    assert suppressed_groups(sizes, 5) == {"Tiny", "Medium"}


def test_small_groups_that_together_reach_the_threshold_hide_nothing_more():
    sizes = pd.Series({"Big": 12, "Medium": 6, "Small": 4, "Tiny": 2})
    assert suppressed_groups(sizes, 5) == {"Small", "Tiny"}
    assert suppressed_groups(pd.Series({"A": 5, "B": 7}), 5) == set()
