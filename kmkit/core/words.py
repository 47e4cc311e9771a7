"""Client-facing words through gettext: whole messages with named placeholders, real plurals.

A sentence is written once, whole, as a message: `say("{name} leads", name=...)`, and a count
with `say_n("{n} asset", "{n} assets", n)`, so that no sentence is pieced together and no
"asset(s)" is left for the reader. The English catalogue `kmkit/locale/kmkit.pot` lists every
message; Babel extracts it (the command is in the README) and a test keeps it current.
Translations for other languages are catalogues beside it.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

DOMAIN = "kmkit"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"  # kmkit/locale
KEYWORDS = {"say": None, "say_n": (1, 2)}  # for Babel's extraction: message, or singular+plural


@cache
def catalogue(language: str = "en") -> gettext.NullTranslations:
    """The messages in `language`; English (the messages themselves) when there is none."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def say(message: str, **values: object) -> str:
    """One whole message, its named placeholders filled in."""
    return catalogue().gettext(message).format(**values)


def say_n(singular: str, plural: str, n: int, **values: object) -> str:
    """A message whose words follow the count `n` (the placeholder {n}), filled in."""
    return catalogue().ngettext(singular, plural, n).format(n=n, **values)
