"""Charts drawn as SVG: the same chart is the same file, however and wherever it was drawn."""

import os
import re
import subprocess
import sys

import altair as alt
import pandas as pd
import pytest

import kmkit
from kmkit.present import svg


def heatmap(shift: float = 0.0) -> dict:
    """A chart with a colour legend: Vega numbers its gradient from a per-runtime counter."""
    data = pd.DataFrame({"x": list("abab"), "y": list("aabb"), "v": [1 + shift, 2, 3, 4]})
    return alt.Chart(data).mark_rect().encode(x="x:N", y="y:N", color="v:Q").to_dict()


@pytest.fixture
def converter():
    svg.start_converter()
    yield
    svg.stop_converter()


def test_a_chart_is_the_same_file_however_many_were_drawn_before():
    first = svg.to_svg(heatmap())
    for shift in (0.5, 1.0, 1.5):
        svg.to_svg(heatmap(shift))
    assert svg.to_svg(heatmap()) == first
    assert "gradient_" in first  # the legend's gradient is there, under a stable name


def test_two_different_charts_never_share_a_gradient_id():
    ids = [re.findall(r'id="(gradient_[^"]+)"', svg.to_svg(heatmap(s))) for s in (0.0, 1.0)]
    assert ids[0] and ids[1] and not set(ids[0]) & set(ids[1])


def test_the_shared_converter_draws_what_this_process_would(converter):
    here = svg._draw_here(heatmap())
    drawn = svg.to_svg(heatmap())
    assert drawn == svg._stable_ids(here)


def test_a_fork_draws_through_the_shared_converter(converter):
    """A child forked from the worker uses the converter and gets the same SVG back."""
    expected = svg._stable_ids(svg._draw_here(heatmap()))
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        ok = svg.to_svg(heatmap()) == expected
        os.write(write, b"same" if ok else b"different")
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    assert os.read(read, 100) == b"same"


def test_a_dead_converter_costs_time_not_charts(converter):
    svg._converter.kill()
    svg._converter.wait()
    assert svg.to_svg(heatmap()).startswith("<svg")


def test_a_spec_that_cannot_be_drawn_says_so(converter):
    with pytest.raises(ValueError, match="could not be drawn"):
        svg.to_svg({"mark": "no-such-mark"})


def test_notebook_charts_render_through_kmkit():
    kmkit.setup()
    chart = alt.Chart(pd.DataFrame({"a": [1, 2]})).mark_bar().encode(x="a:Q")
    bundle = chart._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml"} and bundle["image/svg+xml"].startswith("<svg")


def test_chart_functions_leave_rendering_to_the_one_setup_call():
    code = (
        "import altair as alt, pandas as pd, kmkit; "
        "from kmkit.phases.clusters.charts import benchmark_chart; "
        "t = pd.DataFrame({'name': ['a'], 'q1': [2.0], 'median': [3.0], 'q3': [4.0]}); "
        "benchmark_chart(t); print(alt.renderers.active, alt.theme.active); "
        "kmkit.setup(); print(alt.renderers.active, alt.theme.active)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["default default", f"{svg.RENDERER} kmkit"]


# Charts that read at a glance (issue 26): what each spec promises, checked without drawing.


def layers(spec: dict) -> list[dict]:
    """Every single-view spec inside a (possibly layered) chart dict."""
    return [spec, *(view for layer in spec.get("layer", []) for view in layers(layer))]


def encodings(spec: dict, channel: str) -> list[dict]:
    return [v["encoding"][channel] for v in layers(spec) if channel in v.get("encoding", {})]


def test_gap_questions_are_whole_and_wrapped():
    from kmkit.phases.awareness.charts import WRAP, gaps_chart

    text = "Information held in our business systems (orders, customers, accounts) is used."
    gaps = pd.DataFrame(
        {"text": [text], "target": [4.0], "basis": ["target"], "name": ["c"], "now": [2.0]}
    ).assign(gap=2.0)
    spec = gaps_chart(gaps).to_dict()
    (label,) = {row["question"] for row in spec["datasets"][next(iter(spec["datasets"]))]}
    assert label.replace("\n", " ") == text and max(map(len, label.split("\n"))) <= WRAP
    axis = encodings(spec, "y")[0]["axis"]
    assert axis["labelLimit"] == 0 and "split(" in axis["labelExpr"]


def test_effort_stays_on_its_one_to_five_scale():
    from kmkit.phases.solutions.charts import impact_effort_chart

    ranked = pd.DataFrame(
        {"id": ["a", "b"], "name": ["A", "B"], "effort": [1, 5], "impact": [80, 20]}
    ).assign(quadrant="q", cost="low")
    x = encodings(impact_effort_chart(ranked, {"a"}).to_dict(), "x")
    scale = next(e["scale"] for e in x if "scale" in e)
    assert scale["domain"] == [1, 5] and scale["nice"] is False
    assert next(e["axis"] for e in x if "axis" in e)["values"] == [1, 2, 3, 4, 5]
    legend = next(
        e["legend"] for e in encodings(impact_effort_chart(ranked, set()).to_dict(), "color")
    )
    assert legend["symbolType"] == "circle"


def test_the_roadmap_legend_names_only_stages_with_bars():
    from kmkit.phases.solutions.charts import gantt_chart

    roadmap = pd.DataFrame(
        {"name": ["A"], "phase_name": ["Pilot"], "start": ["2026-01-01"], "end": ["2026-03-01"]}
    ).assign(owner="o", cost_band="low")
    colour = gantt_chart(roadmap).to_dict()["encoding"]["color"]
    assert colour["scale"]["domain"] == ["Pilot"] and colour["legend"]["symbolType"] == "square"


def test_partnership_satisfaction_stays_on_one_to_five_with_visible_intervals():
    from kmkit.phases.partnerships.charts import pulse_chart

    trend = pd.DataFrame(
        {
            "who": ["both", "both"],
            "when": ["2026-01-01", "2026-06-01"],
            "wave": ["p1", "p2"],
            "mean": [3.2, 3.5],
            "low": [2.9, 3.1],
            "high": [3.5, 3.9],
            "n": [8, 9],
        }
    )
    spec = pulse_chart(trend, "Partner").to_dict()
    scale = next(e["scale"] for e in encodings(spec, "y") if "scale" in e)
    assert scale["domain"] == [1, 5] and scale["zero"] is False
    bars = [v["mark"] for v in layers(spec) if isinstance(v.get("mark"), dict)]
    bar = next(m for m in bars if m["type"] == "errorbar")
    assert bar["thickness"] >= 1 and bar["color"] != "white"
    assert next(e["legend"] for e in encodings(spec, "color"))["symbolType"] == "stroke"
