"""The steering meeting's PowerPoint deck: key findings of every phase, native charts.

The deck's code (and python-pptx) is imported from kmkit.reports.deck.build when a deck is
made, so reports and batch runs that make none never load it.
"""

DECK = "deck.pptx"  # in the client's reports/ folder
