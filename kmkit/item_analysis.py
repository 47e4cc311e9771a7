"""Item-level reading of a maturity result: answer distributions, gaps, disagreement."""

from __future__ import annotations

import pandas as pd

from kmkit.scoring import MaturityResult, scored_answers


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
    of the scale (`basis` says which). Reverse-coded items are turned round first.
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
    meta = instrument.items_frame().set_index("item_id")[["category", "text"]]
    table = table.join(meta)
    table["name"] = table["category"].map(instrument.category_names())
    table = table.sort_values("gap", ascending=False).reset_index()
    return table.head(top) if top else table


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
