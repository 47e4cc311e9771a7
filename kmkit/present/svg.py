"""Charts drawn as SVG by vl-convert, in this process or in a converter process shared by forks.

vl-convert starts a JavaScript runtime on its first drawing (about a second), and a process
that has drawn can hang if it forks. A batch worker therefore starts one converter process
before forking; each forked child sends its charts to it and gets the same SVG back that
vl-convert would have drawn in the child, without paying the start again.

The converter itself is `converter.py`, beside this module.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import altair as alt

RENDERER = "kmkit-svg"
GRADIENT = re.compile(r"\bgradient_\d+\b")
_converter: subprocess.Popen | None = None


def _vl_version() -> str:
    from altair.utils.mimebundle import vl_version_for_vl_convert

    return vl_version_for_vl_convert()


def _draw_here(spec: dict[str, Any]) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec, vl_version=_vl_version())


def to_svg(spec: dict[str, Any]) -> str:
    """The chart as SVG: by the shared converter when one is running, else by vl-convert here."""
    return _stable_ids(_draw(spec))


def _draw(spec: dict[str, Any]) -> str:
    if _converter is None:
        return _draw_here(spec)
    try:
        status, body = _ask(_converter.stdin, _converter.stdout, spec)
    except (OSError, ValueError):  # the converter is gone (a fork cannot poll its sibling)
        return _draw_here(spec)
    if status != b"ok":
        raise ValueError(f"The chart could not be drawn: {body}")
    return body


def _stable_ids(svg: str) -> str:
    """Gradient ids named after the chart, not after how many charts the runtime drew before.

    Vega numbers gradients from a counter that lives as long as its JavaScript runtime, so
    the same chart would differ between a fresh process and a shared converter. Named by
    content, a chart is the same file whichever way it was drawn, and two different charts
    on one page never share an id.
    """
    found = list(dict.fromkeys(GRADIENT.findall(svg)))
    if not found:
        return svg
    tag = hashlib.sha256(GRADIENT.sub("gradient", svg).encode()).hexdigest()[:10]
    names = {old: f"gradient_{tag}_{n}" for n, old in enumerate(found)}
    return GRADIENT.sub(lambda m: names[m.group(0)], svg)


def _ask(to: IO[bytes], back: IO[bytes], spec: dict[str, Any]) -> tuple[bytes, str]:
    to.write(json.dumps(spec).encode() + b"\n")
    to.flush()
    status, size = back.readline().split()  # nothing back: ValueError
    return status, back.read(int(size)).decode()


def renderer(spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
    """Altair renderer: the same bundle as Altair's `svg` renderer, drawn by `to_svg`."""
    return {"image/svg+xml": to_svg(spec)}


alt.renderers.register(RENDERER, renderer)


def new_converter() -> subprocess.Popen:
    """A converter process of its own, for a fork to draw through (see `use_converter`)."""
    script = Path(__file__).with_name("converter.py")
    return subprocess.Popen(
        [sys.executable, "-I", str(script), _vl_version()],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )


def use_converter(converter: subprocess.Popen | None) -> None:
    """Draw through `converter` from now on in this process and its forks (None: draw here)."""
    global _converter
    _converter = converter


def start_converter() -> None:
    """Start (or restart) the converter process that this process's forks will share."""
    stop_converter()
    use_converter(new_converter())


def stop_converter() -> None:
    """Stop the shared converter, if any; drawing falls back to vl-convert in this process."""
    if _converter is not None:
        _converter.kill()
        _converter.wait()
    use_converter(None)
