"""The clusters phase: workspace, benchmark, positions, matches, topics and privacy."""

from __future__ import annotations

import dataclasses
import shutil
import urllib.request

import numpy as np
import pandas as pd
import pytest
import yaml
from helpers import SHIPPED_CLIENTS, run_kmkit

from kmkit.core.errors import WorkspaceError
from kmkit.core.workspace import open_client
from kmkit.phases.clusters.compute import (
    ALL,
    Benchmark,
    benchmark,
    cop_topics,
    matches,
    position,
    quartiles,
    shown_subgroups,
)
from kmkit.phases.clusters.inputs import open_cluster
from kmkit.phases.clusters.members import (
    AREA_COLUMNS,
    OVERALL,
    MemberFigures,
    area_needs,
    member_figures,
)
from kmkit.phases.clusters.page import cluster_view
from kmkit.phases.solutions.catalogue import SHIPPED, read_catalogue
from kmkit.phases.strategy.compute import area_importance
from kmkit.phases.strategy.inputs import client_areas
from kmkit.reports.batch import run_here
from kmkit.reports.jobs import Job

CANARY = "ZQX-7731"
HIDDEN = "peer-ivy-payroll"  # not in the demo cluster's `named` list


def figures(table: dict[str, dict[str, float]], named: set[str] = frozenset()) -> MemberFigures:
    """Member figures from {member: {category: score}}, with a 0.2-wide interval each."""
    scores = pd.DataFrame(
        [
            (m, c, c.title(), v, v - 0.2, v + 0.2)
            for m, cats in table.items()
            for c, v in cats.items()
        ],
        columns=["member", "category", "name", "mean", "ci_low", "ci_high"],
    )
    members = pd.DataFrame({
        "member": list(table), "name": [f"Firm {m}" for m in table],
        "named": [m in named for m in table], "employees": 30, "size_band": "small",
        "sector": "x", "respondents": 10, "level": "Developing",
    })  # fmt: skip
    needs = pd.DataFrame(columns=["member", "source", "key", "weight"])
    return MemberFigures(members, scores, needs)


def test_quartiles_match_numpy_per_group():
    rng = np.random.default_rng(3)
    keys = pd.Series(rng.choice(list("abc"), 200))
    values = pd.Series(rng.uniform(1, 5, 200))
    table = quartiles(keys, values).set_index("key")
    for key in "abc":
        chosen = values[keys == key]
        expected = np.percentile(chosen, [25, 50, 75])
        assert table.loc[key, ["q1", "median", "q3"]].to_numpy() == pytest.approx(expected)
        assert table.loc[key, "members"] == len(chosen)


def test_a_small_group_hides_the_next_smallest_too():
    members = pd.DataFrame({
        "member": list("abcdefghijklm"), "respondents": 5,
        "size_band": ["big"] * 6 + ["mid"] * 5 + ["tiny"] * 2,
    })  # fmt: skip
    # 'tiny' (2) is under 5; alone it would follow from all minus big minus mid: hide mid too.
    assert shown_subgroups(members, "size_band", 5) == ["big"]
    members.loc[members["size_band"] == "tiny", "size_band"] = "mid"
    assert shown_subgroups(members, "size_band", 5) == ["big", "mid"]


def test_benchmark_needs_enough_members():
    four = figures({m: {"people": 3.0} for m in "abcd"})
    assert not benchmark(four, 5).shown and benchmark(four, 5).table.empty
    five = figures({m: {"people": v} for m, v in zip("abcde", (1, 2, 3, 4, 5), strict=True)})
    bench = benchmark(five, 5)
    row = bench.table.iloc[0]
    assert bench.shown and (row["q1"], row["median"], row["q3"]) == (2, 3, 4)
    assert "min" not in bench.table.columns and "max" not in bench.table.columns


def test_position_percentile_counts_peers_below_and_stays_within_5_and_95():
    five = figures({m: {"people": v} for m, v in zip("abcde", (1, 2, 3, 4, 5), strict=True)})
    bench = benchmark(five, 5)
    top = position(five, "e", bench).iloc[0]
    assert top["percentile"] == 95  # above all four peers: 100, shown as 95
    middle = position(five, "c", bench).iloc[0]
    assert middle["percentile"] == 50 and middle["versus"] == "level with"
    assert position(five, "a", bench).iloc[0]["versus"] == "below"  # 1.2 < median 3


def with_areas(figures_: MemberFigures, rows: list[tuple]) -> MemberFigures:
    """The figures with knowledge areas: (member, area, proficiency, target, importance)."""
    areas = pd.DataFrame(
        [(m, a, " ".join(a.split()).casefold(), p, t, w) for m, a, p, t, w in rows],
        columns=AREA_COLUMNS,
    )
    needs = pd.DataFrame(
        [(m, n.source, n.key, n.weight) for m in areas["member"].unique()
         for n in area_needs(areas[areas["member"] == m])],
        columns=["member", "source", "key", "weight"],
    )  # fmt: skip
    return dataclasses.replace(figures_, areas=areas, needs=needs)


def test_area_matches_pair_members_short_of_an_area_with_its_masters_by_strategy_weight():
    nan = float("nan")
    rows = [
        ("a", "Tax", 2.0, 4.0, 1.0),  # short by 2; tax leads its strategy
        ("b", "tax ", 3.0, 4.5, nan),  # short by 1.5; no areas file: no weight
        ("c", "TAX", 4.5, 5.0, nan),  # masters it
        ("d", "Tax", 5.0, 5.0, nan),  # masters it
        ("e", "Tax", 3.5, 4.0, nan),  # neither: short by half a point only
        ("e", "Audit", 2.0, 4.0, nan),  # short, but nobody masters it by 1 point more
        ("d", "Audit", 2.5, 4.0, nan),
    ]
    five = with_areas(figures({m: {"people": 3.0} for m in "abcde"}, named={"c"}), rows)
    found = matches(five, benchmark(five, 5))
    areas = found[found["category"].str.startswith("area:")]
    assert list(zip(areas["member_weak"], areas["member_strong"], strict=True)) == [
        ("a", "d"), ("a", "c"), ("b", "d"), ("b", "c"),
    ]  # fmt: skip
    assert areas["priority"].tolist() == [6.0, 5.0, 2.0, 1.5]  # gap x (1 + weight)
    assert areas["strong_named"].tolist() == [False, True, False, True]
    assert areas["name"].iloc[0] == "Tax (knowledge area)"
    third = pd.DataFrame([("f", "area", "tax", 0.0)], columns=five.needs.columns)
    short = dataclasses.replace(five, needs=pd.concat([five.needs, third], ignore_index=True))
    topics = cop_topics(short, read_catalogue(SHIPPED), {}).set_index("topic")
    shared = topics.loc["knowledge area 'Tax'"]  # a, b and f are short of it
    assert shared["members"] == 3 and "Communities of practice" in shared["interventions"]
    assert "knowledge area 'Audit'" not in topics.index  # two members only
    four = with_areas(figures({m: {"people": 3.0} for m in "abcd"}), rows[:4])
    assert matches(four, benchmark(four, 5)).empty  # too few members: no pair at all


def test_matches_pair_bottom_quarter_with_top_quarter_naming_only_who_agreed():
    scores = {m: {"people": v} for m, v in zip("abcdefgh", range(1, 9), strict=True)}
    found = matches(figures(scores, named={"h", "a"}), benchmark(figures(scores), 5))
    # quartiles of 1..8: q1 2.75, q3 6.25; weak a, b; strong g, h
    assert set(zip(found["member_weak"], found["member_strong"], strict=True)) == {
        ("a", "h"), ("a", "g"), ("b", "h"), ("b", "g"),
    }  # fmt: skip
    first = found.iloc[0]
    assert (first["member_weak"], first["member_strong"], first["gap"]) == ("a", "h", 7)
    assert found.set_index(["member_weak", "member_strong"]).loc[("b", "g"), "strong_named"] == 0
    assert found.set_index(["member_weak", "member_strong"]).loc[("a", "h"), "weak_named"] == 1


def test_demo_cluster_reads_every_member_and_checks_clean(clients_dir):
    cluster = open_cluster("demo-cluster", clients_dir)
    assert len(cluster.members) >= 14 and "demo-accounting" in cluster.members
    figures_ = member_figures(cluster)
    assert set(figures_.scores["member"]) == set(cluster.members)
    assert figures_.members["sector"].nunique() >= 5
    assert figures_.members["size_band"].nunique() >= 2
    areas = figures_.areas.set_index(["member", "key"])
    accounting = open_client("demo-accounting", clients_dir)
    weight = area_importance(client_areas(accounting)).set_index("area")["importance"]
    assert areas.loc[("demo-accounting", "tax"), "importance"] == weight["Tax"]  # its strategy
    assert np.isnan(areas.loc[("peer-kelp-audit", "tax"), "importance"])  # no areas file
    result = run_kmkit("check", "demo-cluster", clients=clients_dir)
    assert result.returncode == 0, result.stdout


def test_bad_cluster_file_is_refused_with_the_field(clients_dir):
    path = clients_dir / "demo-cluster" / "cluster.yaml"
    data = yaml.safe_load(path.read_text())
    data["min_members"] = 2
    data["support"][0]["kind"] = "bank"
    data["named"].append("nobody")
    path.write_text(yaml.safe_dump(data))
    result = run_kmkit("check", "demo-cluster", clients=clients_dir)
    assert result.returncode == 1
    assert "field 'min_members'" in result.stdout and "field 'support.0.kind'" in result.stdout
    with pytest.raises(WorkspaceError):
        open_cluster("demo-cluster", clients_dir)
    data["min_members"] = 5
    data["support"][0]["kind"] = "government"
    path.write_text(yaml.safe_dump(data))
    result = run_kmkit("check", "demo-cluster", clients=clients_dir)
    assert "'named' lists 'nobody', which is no member" in result.stdout


def test_new_cluster_scaffolds_a_valid_file_and_never_overwrites(tmp_path):
    made = run_kmkit(
        "new-cluster", "food", "--name", "Food: Riverside", "--facilitator", "APO", clients=tmp_path
    )
    assert made.returncode == 0, made.stderr
    assert open_cluster("food", tmp_path).name == "Food: Riverside"
    again = run_kmkit("new-cluster", "food", "--name", "X", "--facilitator", "Y", clients=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert "no client names this cluster" in run_kmkit("check", "food", clients=tmp_path).stdout


def test_below_the_threshold_a_sentence_not_figures(clients_dir):
    path = clients_dir / "demo-cluster" / "cluster.yaml"
    path.write_text(path.read_text().replace("min_members: 5", "min_members: 40"))
    page = cluster_view("demo-cluster", clients_dir=str(clients_dir))
    for part in (page.benchmark(), page.matches()):
        assert "No benchmark yet: 14 members have" in part.data and "median" not in part.data
    member = cluster_view(client="demo-precision", clients_dir=str(clients_dir))
    assert "No benchmark yet" in member.overview().data
    assert member.position_chart() is None and member.helpers() is None  # no empty output


@pytest.fixture(scope="module")
def canary_run(tmp_path_factory):
    """The demo cluster with a canary in a member that did not agree to be named; reports made."""
    root = tmp_path_factory.mktemp("canary") / "clients"
    shutil.copytree(SHIPPED_CLIENTS, root, ignore=shutil.ignore_patterns("reports"))
    config = root / HIDDEN / "client.yaml"
    config.write_text(config.read_text().replace("Ivy Payroll Services", f"Ivy {CANARY} Ltd"))
    inventory = root / HIDDEN / "data" / "inventory.csv"
    lines = inventory.read_text().splitlines()
    rest = lines[1].split(",", 2)[2]
    lines[1] = f"{CANARY} pricing method,{CANARY} area,{rest}"  # its asset and its area
    inventory.write_text("\n".join(lines) + "\n")
    jobs = [
        Job("demo-accounting", str(root), dashboard=True),
        Job("demo-cluster", str(root), cluster=True),
    ]
    outcomes = run_here(jobs)
    assert [o.status for o in outcomes] == ["ok", "ok"], outcomes
    return root


def test_canary_never_reaches_another_member_or_the_facilitator(canary_run):
    page = cluster_view("demo-cluster", clients_dir=str(canary_run))
    pairs = matches(page.figures, page.bench)
    assert HIDDEN in set(pairs["member_weak"]) | set(pairs["member_strong"])  # it is matched
    outputs = [
        canary_run / "demo-accounting" / "reports" / "report.html",
        canary_run / "demo-accounting" / "reports" / "dashboard.html",
        canary_run / "demo-cluster" / "reports" / "report.html",
        canary_run / "demo-cluster" / "reports" / "cluster.ipynb",
    ]
    for path in outputs:
        text = path.read_text()
        assert CANARY not in text and "Ivy" not in text, path
    cluster_report = outputs[2].read_text()
    assert "Fenwick Legal LLP" in cluster_report  # a member that agreed is named


def test_member_report_shows_its_place_and_cluster_report_every_section(canary_run):
    member = (canary_run / "demo-accounting" / "reports" / "report.html").read_text()
    assert "Your firm in the cluster" in member and "percentile" in member
    assert "Northfield SME Knowledge Network" in member
    facilitator = (canary_run / "demo-cluster" / "reports" / "report.html").read_text()
    for heading in (
        "Where the members stand",
        "The cluster's own maturity",
        "Who could help whom",
        "Communities of practice to start",
        "Support for the cluster",
    ):
        assert heading in facilitator, heading
    assert facilitator.count("data:image/svg+xml") >= 2  # the spread and the levels, inline
    assert 'src="http' not in facilitator and "@import" not in facilitator  # nothing fetched
    assert "seed" not in facilitator.lower()


def test_no_published_aggregate_is_a_single_member(canary_run):
    page = cluster_view("demo-cluster", clients_dir=str(canary_run))
    table = page.bench.table
    assert (table["members"] >= 5).all()
    assert set(table["group"]) - {ALL}  # some subgroups are shown
    sectors = page.figures.members.groupby("sector").size()
    for sector, size in sectors.items():
        if size < 5:
            assert sector not in set(table["group"])


def test_dashboard_of_a_member_has_its_place(canary_run):
    board = (canary_run / "demo-accounting" / "reports" / "dashboard.html").read_text()
    assert "in the cluster" in board


def test_overall_row_is_in_the_benchmark(clients_dir):
    page = cluster_view("demo-cluster", clients_dir=str(clients_dir))
    assert isinstance(page.bench, Benchmark)
    assert OVERALL in set(page.bench.table["category"])


@pytest.mark.slow
def test_the_facilitator_is_served_the_cluster_report_only(serve, session_clients):
    base, _ = serve(session_clients, "demo-cluster", "--pool-size", "0")
    with urllib.request.urlopen(f"{base}/", timeout=180) as reply:
        page = reply.read().decode("utf-8", "replace")
    assert "Where the members stand" in page and "Who could help whom" in page
    assert "Fenwick Legal LLP" in page  # agreed to be named
    assert "Ivy Payroll" not in page and "Your firm in the cluster" not in page
    assert "Traceback" not in page and "import kmkit" not in page


def test_figures_are_read_again_when_a_member_changes(clients_dir):
    first = member_figures(open_cluster("demo-cluster", clients_dir))
    assert member_figures(open_cluster("demo-cluster", clients_dir)) is first  # read once
    config = clients_dir / "peer-dunmore-foods" / "client.yaml"
    config.write_text(config.read_text().replace("employees: 210", "employees: 9"))
    again = member_figures(open_cluster("demo-cluster", clients_dir)).members.set_index("member")
    assert again.loc["peer-dunmore-foods", "size_band"] == "micro (under 10)"


def test_another_process_takes_the_figures_from_the_cache_file(clients_dir, monkeypatch):
    from kmkit.phases.clusters import members

    cluster = open_cluster("demo-cluster", clients_dir)
    first = member_figures(cluster)
    members._read.clear()  # as a fresh process (each report in a batch) starts
    monkeypatch.setattr(members, "_figures", lambda c: pytest.fail("read every member again"))
    kept = member_figures(cluster)
    for name in members.TABLES:
        pd.testing.assert_frame_equal(getattr(kept, name), getattr(first, name))
    monkeypatch.undo()
    (clients_dir / members.CACHE / "demo-cluster.json").write_text('{"key": "half-writ')
    members._read.clear()
    pd.testing.assert_frame_equal(member_figures(cluster).scores, first.scores)


def test_a_members_report_is_stale_once_a_peers_figures_change(clients_dir):
    from kmkit.reports.jobs import inputs_stamp

    before = inputs_stamp(clients_dir / "demo-accounting")
    config = clients_dir / "peer-birchwood-tax" / "client.yaml"
    config.write_text(config.read_text().replace("employees: 24", "employees: 60"))
    assert inputs_stamp(clients_dir / "demo-accounting") != before  # now in another size band
