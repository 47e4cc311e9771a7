"""Phase 06's surveys of a partnership's two sides: alliance capability and the pulse.

Scored per partnership and side, never below the anonymity threshold.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from kmkit.core.instruments import Instrument, client_instrument
from kmkit.core.scoring import MaturityResult, score_maturity
from kmkit.core.store import Store
from kmkit.core.workspace import Client

ALLIANCE = "alliance"


@dataclass(frozen=True)
class AllianceView:
    """How capable one partnership is, as both sides together and, when safe, each side sees it.

    Each side's view is shown only when both sides reach the anonymity threshold: with one
    side hidden, the overall mean and the other side's would give the hidden side away.
    """

    partnership: str
    wave: str
    respondents: dict[str, int]  # per side
    overall: MaturityResult | None  # None: fewer respondents than the threshold in all
    sides: dict[str, MaturityResult]  # "us" and "partner", or empty
    gaps: pd.DataFrame  # per element: us, partner, gap, low, high, real (empty without sides)


def welch_interval(a: pd.Series, b: pd.Series) -> tuple[float, float]:
    """The 95% interval of mean(a) - mean(b) without assuming equal spreads (Welch)."""
    from scipy.special import stdtrit  # scipy.stats would cost a second to import

    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    gap, se = a.mean() - b.mean(), math.sqrt(va + vb)
    if se == 0:
        return float(gap), float(gap)
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    half = float(stdtrit(df, 0.975)) * se
    return float(gap - half), float(gap + half)


def perception_gaps(us: MaturityResult, partner: MaturityResult) -> pd.DataFrame:
    """Per element: each side's mean, the gap (us - partner) and its 95% Welch interval.

    A gap is 'real' when its interval leaves out zero: the sides disagree by more than the
    spread of their own answers explains.
    """
    rows = []
    names = us.instrument.category_names()
    for element in names:
        a = us.by_respondent[element].dropna()
        b = partner.by_respondent[element].dropna()
        if len(a) < 2 or len(b) < 2:
            continue
        low, high = welch_interval(a, b)
        rows.append(
            {
                "element": element,
                "name": names[element],
                "us": float(a.mean()),
                "partner": float(b.mean()),
                "gap": float(a.mean() - b.mean()),
                "low": low,
                "high": high,
                "real": bool(low > 0 or high < 0),
            }
        )
    return pd.DataFrame(
        rows, columns=["element", "name", "us", "partner", "gap", "low", "high", "real"]
    )


def alliance_views(
    answers: pd.DataFrame, instrument: Instrument, threshold: int
) -> list[AllianceView]:
    """Score the alliance answers of each partnership's latest wave, by side when safe."""
    views = []
    for ident, theirs in answers.groupby("partnership", sort=True):
        latest = theirs.sort_values("submitted_at")["wave"].iloc[-1]
        wave = theirs.loc[theirs["wave"] == latest]
        counts = wave.drop_duplicates("response_id")["side"].value_counts()
        respondents = {side: int(counts.get(side, 0)) for side in ("us", "partner")}
        overall = None
        if sum(respondents.values()) >= threshold:
            overall = score_maturity(wave, instrument, latest)
        sides, gaps = {}, pd.DataFrame()
        if min(respondents.values()) >= threshold:
            sides = {
                side: score_maturity(wave.loc[wave["side"] == side], instrument, latest)
                for side in ("us", "partner")
            }
            gaps = perception_gaps(sides["us"], sides["partner"])
        views.append(AllianceView(str(ident), latest, respondents, overall, sides, gaps))
    return views


PULSE = "pulse"
TREND = ["partnership", "wave", "when", "who", "mean", "low", "high", "n"]


def pulse_trend(answers: pd.DataFrame, instrument: Instrument, threshold: int) -> pd.DataFrame:
    """Per partnership and pulse: both sides' mean and, where both reach the threshold, each's.

    A pulse with fewer respondents than the threshold in all is left out entirely.
    """
    rows = []
    for (ident, wave), pulse in answers.groupby(["partnership", "wave"], sort=False):
        counts = pulse.drop_duplicates("response_id")["side"].value_counts()
        if counts.sum() < threshold:
            continue
        groups = {"both": pulse}
        if min(counts.get("us", 0), counts.get("partner", 0)) >= threshold:
            groups |= {side: pulse.loc[pulse["side"] == side] for side in ("us", "partner")}
        when = pulse["submitted_at"].min()[:10]
        for who, group in groups.items():
            result = score_maturity(group, instrument, str(wave))
            rows.append(
                [ident, wave, when, who, result.overall, result.overall_low, result.overall_high,
                 result.respondents]
            )  # fmt: skip
    return pd.DataFrame(rows, columns=TREND).sort_values(["partnership", "when"], kind="stable")


def pulse_comments(answers: pd.DataFrame, comments: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The latest pulse's words per partnership and side, for sides at the threshold only.

    Sorted by their words, not by who wrote them when, so that nothing ties one to a person.
    """
    kept = []
    for ident, pulse in answers.groupby("partnership", sort=False):
        latest = pulse.sort_values("submitted_at")["wave"].iloc[-1]
        people = pulse.loc[pulse["wave"] == latest].drop_duplicates("response_id")
        counts = people["side"].value_counts()
        for side in ("us", "partner"):
            if counts.get(side, 0) < threshold:
                continue
            said = comments.loc[
                (comments["partnership"] == ident)
                & (comments["wave"] == latest)
                & (comments["side"] == side)
            ]
            kept.append(said.assign(wave=latest))
    if not kept:
        return pd.DataFrame(columns=["partnership", "wave", "side", "text"])
    words = pd.concat(kept)[["partnership", "wave", "side", "text"]]
    return words.sort_values(["partnership", "side", "text"]).reset_index(drop=True)


def survey_answers(client: Client, instrument: str, ids: set[str]) -> pd.DataFrame:
    """The stored answers to a partnership instrument, for the partnerships in `ids`."""
    if not client.store_path.exists():
        return pd.DataFrame(columns=["partnership"])
    with Store(client.store_path) as store:
        answers = store.shown_answers(instrument, client.config.anonymity_threshold)
    return answers.loc[answers["partnership"].isin(ids)]


def client_alliance(client: Client, ids: set[str]) -> list[AllianceView]:
    """The client's alliance surveys for the partnerships in `ids`, scored."""
    answers = survey_answers(client, ALLIANCE, ids)
    if answers.empty:
        return []
    instrument = client_instrument(ALLIANCE, client)
    return alliance_views(answers, instrument, client.config.anonymity_threshold)


def client_pulse(client: Client, ids: set[str]) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The pulse trend and its safe open answers for the partnerships in `ids` (None: no pulse)."""
    answers = survey_answers(client, PULSE, ids)
    if answers.empty:
        return None, None
    threshold = client.config.anonymity_threshold
    trend = pulse_trend(answers, client_instrument(PULSE, client), threshold)
    with Store(client.store_path) as store:
        words = pulse_comments(answers, store.comments(PULSE), threshold)
    return trend, words
