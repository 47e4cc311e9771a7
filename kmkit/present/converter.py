"""The chart converter process: draws each Vega-Lite spec it reads as SVG, with vl-convert.

Started by path in isolated mode (`svg.new_converter`), not as a module of kmkit, so it
imports vl-convert alone: it is ready in about half the time, while the command that started
it is still warming up on the same cores.

Protocol on its pipes: one JSON line per chart, answered by `ok N` or `error N` and N bytes
of SVG or of message.
"""

from __future__ import annotations

import json
import sys
from typing import IO

import vl_convert as vlc


def serve(requests: IO[bytes], answers: IO[bytes], vl_version: str) -> None:
    """Draw each chart read from `requests`, until they close."""
    for line in requests:
        try:
            status = b"ok"
            body = vlc.vegalite_to_svg(json.loads(line), vl_version=vl_version).encode()
        except Exception as exc:  # noqa: BLE001 - the asking process raises it with this text
            status, body = b"error", str(exc).encode()
        answers.write(status + b" %d\n" % len(body) + body)
        answers.flush()


if __name__ == "__main__":
    version = sys.argv[1]
    vlc.vegalite_to_svg({"mark": "point"}, vl_version=version)  # start the JavaScript runtime
    serve(sys.stdin.buffer, sys.stdout.buffer, version)
