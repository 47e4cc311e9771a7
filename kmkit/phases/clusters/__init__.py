"""The clusters phase: a cluster of SMEs benchmarked, matched and grouped into communities."""
