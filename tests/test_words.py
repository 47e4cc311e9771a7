"""Client-facing words: whole messages through gettext, real plurals, a catalogue kept current."""

from __future__ import annotations

import re

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from helpers import REPO, engaged
from pptx import Presentation

from kmkit.core.words import KEYWORDS, LOCALE_DIR, say, say_n
from kmkit.core.workspace import open_client
from kmkit.reports.deck.build import build_deck

PLACEHOLDER_PLURAL = re.compile(r"\w\(s\)")


def test_a_count_takes_the_noun_it_agrees_with():
    assert say_n("{n} asset", "{n} assets", 1) == "1 asset"
    assert say_n("{n} asset", "{n} assets", 4) == "4 assets"
    assert say_n("{n} flow to {who}", "{n} flows to {who}", 0, who="Carter") == "0 flows to Carter"
    assert say("{name} leads", name="Innover") == "Innover leads"


def test_the_english_catalogue_lists_every_message_and_no_other():
    found = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(str(REPO / "kmkit"), keywords=KEYWORDS)
    }
    with (LOCALE_DIR / "kmkit.pot").open("rb") as pot:
        listed = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot) if m.id}
    assert found, "no message found: is the extraction looking at kmkit/?"
    assert found == listed, (
        "kmkit/locale/kmkit.pot is behind the code: run the extraction command in the README"
    )


def test_no_demo_output_says_a_placeholder_plural(demo_outputs, tmp_path):
    clients_dir, made = demo_outputs
    assert made.returncode == 0, made.stderr
    pages = sorted(clients_dir.glob("*/reports/*.html"))
    assert len(pages) >= 5  # two reports and dashboards, and the cluster's report
    for page in pages:
        assert not PLACEHOLDER_PLURAL.findall(page.read_text("utf-8")), page
    for slug in ("demo-accounting", "demo-precision"):
        deck = build_deck(engaged(open_client(slug, clients_dir)), tmp_path / f"{slug}.pptx")
        said = " ".join(
            s.text_frame.text
            for slide in Presentation(deck).slides
            for s in slide.shapes
            if s.has_text_frame
        )
        assert not PLACEHOLDER_PLURAL.findall(said), slug
