"""`kmkit deck SLUG`: the steering meeting's PowerPoint, from the phase pages' own results."""

from __future__ import annotations

import io
from pathlib import Path

from kmkit.core.errors import InputError, NoDataError
from kmkit.core.files import atomic_path
from kmkit.core.workspace import Client
from kmkit.engagement import Engagement, open_engagement
from kmkit.phases import load
from kmkit.present.display import setup
from kmkit.present.slides import Slide
from kmkit.reports.branding import FILE as BRANDING
from kmkit.reports.branding import logo_path, read_branding
from kmkit.reports.deck import DECK, draw
from kmkit.reports.deck.citations import full


def deck_slides(e: Engagement) -> list[Slide]:
    """The key findings of every phase that has data, in the order of the engagement."""
    slides = []
    for phase in e.phases():
        if not phase.slides:
            continue
        try:
            page = e.page(phase.slug)
        except NoDataError:  # the phase has not begun: nothing to present from it
            continue
        slides += load(phase.slides)(page)
    return slides


def cited(slides: list[Slide]) -> list[str]:
    """Every reference the slides cite, once, in the order they first appear."""
    return list(dict.fromkeys(k for s in slides for k in s.cites))


def logo_png(path: Path, settings: Path) -> bytes:
    """The consultant's logo as PNG, which PowerPoint takes whatever the file's own format.

    A file that is no image is refused naming `settings`, the branding file that points to it.
    """
    from PIL import Image

    try:
        if path.suffix.lower() == ".svg":
            import vl_convert as vlc  # its SVG renderer needs no JavaScript runtime

            return bytes(vlc.svg_to_png(path.read_text(encoding="utf-8"), scale=2))
        out = io.BytesIO()
        with Image.open(path) as image:
            image.save(out, format="PNG")
        return out.getvalue()
    except (OSError, ValueError):  # Pillow's UnidentifiedImageError is an OSError
        msg = f"the logo file {path} is not an image kmkit can read: use PNG, JPEG or SVG"
        raise InputError(settings, msg) from None


def build_deck(e: Engagement | Client, out: Path | None = None) -> Path:
    """Write the engagement's steering-meeting deck (reports/deck.pptx unless `out`); return it.

    Given a client, the deck tells its engagement as of today.
    """
    e = e if isinstance(e, Engagement) else open_engagement(e)
    client = e.client
    setup()  # charts drawn for the deck use kmkit's theme
    root = client.path.parent
    branding = read_branding(root)  # a bad settings file stops here, before any work
    logo = logo_path(branding, root)
    slides = deck_slides(e)
    if not slides:
        msg = (
            f"{client.name} has no results to present yet: import survey answers with "
            f"`kmkit import {client.slug} FILE` or add a phase's data files first."
        )
        raise NoDataError(msg)
    consultant = branding.consultant or client.config.consultant or "kmkit"
    footer = f"{client.name}  |  {consultant}"
    prs = draw.presentation()
    when = f"{e.as_of:%-d %B %Y}"
    draw.title_slide(
        prs,
        client=client.name,
        consultant=consultant,
        colour=branding.colour,
        logo=logo_png(logo, root / BRANDING) if logo else None,
        when=when,
    )
    for number, slide in enumerate(slides, start=2):
        draw.finding_slide(prs, slide, colour=branding.colour, footer=footer, number=number)
    entries = [full(key) for key in cited(slides)]
    if entries:
        draw.references_slide(prs, entries, colour=branding.colour, footer=footer)
    out = out or client.reports_dir / DECK
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:  # a reader never sees a half-written deck
        prs.save(tmp)
    return out
