"""Phase 05, measurement: is it working? KPIs, a second survey wave, and the return."""
