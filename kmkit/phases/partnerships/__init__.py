"""Phase 06, partnerships: knowledge flows with partners, IP protection, continuity, KTPs."""
