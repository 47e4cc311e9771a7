"""Phase 04, solutions: what to do, in what order? Interventions, pilot and roadmap."""
