"""The awareness diagnosis beyond the means: consensus, reliability, gaps, workshop, explorer."""

import math

import pytest
from test_scoring import HAND, MINI, answers

from kmkit.core.errors import InputError, KmkitError
from kmkit.core.scoring import breakdown, cronbach_alpha, score_grid, score_maturity
from kmkit.core.workspace import open_client
from kmkit.phases.awareness.compute import (
    answer_distribution,
    department_disagreement,
    findings_matrix,
    item_gaps,
)
from kmkit.phases.awareness.inputs import read_workshop
from kmkit.phases.awareness.text import workshop_findings

# alpha items a1 and a2 (a2 reverse-coded: raw 4, 4, 2, 1 score 2, 2, 4, 5)
RELIABLE = answers(
    [
        (1, "X", "S", "a1", 1, False),
        (1, "X", "S", "a2", 4, False),
        (1, "X", "S", "b1", 2, False),
        (2, "X", "S", "a1", 2, False),
        (2, "X", "S", "a2", 4, False),
        (2, "X", "S", "b1", 3, False),
        (3, "X", "S", "a1", 3, False),
        (3, "X", "S", "a2", 2, False),
        (3, "X", "S", "b1", 4, False),
        (4, "X", "S", "a1", 4, False),
        (4, "X", "S", "a2", 1, False),
        (4, "X", "S", "b1", 5, False),
    ]
)


def test_cronbach_alpha_by_hand():
    grid = score_grid(RELIABLE, MINI)
    # item variances 1.6667 and 2.25, variance of the sums 7.5833: 2 * (1 - 3.9167 / 7.5833)
    assert cronbach_alpha(grid.columns(["a1", "a2"])) == pytest.approx(0.96703, abs=1e-4)
    assert math.isnan(cronbach_alpha(grid.columns(["b1"])))  # one item: no alpha


def test_alpha_flag_and_agree_share_in_category_table():
    cats = score_maturity(RELIABLE, MINI).categories.set_index("category")
    assert not cats.loc["alpha", "alpha_low"]
    # scored alpha values: 1,2 | 2,2 | 3,4 | 4,5 -> three of eight at 4 or more
    assert cats.loc["alpha", "agree_share"] == pytest.approx(3 / 8)
    assert cats.loc["beta", "agree_share"] == pytest.approx(2 / 4)


def test_alpha_is_flagged_when_items_disagree():
    noisy = answers(
        [
            (i, "X", "S", item, v, False)
            for i, (a, b) in enumerate([(1, 2), (5, 4), (2, 1), (4, 5)], start=1)
            for item, v in (("a1", a), ("a2", b))
        ]
    )  # a2 is reverse-coded: views clash
    assert score_maturity(noisy, MINI).categories.set_index("category").loc["alpha", "alpha_low"]


def test_distribution_shares_include_dont_know_and_sum_to_one():
    table = answer_distribution(score_maturity(HAND, MINI))
    sums = table.groupby("category")["share"].sum()
    assert sums.round(9).eq(1).all()
    alpha = table.loc[table["category"] == "alpha"].set_index("answer")["share"]
    # alpha answers: 4, 2, 5, don't know, 2 (r3's a2 is missing and left out)
    assert alpha["Don't know" if "Don't know" in alpha else "?"] == pytest.approx(1 / 5)
    assert alpha["2 b"] == pytest.approx(2 / 5)


def test_gaps_use_targets_where_given_and_turn_reverse_items_round():
    rows = answers(
        [
            (1, "X", "S", "a1", 2, False),
            (1, "X", "S", "a2", 4, False),
            (1, "X", "S", "b1", 3, False),
        ]
    )
    rows["target"] = [4.0, 1.0, None]
    gaps = item_gaps(score_maturity(rows, MINI)).set_index("item_id")
    assert gaps.loc["a1", ["now", "target", "gap"]].tolist() == [2, 4, 2]
    assert gaps.loc["a2", ["now", "target", "gap"]].tolist() == [2, 5, 3]  # 6-4=2 now, 6-1=5
    assert gaps.loc["a2", "basis"] == "target"
    assert gaps.loc["b1", "basis"] == "scale top" and gaps.loc["b1", "gap"] == 2
    assert list(gaps.index) == ["a2", "a1", "b1"]
    assert gaps.loc["a2", "text"].endswith("(reversed: the less people agree, the better)")
    assert "reversed" not in gaps.loc["a1", "text"]  # a gap never reads as asking for more of a2


def test_disagreement_ignores_suppressed_groups():
    result = score_maturity(HAND, MINI)
    table = breakdown(result, "department", threshold=1)
    assert department_disagreement(table).iloc[0]["range"] > 0
    hidden = breakdown(result, "department", threshold=2)  # Y has one respondent
    assert department_disagreement(hidden).empty


@pytest.fixture
def precision(clients_dir):
    from kmkit.phases.awareness.compute import assess_maturity

    client = open_client("demo-precision", clients_dir)
    return client, assess_maturity(client)


def test_workshop_findings_sit_beside_the_survey(precision):
    client, result = precision
    table = findings_matrix(result, read_workshop(client, result))
    assert len(table) == 7 and table["agreed"].notna().all()
    text = workshop_findings(client, result)
    assert "| Leadership and strategy |" in text and "name a lead" in text


def test_workshop_for_another_wave_is_not_mixed_in(precision):
    client, result = precision
    path = client.data_dir / "workshop.yaml"
    path.write_text(path.read_text().replace("wave: baseline", "wave: reassessment"))
    assert "discussed wave 'reassessment'" in workshop_findings(client, result)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("category: people", "category: culture"), "no category 'culture'"),
        (("agreed: 3.5", "agreed: 9"), "agreed rating 9.0 is outside 1-5"),
        (("wave: baseline", "wav: baseline"), "field 'wav"),
    ],
)
def test_bad_workshop_file_names_file_and_field(precision, change, words):
    client, result = precision
    path = client.data_dir / "workshop.yaml"
    path.write_text(path.read_text().replace(*change))
    with pytest.raises(InputError) as err:
        read_workshop(client, result)
    assert str(path) in str(err.value) and words in str(err.value)


def test_no_workshop_says_what_to_add(clients_dir):
    from kmkit.phases.awareness.compute import assess_maturity

    client = open_client("demo-accounting", clients_dir)
    assert "templates/workshop.yaml" in workshop_findings(client, assess_maturity(client))


def test_explorer_offers_only_departments_over_the_threshold(precision):
    from kmkit.phases.awareness.compute import WHOLE_FIRM as ALL
    from kmkit.phases.awareness.compute import department_result, shown_departments
    from kmkit.phases.awareness.explorer import awareness_explorer

    client, result = precision
    offered = shown_departments(result, client)
    sizes = result.by_respondent.groupby("department").size()
    assert set(offered) == set(sizes[sizes >= 5].index) and "Management" not in offered
    with pytest.raises(KmkitError, match="fewer than 5"):
        department_result(result, client, "Management")
    explorer = awareness_explorer(result, client)
    department, category = explorer.children[0].children
    assert department.options[0] == ALL and "Management" not in department.options
    profile = items = explorer.children[2]  # one view: the profile, then the questions
    department.value = "Quality"
    shown = "".join(str(o) for o in profile.outputs)
    assert "Quality" in shown and "image/svg+xml" in shown
    category.value = "technology"
    assert "Technology and infrastructure: question by question" in str(items.outputs)


def test_department_result_scores_only_that_department(precision):
    from kmkit.phases.awareness.compute import department_result

    client, result = precision
    quality = department_result(result, client, "Quality")
    people = result.by_respondent.query("department == 'Quality'")
    assert quality.respondents == len(people)
    categories = list(quality.categories["category"])
    assert quality.overall == pytest.approx(people[categories].mean(axis=1).mean())


def test_level_bands_are_printed_half_open_so_a_score_reads_in_one_band(client):
    from helpers import engaged

    from kmkit.core.numbers import score
    from kmkit.phases.awareness.text import level_meanings

    result = engaged(client).maturity
    rows = [line.split("|")[1:3] for line in level_meanings(result).splitlines()[2:]]
    bands = {level.strip(): band.strip() for level, band in rows}
    levels = sorted(result.instrument.levels, key=lambda lv: lv.min)
    for lv in levels:
        name = f"{lv.level}. {lv.name}" + (" (you are here)" if lv == result.level else "")
        words = "to" if lv is levels[-1] else "to under"  # the top band holds its maximum
        assert bands[name] == f"{score(lv.min)} {words} {score(lv.max)}"
