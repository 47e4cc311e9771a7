"""The store of record: versioned schema, all-or-nothing writes, no duplicates."""

import sqlite3

import pytest

from kmkit.core.store import SCHEMA_VERSION, Answer, Response, Store, StoreError, _link


def response(respondent: str, value: float = 3.0) -> Response:
    return Response(
        "maturity",
        "1.0",
        "baseline",
        respondent,
        "Quality",
        "Engineer",
        "2026-10-01T09:00:00",
        "test",
        {"lead_value": Answer(value), "lead_owner": Answer(None, dont_know=True)},
    )


def test_new_store_is_at_current_schema(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        assert store.schema_version == SCHEMA_VERSION


def test_store_from_newer_kmkit_is_refused(tmp_path):
    path = tmp_path / "s.sqlite"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer kmkit"):
        Store(path)


def test_a_file_that_is_not_a_store_is_refused(tmp_path):
    path = tmp_path / "s.sqlite"
    path.write_bytes(b"this is a spreadsheet, honest" * 100)
    with pytest.raises(StoreError, match="is not a SQLite database"):
        Store(path)
    assert path.read_bytes() == b"this is a spreadsheet, honest" * 100


def test_a_new_store_never_replaces_one_made_meanwhile(tmp_path):
    path, staging = tmp_path / "s.sqlite", tmp_path / ".s.sqlite-new"
    with Store(path) as made_first:
        made_first.add_responses([response("r1")])
    Store(staging).close()
    _link(staging, path)  # as when two processes create the same client's store at once
    with Store(path) as store:
        assert store.answers("maturity")["respondent"].unique().tolist() == ["r1"]


def test_dont_know_is_kept_apart_from_missing(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.add_responses([response("r1")])
        frame = store.answers("maturity").set_index("item_id")
    assert frame.loc["lead_owner", "dont_know"] and frame["now"].isna()["lead_owner"]
    assert "lead_example" not in frame.index  # not answered at all: no row


def test_same_respondent_twice_is_stored_once(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        assert store.add_responses([response("r1")]) == (1, 0)
        assert store.add_responses([response("r1"), response("r2")]) == (1, 1)
        assert store.answers("maturity")["respondent"].nunique() == 2


def test_failed_write_leaves_store_unchanged(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.add_responses([response("r1")])
        before = store.fingerprint()

        def batch():
            yield response("r2")
            raise ValueError("row 3 is bad")

        with pytest.raises(ValueError):
            store.add_responses(batch())
        assert store.fingerprint() == before
    with Store(path) as again:
        assert list(again.answers("maturity")["respondent"].unique()) == ["r1"]


def test_pseudonyms_are_stable_per_client_and_differ_between_clients(tmp_path):
    with Store(tmp_path / "a.sqlite") as a, Store(tmp_path / "b.sqlite") as b:
        assert a.pseudonym("Jane.Doe@example.com") == a.pseudonym(" jane.doe@example.com ")
        assert a.pseudonym("jane.doe@example.com") != b.pseudonym("jane.doe@example.com")
        assert "jane" not in a.pseudonym("jane.doe@example.com")


def test_waves_oldest_first(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        late = response("r1")
        late.wave, late.submitted_at = "reassessment", "2027-03-01T09:00:00"
        store.add_responses([late, response("r2")])
        assert store.waves("maturity") == ["baseline", "reassessment"]


def test_a_store_of_the_previous_schema_upgrades_in_place_and_keeps_its_print(tmp_path):
    from kmkit.core.store import MIGRATIONS

    old, new = tmp_path / "old.sqlite", tmp_path / "new.sqlite"
    db = sqlite3.connect(old)
    db.executescript("".join(MIGRATIONS[:-1]) + f"PRAGMA user_version = {SCHEMA_VERSION - 1};")
    db.execute("INSERT INTO meta VALUES ('secret', 'abc')")
    db.close()
    with Store(old) as upgraded, Store(new, secret="abc") as fresh:
        for store in (upgraded, fresh):
            store.add_responses([response("r1"), response("r2", 4.0)])
        assert upgraded.schema_version == SCHEMA_VERSION
        assert upgraded.fingerprint() == fresh.fingerprint()
        assert upgraded.collecting() == {} and upgraded.form_counts() == []


def test_shown_count_moves_in_whole_steps_after_what_was_shown_at_opening():
    from kmkit.core.privacy import shown_count

    assert [shown_count(n, 0, 5) for n in (0, 1, 4, 5, 6, 9, 10, 11)] == [0, 0, 0, 5, 5, 5, 10, 10]
    assert [shown_count(n, 34, 5) for n in (34, 35, 38, 39, 40, 44)] == [34, 34, 34, 39, 39, 44]
    assert shown_count(3, 34, 5) == 3  # responses removed since: never more than there are


def test_an_open_wave_shows_its_first_responses_in_whole_steps(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.add_responses([response("r1"), response("r2")])  # imported before it opened
        store.issue_form("maturity", "baseline", "hash-1")
        assert store.collecting() == {("maturity", "baseline"): 2}
        printed = store.fingerprint()
        store.add_responses([response(f"n{i}", 5.0) for i in range(4)])
        shown = store.shown_answers("maturity", 3)
        assert sorted(shown["respondent"].unique()) == ["n0", "n1", "n2", "r1", "r2"]
        assert len(store.answers("maturity")) == 12  # the store itself keeps everything
        assert store.fingerprint() != printed
        other = response("x1")
        other.wave = "reassessment"
        store.add_responses([other])
        store.issue_form("maturity", "reassessment", "hash-2")  # a new wave closes the old
        assert store.collecting() == {("maturity", "reassessment"): 1}
        assert store.shown_answers("maturity", 3, "baseline")["respondent"].nunique() == 6
        assert store.form("hash-1")[4] == 0 and store.form("hash-2")[4] == 1
        assert store.close_waves() == [("maturity", "reassessment")]
        assert store.shown_answers("maturity", 3)["respondent"].nunique() == 7
