"""Plain words for a steering meeting: kmkit's traceable sentences without file names.

Reports trace every statement to its file and rows, which is what a consultant checks; a
manager in a meeting needs the statement alone. These helpers keep the figures and drop the
file references, and name the SECI conversions in everyday words.
"""

from __future__ import annotations

import re

FILE_REFERENCE = re.compile(
    r"(?:[\w-]+/)*[\w-]+\.(?:csv|xlsx|yaml)(?: rows? \d+(?:, \d+)*)?(?::\s*)?"
)
PLURAL = re.compile(r"\b(\d+) ((?:[\w-]+ )*?)([\w-]+)\(s\)")
SECI = {
    "socialisation": "know-how rarely passed on by working side by side (socialisation)",
    "externalisation": "know-how rarely written down (externalisation)",
    "combination": "documents rarely brought together and completed (combination)",
    "internalisation": "written knowledge rarely learnt by the people who need it "
    "(internalisation)",
}
SECI_NEED = re.compile(r"SECI: (\w+) lacking for (\d+) of (\d+) assets")


def without_files(text: str) -> str:
    """The sentence with its file and row references taken out, punctuation tidied."""
    text = FILE_REFERENCE.sub("", text)
    text = re.sub(r"\((?:\s*[;,])*\s*", "(", text)
    text = re.sub(r"(?:\s*[;,])*\s*\)", ")", text)
    text = re.sub(r"(?:\s*[;,])+\s*([;,])", r"\1", text)
    text = re.sub(r"\s*\(\)", "", text)
    return text.strip()


def plural(text: str) -> str:
    """'1 asset(s)' as '1 asset', '4 asset(s)' as '4 assets'."""
    return PLURAL.sub(
        lambda m: f"{m[1]} {m[2]}{m[3]}{'' if m[1] == '1' else 's'}",
        text,
    )


def seci_words(text: str) -> str:
    """'SECI: socialisation lacking for 3 of 3 assets' in words a manager uses."""
    return SECI_NEED.sub(
        lambda m: f"{SECI[m[1]]} for {m[2]} of {m[3]} knowledge assets that need it", text
    )


def because(text: str) -> str:
    """One reason behind a recommendation, as said in the meeting."""
    said = seci_words(plural(without_files(text)))
    said = re.sub(r"\brisk (\d+)\)", r"risk \1 of 100)", said)
    said = said.replace("important asset", "important knowledge asset")
    return said[:1].upper() + said[1:]


def brief(text: str) -> str:
    """The reason without its closing details in brackets, for a crowded table cell."""
    return re.sub(r"\s*\([^()]*,[^()]*\)$", "", because(text))
