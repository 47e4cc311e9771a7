"""Charts of a real report read in a real browser: no text runs off its chart or into other text."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

TOLERANCE = 1  # px: antialiasing and font metrics

# Each chart of the report is an <img> whose src is an SVG; the page decodes and parses each
# one into an inline SVG drawn at its viewBox size, and measures every <text> there in the
# SVG's own coordinates (getBBox through getCTM). Returned per chart: its title, the
# texts that leave the viewBox, the titles (chart, axis, legend) that overlap other text,
# and the labels cut short with an ellipsis.
MEASURE = """
async (tolerance) => {
  const TITLES = ['role-axis-title', 'role-title-text', 'role-legend-title'];
  const out = [];
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
    for (const text of svg.querySelectorAll('text')) {
      const words = text.textContent.trim();
      if (!words) continue;
      const b = text.getBBox();
      if (b.width === 0 && b.height === 0) continue;
      const m = text.getCTM();
      const corners = [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height],
                       [b.x + b.width, b.y + b.height]].map(([x, y]) => {
        const p = new DOMPoint(x, y).matrixTransform(m);
        return [p.x, p.y];
      });
      const xs = corners.map(c => c[0]), ys = corners.map(c => c[1]);
      const group = text.closest('[class*="role-"]');
      const role = group ? (group.getAttribute('class').match(/role-[a-z-]+/) || [''])[0] : '';
      boxes.push({words, role, x0: Math.min(...xs), x1: Math.max(...xs),
                  y0: Math.min(...ys), y1: Math.max(...ys)});
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
    out.push({index, title, texts: boxes.length, outside, overlapping, cut});
    holder.remove();
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def measured(demo_outputs, browser):
    """Every chart of demo-accounting's report, measured in Chromium."""
    clients, finished = demo_outputs
    assert finished.returncode == 0, finished.stdout + finished.stderr
    report = clients / "demo-accounting" / "reports" / "report.html"
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
    return charts


def test_the_report_has_charts_with_text(measured):
    assert len(measured) >= 15
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
