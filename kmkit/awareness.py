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
    instrument = load_instrument(INSTRUMENT, client.path)
    if not client.store_path.exists():
        msg = (
            f"{client.store_path} does not exist: import survey answers with `kmkit import` first."
        )
        raise NoDataError(msg)
    with Store(client.store_path) as store:
        waves = store.waves(instrument.id)
        if not waves:
            msg = (
                f"{client.store_path} holds no '{instrument.id}' survey answers yet: "
                "import them with `kmkit import` first."
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
