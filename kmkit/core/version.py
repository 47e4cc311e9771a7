"""kmkit's version, in one place: reports state it and batch stamps depend on it."""

__version__ = "0.2.0"
