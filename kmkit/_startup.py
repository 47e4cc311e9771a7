"""Start-up costs kmkit refuses to pay in every process it runs in."""

import sys


def skip_slow_imports() -> None:
    """Keep jsonschema from importing rfc3987-syntax, which builds a grammar for about 1.2 s.

    jsonschema only uses it to check the rarely used 'iri' formats and imports it inside a
    try/except ImportError, so marking it absent costs nothing we use. Altair, nbformat,
    Voilà and JupyterLab all import jsonschema. Done once, before any of them is imported;
    pip reinstalls the package with every Jupyter package, so uninstalling it does not last.
    """
    # jsonschema imports it eagerly: python-jsonschema/jsonschema#1428.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
