"""Phase 01, awareness: maturity scores from the store, breakdowns, item-level reading."""

from __future__ import annotations

import pandas as pd

from kmkit.core.errors import KmkitError, NoDataError
from kmkit.core.instruments import client_instrument
from kmkit.core.privacy import shown_groups
from kmkit.core.scoring import MaturityResult, breakdown, score_maturity, scored_answers
from kmkit.core.store import Store
from kmkit.core.words import say
from kmkit.core.workspace import Client
from kmkit.phases.awareness.inputs import Workshop

INSTRUMENT = "maturity"
WHOLE_FIRM = "Whole firm"


def assess_maturity(client: Client, wave: str | None = None) -> MaturityResult:
    """Score the client's maturity survey for one wave (the latest when none is named)."""
    return score_stored(client, INSTRUMENT, wave)


def score_stored(client: Client, instrument_id: str, wave: str | None = None) -> MaturityResult:
    """Score a client's stored answers to one instrument, for one wave or the latest.

    The instrument's words (categories, questions, levels) are in the client's language.
    """
    instrument = client_instrument(instrument_id, client)
    how = "`kmkit import`"
    if instrument_id != INSTRUMENT:
        how = f"`kmkit import SLUG FILE --instrument {instrument_id}`"
    if not client.store_path.exists():
        msg = f"{client.store_path} does not exist: import survey answers with {how} first."
        raise NoDataError(msg)
    threshold = client.config.anonymity_threshold
    with Store(client.store_path) as store:
        waves = store.waves(instrument.id)
        if not waves:
            msg = (
                f"{client.store_path} holds no '{instrument.id}' survey answers yet: "
                f"import them with {how} first."
            )
            raise NoDataError(msg)
        if wave is not None and wave not in waves:
            msg = f"No wave '{wave}' in {client.store_path}. Waves there: {', '.join(waves)}."
            raise NoDataError(msg)
        chosen, answers = _shown_wave(store, instrument.id, [wave] if wave else waves, threshold)
    if answers.empty:
        msg = (
            f"The survey wave '{chosen}' has just opened: its figures appear once "
            f"{threshold} people have answered, so that nobody's answers can be picked out."
        )
        raise NoDataError(msg)
    return score_maturity(answers, instrument, chosen)


def _shown_wave(
    store: Store, instrument_id: str, waves: list[str], threshold: int
) -> tuple[str, pd.DataFrame]:
    """The latest wave with answers that may be shown, and those answers (read once).

    A wave just opened has none yet: the one before it is shown, or, with none, the latest
    and its empty answers.
    """
    for wave in reversed(waves):
        answers = store.shown_answers(instrument_id, threshold, wave)
        if not answers.empty:
            return wave, answers
    return waves[-1], answers


def collecting(client: Client, result: MaturityResult) -> bool:
    """Whether the survey page is still collecting into the result's wave (figures in steps)."""
    if not client.store_path.exists():
        return False
    with Store(client.store_path) as store:
        return (result.instrument.id, result.wave) in store.collecting()


def department_breakdown(result: MaturityResult, client: Client) -> pd.DataFrame:
    """Category means per department, suppressing departments under the client's threshold."""
    return breakdown(result, "department", client.config.anonymity_threshold)


def role_breakdown(result: MaturityResult, client: Client) -> pd.DataFrame:
    """Category means per role, suppressing roles under the client's threshold."""
    return breakdown(result, "role", client.config.anonymity_threshold)


def shown_departments(result: MaturityResult, client: Client) -> list[str]:
    """Departments the breakdown shows (big enough, and not hidden to protect a small one)."""
    sizes = result.by_respondent.groupby("department").size()
    return shown_groups(sizes, client.config.anonymity_threshold)


def department_result(result: MaturityResult, client: Client, department: str) -> MaturityResult:
    """Score one department's answers, refusing a group under the anonymity threshold."""
    if department == WHOLE_FIRM:
        return result
    if department not in shown_departments(result, client):
        msg = (
            f"{department} is not shown on its own: it has, or would reveal a department "
            f"with, fewer than {client.config.anonymity_threshold} respondents."
        )
        raise KmkitError(msg)
    answers = result.answers.loc[result.answers["department"] == department]
    return score_maturity(answers, result.instrument, result.wave)


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


def answer_distribution(result: MaturityResult) -> pd.DataFrame:
    """Share of answers at each scale point (and 'don't know') per category; blanks left out."""
    instrument = result.instrument
    scale = instrument.scale
    items = instrument.items_frame()[["item_id", "category"]]
    answered = result.answers.merge(items, on="item_id")
    answered = answered.loc[answered["dont_know"] | answered["now"].notna()]
    labels = {float(k): f"{k} {v}" for k, v in scale.labels.items()}
    dk = scale.dont_know or "Don't know"
    answer = answered["now"].map(labels).where(~answered["dont_know"], dk)
    counts = answered.assign(answer=answer).groupby(["category", "answer"]).size()
    shares = (counts / counts.groupby(level="category").transform("sum")).rename("share")
    order = [*labels.values(), dk]
    table = shares.reset_index()
    table["name"] = table["category"].map(instrument.category_names())
    table["order"] = table["answer"].map({a: i for i, a in enumerate(order)})
    rank = {cat.id: i for i, cat in enumerate(instrument.categories)}
    table = table.assign(cat_rank=table["category"].map(rank))
    return table.sort_values(["cat_rank", "order"]).drop(columns="cat_rank").reset_index(drop=True)


def item_gaps(result: MaturityResult, top: int | None = None) -> pd.DataFrame:
    """Per item: mean now, mean target and the gap, largest first.

    The gap is target minus now where respondents gave targets, else the distance to the top
    of the scale (`basis` says which). Reverse-coded items are turned round first, and their
    text says so, so that a gap is never read as asking for more of what it measures.
    """
    instrument = result.instrument
    low, high = instrument.scale.min, instrument.scale.max
    scored = scored_answers(result.answers, instrument)
    target = scored["target"].where(~scored["reverse"], low + high - scored["target"])
    table = (
        scored.assign(target=target)
        .groupby("item_id")
        .agg(now=("value", "mean"), target=("target", "mean"), n=("value", "size"))
    )
    has_target = table["target"].notna()
    table["gap"] = (table["target"] - table["now"]).where(has_target, high - table["now"])
    table["basis"] = has_target.map({True: "target", False: "scale top"})
    meta = instrument.items_frame().set_index("item_id")[["category", "text", "reverse"]]
    table = table.join(meta)
    turned = zip(table["text"], table["reverse"], strict=True)
    table["text"] = [reading(text) if reverse else text for text, reverse in turned]
    table["name"] = table["category"].map(instrument.category_names())
    table = table.sort_values("gap", ascending=False).reset_index()
    return table.head(top) if top else table


def reading(statement: str) -> str:
    """A reverse-worded statement as its gap is read: the firm should move away from it."""
    return say("{statement} (reversed: the less people agree, the better)", statement=statement)


def department_disagreement(table: pd.DataFrame, by: str = "department") -> pd.DataFrame:
    """Per category, the spread between the groups shown (suppressed ones never count)."""
    shown = table.loc[~table["suppressed"]].dropna(subset=["mean"])
    if shown[by].nunique() < 2:
        return pd.DataFrame(
            columns=["category", "name", "low_group", "low", "high_group", "high", "range"]
        )
    rows = []
    for (category, name), group in shown.groupby(["category", "name"], sort=False):
        lo, hi = group.loc[group["mean"].idxmin()], group.loc[group["mean"].idxmax()]
        rows.append(
            {
                "category": category,
                "name": name,
                "low_group": lo[by],
                "low": lo["mean"],
                "high_group": hi[by],
                "high": hi["mean"],
                "range": hi["mean"] - lo["mean"],
            }
        )
    return pd.DataFrame(rows).sort_values("range", ascending=False).reset_index(drop=True)


def findings_matrix(result: MaturityResult, workshop: Workshop) -> pd.DataFrame:
    """Per category: survey mean and spread, the agreed rating, strengths and opportunities."""
    agreed = pd.DataFrame([r.model_dump() for r in workshop.categories])
    table = result.categories[["category", "name", "mean", "sd"]].merge(
        agreed, on="category", how="left"
    )
    table["difference"] = table["agreed"] - table["mean"]
    return table
