"""Phase 01, awareness: where do we stand? The maturity survey, scored and explained."""
