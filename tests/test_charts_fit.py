"""Charts of a real report read in a real browser: no text runs off its chart or into other text."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

TOLERANCE = 1  # px: antialiasing and font metrics

# Each chart of the report is an <img> whose src is an SVG; the page decodes and parses each
# one into an inline SVG drawn at its viewBox size, and measures every <text> there in the
# SVG's own coordinates (getBBox through getCTM). Returned per chart: its title, the
# texts that leave the viewBox, the titles (chart, axis, legend) that overlap other text,
# the labels cut short with an ellipsis, and the axis titles longer than their axis.
MEASURE = """
async (tolerance) => {
  const TITLES = ['role-axis-title', 'role-title-text', 'role-legend-title'];
  const out = [];
  const hidden = (el) => {
    for (let e = el; e && e.getAttribute; e = e.parentNode) {
      if (e.getAttribute('opacity') === '0' || getComputedStyle(e).opacity === '0') return true;
    }
    return false;
  };
  // An element's box in its SVG's coordinates (the SVG is drawn at its viewBox size).
  const extent = (el) => {
    const b = el.getBBox();
    if (b.width === 0 && b.height === 0) return null;
    const m = el.getCTM();
    const corners = [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height],
                     [b.x + b.width, b.y + b.height]].map(([x, y]) => {
      const p = new DOMPoint(x, y).matrixTransform(m);
      return [p.x, p.y];
    });
    const xs = corners.map(c => c[0]), ys = corners.map(c => c[1]);
    return {x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys)};
  };
  const images = [...document.querySelectorAll('img')]
    .filter(img => img.src.startsWith('data:image/svg+xml'));
  for (const [index, img] of images.entries()) {
    const comma = img.src.indexOf(',');
    const body = img.src.slice(comma + 1);
    const source = img.src.slice(0, comma).endsWith(';base64')
      ? new TextDecoder().decode(Uint8Array.from(atob(body), ch => ch.charCodeAt(0)))
      : decodeURIComponent(body);
    const parsed = new DOMParser().parseFromString(source, 'image/svg+xml').documentElement;
    const svg = document.importNode(parsed, true);
    const box = svg.viewBox.baseVal;
    svg.setAttribute('width', box.width);
    svg.setAttribute('height', box.height);
    const holder = document.createElement('div');
    holder.style.cssText = 'position:absolute;left:0;top:0';
    holder.appendChild(svg);
    document.body.appendChild(holder);
    const boxes = [];
    const long = [];
    for (const text of svg.querySelectorAll('text')) {
      const words = text.textContent.trim();
      if (!words || hidden(text)) continue;  // Vega hides overlapping tick labels: opacity 0
      const t = extent(text);
      if (!t) continue;
      const group = text.closest('[class*="role-"]');
      const role = group ? (group.getAttribute('class').match(/role-[a-z-]+/) || [''])[0] : '';
      boxes.push({words, role, ...t});
      // An axis title longer than its axis runs past the plot into its neighbours.
      const domain = role === 'role-axis-title' &&
        text.closest('.role-axis')?.querySelector('.role-axis-domain line, .role-axis-domain path');
      const d = domain && extent(domain);
      if (d) {
        const across = d.x1 - d.x0 >= d.y1 - d.y0;
        const overrun = across ? (t.x1 - t.x0) - (d.x1 - d.x0) : (t.y1 - t.y0) - (d.y1 - d.y0);
        if (overrun > tolerance) long.push(words);
      }
    }
    const outside = boxes.filter(t =>
      t.x0 < box.x - tolerance || t.y0 < box.y - tolerance ||
      t.x1 > box.x + box.width + tolerance || t.y1 > box.y + box.height + tolerance
    ).map(t => t.words);
    const overlapping = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], c = boxes[j];
        if (!TITLES.includes(a.role) && !TITLES.includes(c.role)) continue;
        const w = Math.min(a.x1, c.x1) - Math.max(a.x0, c.x0);
        const h = Math.min(a.y1, c.y1) - Math.max(a.y0, c.y0);
        if (w > tolerance && h > tolerance) overlapping.push([a.words, c.words]);
      }
    }
    const cut = boxes.filter(t => t.words.endsWith('\u2026')).map(t => t.words);
    const title = boxes.length ? boxes.reduce((a, c) => (c.y0 < a.y0 ? c : a)).words : '';
    out.push({index, title, texts: boxes.length, outside, overlapping, cut, long});
    holder.remove();
  }
  return out;
}
"""


# Charts each demo report draws at least (demo-cluster's report is the network's benchmark).
CHARTS = {"demo-accounting": 20, "demo-precision": 5, "demo-cluster": 2}


@pytest.fixture(scope="module", params=list(CHARTS))
def measured(request, demo_outputs, browser):
    """Every chart of a demo client's report, measured in Chromium."""
    clients, finished = demo_outputs
    assert finished.returncode == 0, finished.stdout + finished.stderr
    report = clients / request.param / "reports" / "report.html"
    context = browser.new_context(viewport={"width": 1100, "height": 1400})
    page = context.new_page()
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort()
        ),
    )
    page.goto(report.as_uri())
    charts = page.evaluate(MEASURE, TOLERANCE)
    context.close()
    assert len(charts) >= CHARTS[request.param], f"{report}: {len(charts)} charts"
    return charts


def test_every_chart_has_text(measured):
    assert all(chart["texts"] > 0 for chart in measured)


def test_no_text_leaves_its_chart(measured):
    off = {c["title"]: c["outside"] for c in measured if c["outside"]}
    assert not off, f"text outside the chart's viewBox: {off}"


def test_no_title_runs_into_other_text(measured):
    clashes = {c["title"]: c["overlapping"] for c in measured if c["overlapping"]}
    assert not clashes, f"titles drawn over other text: {clashes}"


def test_no_label_is_cut(measured):
    cut = {c["title"]: c["cut"] for c in measured if c["cut"]}
    assert not cut, f"labels cut short with an ellipsis: {cut}"


def test_no_axis_title_is_longer_than_its_axis(measured):
    long = {c["title"]: c["long"] for c in measured if c["long"]}
    assert not long, f"axis titles longer than their axis: {long}"
