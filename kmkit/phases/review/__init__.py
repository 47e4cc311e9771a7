"""Phase 07, the review: what was done, whether the pilot worked, gates, re-audit, next cycle."""
