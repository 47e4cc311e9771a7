"""The shipped demo clients are what the seeded generator makes, every time."""

import sqlite3

from helpers import SHIPPED_CLIENTS

from kmkit.core.store import Store
from kmkit.core.workspace import demo_slugs, open_client
from kmkit.demo import DEMO_CLIENTS, generate


def test_regenerating_gives_the_shipped_clients(tmp_path):
    generate(tmp_path)
    for spec in DEMO_CLIENTS:
        made, shipped = tmp_path / spec.slug, SHIPPED_CLIENTS / spec.slug
        assert (made / "client.yaml").read_bytes() == (shipped / "client.yaml").read_bytes()
        with Store(made / "kmkit.sqlite") as a, Store(shipped / "kmkit.sqlite") as b:
            assert a.fingerprint() == b.fingerprint()


def test_demo_clients_are_big_enough_and_spread_over_departments(clients_dir):
    assert demo_slugs(clients_dir) == ["demo-accounting", "demo-precision"]
    expected = {"demo-precision": (45, 30), "demo-accounting": (20, 15)}
    for slug, (employees, minimum) in expected.items():
        client = open_client(slug, clients_dir)
        assert client.config.employees == employees
        with Store(client.store_path) as store:
            people = store.answers("maturity").drop_duplicates("response_id")
        assert len(people) >= minimum
        assert people["department"].nunique() >= 4
        assert set(people["department"]) <= set(client.config.departments)


def test_store_holds_no_names_or_emails(clients_dir):
    for slug in demo_slugs(clients_dir):
        db = sqlite3.connect(clients_dir / slug / "kmkit.sqlite")
        columns = {
            row[1]
            for t in ("responses", "answers")
            for row in db.execute(f"PRAGMA table_info({t})")
        }
        assert not columns & {"name", "email", "e_mail"}
        respondents = [r for (r,) in db.execute("SELECT respondent FROM responses")]
        assert all(r.startswith("r-") and len(r) == 14 for r in respondents)
