"""Phase 03, the knowledge audit: what we know, where it lives, and what is at risk."""
