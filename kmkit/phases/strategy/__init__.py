"""Phase 02, strategy: why KM, and for what? Orientation, goals and knowledge areas."""
