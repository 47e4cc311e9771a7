"""kmkit: a Jupyter consulting kit for knowledge management in small and medium enterprises."""

from kmkit._startup import skip_slow_imports

skip_slow_imports()

__version__ = "0.1.0"

from kmkit.errors import (  # noqa: E402
    ClientExistsError,
    ClientNotFoundError,
    InputError,
    InstrumentError,
    KmkitError,
    NoDataError,
    NotebookError,
    WorkspaceError,
)
from kmkit.notebook import install_error_display  # noqa: E402
from kmkit.workspace import Client, known_slugs, new_client, open_client  # noqa: E402

# Heavier names (pandas, Altair, scipy) load on first use, so `kmkit --help` stays quick.
_LAZY = {
    "load_instrument": "kmkit.instruments",
    "Instrument": "kmkit.instruments",
    "Store": "kmkit.store",
    "score_maturity": "kmkit.scoring",
    "MaturityResult": "kmkit.scoring",
    "breakdown": "kmkit.scoring",
    "assess_maturity": "kmkit.awareness",
    "department_breakdown": "kmkit.awareness",
    "role_breakdown": "kmkit.awareness",
    "maturity_summary": "kmkit.awareness",
    "answer_distribution": "kmkit.item_analysis",
    "item_gaps": "kmkit.item_analysis",
    "department_disagreement": "kmkit.item_analysis",
    "category_profile": "kmkit.charts",
    "breakdown_heatmap": "kmkit.charts",
    "distribution_chart": "kmkit.charts",
    "gaps_chart": "kmkit.charts",
    "item_means_chart": "kmkit.charts",
    "maturity_level": "kmkit.narrative",
    "strengths_and_weaknesses": "kmkit.narrative",
    "level_meanings": "kmkit.narrative",
    "reliability_note": "kmkit.narrative",
    "consensus": "kmkit.narrative",
    "department_differences": "kmkit.narrative",
    "largest_gaps": "kmkit.narrative",
    "workshop_findings": "kmkit.workshop",
    "awareness_explorer": "kmkit.widgets",
    "import_file": "kmkit.importing",
    "write_form": "kmkit.forms",
    "export_responses": "kmkit.forms",
    "provenance": "kmkit.fingerprints",
    "app_setup": "kmkit.appcharts",
    "interactive": "kmkit.appcharts",
    "dashboard": "kmkit.dashboards",
    "survey_app": "kmkit.survey_widgets",
    "assess_orientation": "kmkit.strategy",
    "read_areas": "kmkit.strategy",
    "area_importance": "kmkit.strategy",
    "strategy_page": "kmkit.strategy_view",
    "read_inventory": "kmkit.inventory",
    "asset_risk": "kmkit.audit",
    "area_risk": "kmkit.audit",
    "area_gaps": "kmkit.audit",
    "key_people": "kmkit.audit",
    "seci_reading": "kmkit.audit",
    "what_if": "kmkit.audit",
    "audit_page": "kmkit.audit_view",
    "audit_explorer": "kmkit.widgets",
    "load_catalogue": "kmkit.catalogue",
    "recommend": "kmkit.solutions",
    "read_selection": "kmkit.solutions",
    "build_roadmap": "kmkit.roadmap",
    "solutions_page": "kmkit.solutions_view",
    "read_kpis": "kmkit.measurement",
    "kpi_progress": "kmkit.measurement",
    "compare_waves": "kmkit.measurement",
    "estimate_roi": "kmkit.measurement",
    "measure_page": "kmkit.measure_view",
    "submit": "kmkit.survey",
    "set_survey_closed": "kmkit.survey",
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
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kmkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


install_error_display()
