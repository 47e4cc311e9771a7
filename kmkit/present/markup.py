"""Markdown to HTML with data kept as text: no raw HTML, no images, no links out of the page.

Sentences are Markdown written by kmkit around strings from client files, the store and
survey exports. Those strings are data: a `<script>`, an `<img onerror=...>`, a
`![](http://host/x)` or a `[x](javascript:...)` typed by a respondent must reach the page as
the characters typed. So every page, report and dashboard renders Markdown here, with raw
HTML escaped, images shown as their text and links kept only to anchors in the same page
(kmkit's citations); the one piece of HTML kmkit writes itself, a reference's anchor, is let
through by its exact shape.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any
from urllib.parse import unquote

import mistune
from IPython.display import Markdown as _IPythonMarkdown
from markupsafe import escape

from kmkit.core.references import ANCHOR, KEY

_OWN_HTML = re.compile(rf'<a id="{ANCHOR}{KEY}">|</a>')  # references_markdown's anchors
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()<>#!|~])")
_ODD_SPACE = re.compile(r"[\r\n\t\v\f]+")


class _DataSafeRenderer(mistune.HTMLRenderer):
    """mistune's HTML renderer with raw HTML escaped, images as text, links only within the page."""

    def __init__(self) -> None:
        super().__init__(escape=True)

    def inline_html(self, html: str) -> str:
        return html if _OWN_HTML.fullmatch(html) else str(escape(html))

    def link(self, text: str, url: str, title: str | None = None) -> str:
        if not url.startswith("#"):  # shown as typed, never followed
            typed = unquote(url)  # mistune percent-encodes what it parsed as a link
            return f"[{text}]({escape(typed)})" if typed != html.unescape(text) else text
        attrs = f' title="{escape(title)}"' if title else ""
        return f'<a href="{escape(url)}"{attrs}>{text}</a>'

    def image(self, text: str, url: str, title: str | None = None) -> str:
        return f"![{text}]({escape(unquote(url))})"  # shown as typed, never fetched

    def heading(self, text: str, level: int, **attrs: Any) -> str:
        slug = re.sub(r"\s+", "-", html.unescape(re.sub(r"<[^>]*>", "", text)).strip())
        return f'<h{level} id="{escape(slug)}">{text}</h{level}>\n'


@cache
def _markdown() -> mistune.Markdown:
    return mistune.create_markdown(renderer=_DataSafeRenderer(), plugins=["table", "strikethrough"])


def to_html(text: str) -> str:
    """HTML of kmkit's Markdown, in which nothing from data can run, load or lead elsewhere."""
    return str(_markdown()(text))


def markdown2html(source: str) -> str:
    """Nbconvert's `markdown2html` filter, data-safe: for report and dashboard Markdown cells."""
    return to_html(source)


def md_text(value: object) -> str:
    """A data string as literal Markdown text: its syntax escaped, its line breaks spaces."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", _ODD_SPACE.sub(" ", str(value)))


def table_cell(value: object) -> str:
    """A cell of a Markdown table: a `|` inside it stays text instead of ending the cell."""
    return _ODD_SPACE.sub(" ", str(value)).replace("|", "\\|")


class Markdown(_IPythonMarkdown):
    """IPython's Markdown display, with data-safe HTML that reports, Voilà and JupyterLab prefer.

    The Markdown stays in the output too (tests, citations and the deck read it); every
    renderer kmkit uses picks text/html first.
    """

    def _repr_html_(self) -> str:
        return to_html(self.data or "")
