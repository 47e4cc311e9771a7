"""The foundation every layer stands on: workspace, store, instruments, scoring, privacy, errors."""
