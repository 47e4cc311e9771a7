"""Phase 01, awareness: score a client's KM maturity survey from its store."""

from __future__ import annotations

import pandas as pd

from kmkit.errors import NoDataError
from kmkit.instruments import load_instrument
from kmkit.scoring import MaturityResult, breakdown, score_maturity
from kmkit.store import Store
from kmkit.workspace import Client

INSTRUMENT = "maturity"


def assess_maturity(client: Client, wave: str | None = None) -> MaturityResult:
    """Score the client's maturity survey for one wave (the latest when none is named)."""
    return score_stored(client, INSTRUMENT, wave)


def score_stored(client: Client, instrument_id: str, wave: str | None = None) -> MaturityResult:
    """Score a client's stored answers to one instrument, for one wave or the latest."""
    instrument = load_instrument(instrument_id, client.path)
    how = "`kmkit import`"
    if instrument_id != INSTRUMENT:
        how = f"`kmkit import SLUG FILE --instrument {instrument_id}`"
    if not client.store_path.exists():
        msg = f"{client.store_path} does not exist: import survey answers with {how} first."
        raise NoDataError(msg)
    with Store(client.store_path) as store:
        waves = store.waves(instrument.id)
        if not waves:
            msg = (
                f"{client.store_path} holds no '{instrument.id}' survey answers yet: "
                f"import them with {how} first."
            )
            raise NoDataError(msg)
        chosen = wave or waves[-1]
        if chosen not in waves:
            msg = f"No wave '{chosen}' in {client.store_path}. Waves there: {', '.join(waves)}."
            raise NoDataError(msg)
        answers = store.answers(instrument.id, chosen)
    return score_maturity(answers, instrument, chosen)


def department_breakdown(result: MaturityResult, client: Client) -> pd.DataFrame:
    """Category means per department, suppressing departments under the client's threshold."""
    return breakdown(result, "department", client.config.anonymity_threshold)


def role_breakdown(result: MaturityResult, client: Client) -> pd.DataFrame:
    """Category means per role, suppressing roles under the client's threshold."""
    return breakdown(result, "role", client.config.anonymity_threshold)


def _number(value: float) -> float | None:
    """A float for JSON: rounded, and None where it is not a number."""
    return None if pd.isna(value) else round(float(value), 3)


def maturity_summary(result: MaturityResult, client: Client) -> dict[str, object]:
    """The scores as plain data for `kmkit score --json`: no respondent-level rows."""
    groups = {
        "department": department_breakdown(result, client),
        "role": role_breakdown(result, client),
    }
    return {
        "client": client.slug,
        "instrument": {"id": result.instrument.id, "version": result.instrument.version},
        "wave": result.wave,
        "respondents": result.respondents,
        "overall": {
            "score": _number(result.overall),
            "ci_low": _number(result.overall_low),
            "ci_high": _number(result.overall_high),
        },
        "level": {
            "level": result.level.level,
            "name": result.level.name,
            "uncertain": result.level_uncertain,
            "possible": [lv.name for lv in result.possible_levels],
        },
        "categories": [
            {
                "id": row.category,
                "name": row.name,
                "mean": _number(row.mean),
                "ci_low": _number(row.ci_low),
                "ci_high": _number(row.ci_high),
                "sd": _number(row.sd),
                "agree_share": _number(row.agree_share),
                "alpha": _number(row.alpha),
                "alpha_low": bool(row.alpha_low),
                "n": int(row.n),
            }
            for row in result.categories.itertuples()
        ],
        **{
            f"{by}s": [
                {
                    by: getattr(row, by),
                    "category": row.category,
                    "mean": _number(row.mean),
                    "suppressed": bool(row.suppressed),
                }
                for row in table.itertuples()
            ]
            for by, table in groups.items()
        },
        "anonymity_threshold": client.config.anonymity_threshold,
    }
