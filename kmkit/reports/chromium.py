"""The system's Chromium, for PDF reports and browser tests: found, never downloaded."""

from __future__ import annotations

import os
import shutil

from kmkit.core.errors import KmkitError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless, sandbox off (root in containers), and quiet: without the background-networking
# flags Chromium tries to reach Google's hosts at every start.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str:
    """The Chromium to use: $KMKIT_CHROMIUM, else the first one on the PATH."""
    chosen = os.environ.get("KMKIT_CHROMIUM") or next(
        (found for name in CANDIDATES if (found := shutil.which(name))), None
    )
    if not chosen:
        msg = (
            "This needs Chromium: install Debian's package (apt-get install chromium) "
            "or set KMKIT_CHROMIUM to a Chromium or Chrome executable."
        )
        raise KmkitError(msg)
    return chosen
