"""The steering meeting's PowerPoint deck: key findings of every phase, native charts."""

from kmkit.reports.deck.build import DECK, build_deck, deck_slides

__all__ = ["DECK", "build_deck", "deck_slides"]
