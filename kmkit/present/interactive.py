"""Interactive charts for the Voilà apps: vega-embed from a bundle inlined once per page.

Nothing is fetched from a CDN: vl-convert ships the Vega, Vega-Lite and vega-embed code,
which kmkit caches on disk (building it takes about two seconds) and writes into the page.
kmkit's Voilà template puts these outputs straight into the HTML, so charts draw while the
page loads instead of after Voilà's JavaScript has started.
"""

from __future__ import annotations

import html
import json
import os
import uuid
from functools import cache
from pathlib import Path

import altair as alt

from kmkit.core.files import write_atomic
from kmkit.present.svg import to_svg

MARKER = "kmkit-app-chart"  # kmkit's Voilà template renders outputs holding this as raw HTML


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kmkit"


@cache
def vega_bundle() -> str:
    """The JavaScript of vega-embed, Vega and Vega-Lite, setting window.vegaEmbed."""
    import vl_convert as vlc

    path = _cache_dir() / f"vega-embed-{vlc.__version__}.js"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    code = vlc.javascript_bundle("window.vegaEmbed = vegaEmbed;")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, code)
    except OSError:
        pass  # a read-only home only costs the two seconds again next time
    return code


class AppHTML:
    """HTML for the apps, marked so kmkit's Voilà template writes it straight into the page."""

    def __init__(self, body: str):
        self.body = body

    def _repr_html_(self) -> str:
        return f'<div class="{MARKER}">{self.body}</div>'


def app_setup(src: str = "") -> AppHTML:
    """The vega-embed bundle, once per page, before any interactive chart.

    `src`: the page loads the bundle from there (a server that has it as a file) instead of
    carrying its 0.9 MB, which vl-convert takes two seconds to build on a machine's first run.
    """
    if src:
        return AppHTML(f'<script type="module" src="{html.escape(src)}"></script>')
    return AppHTML(f'<script type="module">{vega_bundle()}</script>')


def interactive(chart: alt.TopLevelMixin, label: str = "") -> AppHTML:
    """An Altair chart drawn in the browser (tooltips, bound filters) as SVG.

    The page carries the chart already drawn (static SVG from vl-convert), so it shows while
    the chart code loads; vega-embed then redraws it in place with its tooltips and filters.
    """
    target = f"kmkit-chart-{uuid.uuid4().hex[:10]}"
    as_dict = chart.to_dict()
    drawn = to_svg(as_dict)
    # Inside <script> no "<" from data may open a tag or a comment: JSON reads \u003c the same.
    spec = json.dumps(as_dict).replace("<", "\\u003c")
    script = (
        "(function draw() {"
        f" if (!window.vegaEmbed) {{ setTimeout(draw, 15); return; }}"
        f" vegaEmbed('#{target}', {spec}, {{renderer: 'svg', actions: false}});"
        "})();"
    )
    aria = f' aria-label="{html.escape(label)}"' if label else ""
    return AppHTML(
        f'<div id="{target}" class="kmkit-chart"{aria}>{drawn}</div><script>{script}</script>'
    )
