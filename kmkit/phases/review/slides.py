"""The deck's slides for the review: what was done, whether the pilot worked, what comes next."""

from __future__ import annotations

from kmkit.phases.review.page import ReviewPage
from kmkit.present.slides import Slide

DONE = "What we did and what comes next"


def review_slides(page: ReviewPage) -> list[Slide]:
    """The cycle reviewed: what was done and what slipped, the pilot, the gates, the next cycle."""
    if not page.data.started:
        return []
    return [
        Slide(DONE, page.status() + ".", (f"Did the pilot work? {page.verdict()}.",)),
    ]
