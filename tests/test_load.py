"""Many submissions at once, and a submission killed half-way: the store stays whole."""

import multiprocessing
import os
import signal
import sqlite3
import time

import pytest

from kmkit.core.instruments import load_instrument
from kmkit.core.store import Store
from kmkit.core.workspace import open_client
from kmkit.inputs.submissions import Submission, issue_form, submit

pytestmark = pytest.mark.slow


def _submit(args: tuple[str, str, str]) -> bool:
    """One respondent's browser session: the same call the survey app makes."""
    clients, token, department = args
    client = open_client("demo-accounting", clients)
    instrument = load_instrument("maturity")
    answers = {item.id: 3 for item in instrument.items}
    form = Submission(department=department, role=None, answers=answers, token=token)
    return submit(client, instrument, "load", form)


def test_thirty_concurrent_submissions_all_land_once(clients_dir):
    departments = ["Audit", "Tax", "Advisory", "Practice support"]
    client, instrument = open_client("demo-accounting", clients_dir), load_instrument("maturity")
    tokens = [issue_form(client, instrument, "load") for _ in range(30)]  # as pages issue them
    jobs = [(str(clients_dir), tokens[n], departments[n % 4]) for n in range(30)]
    jobs += jobs[:6]  # six people press 'send' twice, from another process
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        results = pool.map(_submit, jobs)
    assert results.count(True) == 30 and results.count(False) == 6
    with Store(clients_dir / "demo-accounting" / "kmkit.sqlite") as store:
        rows = store.answers("maturity", "load")
    assert rows["response_id"].nunique() == 30
    assert len(rows) == 30 * 35


def _stall_inside_transaction(path: str) -> None:
    """Start writing responses, then hang with the transaction open until killed."""
    from kmkit.core.store import Answer, Response

    def responses():
        for n in range(50):
            yield Response(
                "maturity",
                "1.0",
                "crash",
                f"r-crash-{n}",
                "Audit",
                None,
                "2026-11-01T10:00:00",
                "test",
                {"lead_value": Answer(4.0)},
            )
            if n == 10:
                open(path + ".stalled", "w").close()
                time.sleep(600)

    with Store(path) as store:
        store.add_responses(responses())


def test_a_write_killed_half_way_leaves_the_store_consistent(clients_dir):
    path = str(clients_dir / "demo-accounting" / "kmkit.sqlite")
    with Store(path) as store:
        before = store.fingerprint()
    child = multiprocessing.get_context("spawn").Process(
        target=_stall_inside_transaction, args=(path,)
    )
    child.start()
    deadline = time.monotonic() + 60
    while not os.path.exists(path + ".stalled") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert os.path.exists(path + ".stalled"), "the writer never reached the middle"
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    with Store(path) as store:
        assert store.fingerprint() == before  # the eleven rows written are rolled back
        assert store.answers("maturity", "crash").empty
    client = open_client("demo-accounting", clients_dir)
    token = issue_form(client, load_instrument("maturity"), "load")
    assert _submit((str(clients_dir), token, "Tax")) is True  # and it still takes writes
