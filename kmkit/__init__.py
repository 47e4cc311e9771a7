"""kmkit: a Jupyter consulting kit for knowledge management in small and medium enterprises.

The names here are what notebooks and users call: `open_engagement` (whose `page(slug)` is
each phase's page), the apps, the client workspace, errors, instruments and imports. They
load on first use, so `kmkit --help` stays quick; the TYPE_CHECKING block lets editors and
type checkers follow them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kmkit._startup import skip_slow_imports

skip_slow_imports()

from kmkit.core.errors import (  # noqa: E402
    ClientExistsError,
    ClientNotFoundError,
    InputError,
    InstrumentError,
    KmkitError,
    NoDataError,
    NotebookError,
    WorkspaceError,
)
from kmkit.core.notebook import install_error_display  # noqa: E402
from kmkit.core.version import __version__  # noqa: E402
from kmkit.core.workspace import Client, known_slugs, new_client, open_client  # noqa: E402

if TYPE_CHECKING:
    from kmkit.apps.dashboard import dashboard as dashboard
    from kmkit.apps.survey import survey_app as survey_app
    from kmkit.core.instruments import client_instrument as client_instrument
    from kmkit.core.instruments import load_instrument as load_instrument
    from kmkit.core.provenance import provenance as provenance
    from kmkit.core.references import cite as cite
    from kmkit.engagement import Engagement as Engagement
    from kmkit.engagement import open_engagement as open_engagement
    from kmkit.inputs.survey_import import import_file as import_file
    from kmkit.phases.clusters.inputs import new_cluster as new_cluster
    from kmkit.phases.clusters.inputs import open_cluster as open_cluster
    from kmkit.phases.clusters.page import cluster_view as cluster_view
    from kmkit.present.display import setup as setup
    from kmkit.present.interactive import app_setup as app_setup
    from kmkit.reports.deck.build import build_deck as build_deck

_LAZY = {
    "open_engagement": "kmkit.engagement",
    "Engagement": "kmkit.engagement",
    "cluster_view": "kmkit.phases.clusters.page",
    "open_cluster": "kmkit.phases.clusters.inputs",
    "new_cluster": "kmkit.phases.clusters.inputs",
    "dashboard": "kmkit.apps.dashboard",
    "survey_app": "kmkit.apps.survey",
    "app_setup": "kmkit.present.interactive",
    "setup": "kmkit.present.display",
    "load_instrument": "kmkit.core.instruments",
    "client_instrument": "kmkit.core.instruments",
    "import_file": "kmkit.inputs.survey_import",
    "provenance": "kmkit.core.provenance",
    "build_deck": "kmkit.reports.deck.build",
    "cite": "kmkit.core.references",
}

# Names notebook 01 called before it had a page; they still work, with a warning, until 0.3.
_RETIRED = {
    "assess_maturity": "kmkit.phases.awareness.compute",
    "department_breakdown": "kmkit.phases.awareness.compute",
    "role_breakdown": "kmkit.phases.awareness.compute",
    "answer_distribution": "kmkit.phases.awareness.compute",
    "item_gaps": "kmkit.phases.awareness.compute",
    "category_profile": "kmkit.phases.awareness.charts",
    "breakdown_heatmap": "kmkit.phases.awareness.charts",
    "distribution_chart": "kmkit.phases.awareness.charts",
    "gaps_chart": "kmkit.phases.awareness.charts",
    "maturity_level": "kmkit.phases.awareness.text",
    "strengths_and_weaknesses": "kmkit.phases.awareness.text",
    "reliability_note": "kmkit.phases.awareness.text",
    "consensus": "kmkit.phases.awareness.text",
    "department_differences": "kmkit.phases.awareness.text",
    "largest_gaps": "kmkit.phases.awareness.text",
    "level_meanings": "kmkit.phases.awareness.text",
    "workshop_findings": "kmkit.phases.awareness.text",
    "awareness_explorer": "kmkit.phases.awareness.explorer",
}

__all__ = [
    "__version__",
    "Client",
    "ClientExistsError",
    "ClientNotFoundError",
    "InputError",
    "InstrumentError",
    "KmkitError",
    "NoDataError",
    "NotebookError",
    "WorkspaceError",
    "install_error_display",
    "known_slugs",
    "new_client",
    "open_client",
    *_LAZY,
]


def __getattr__(name: str) -> object:
    """Import the module behind a lazy public name on first use."""
    import importlib

    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _RETIRED:
        import warnings

        msg = (
            f"kmkit.{name} is retired: notebook 01 now calls `kmkit.open_engagement(client)` "
            f"and its methods; import {name} from {_RETIRED[name]} if you need it."
        )
        warnings.warn(msg, FutureWarning, stacklevel=2)
        return getattr(importlib.import_module(_RETIRED[name]), name)
    raise AttributeError(f"module 'kmkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
