"""Every fault of a client's store is one plain sentence, and the store is left as it was.

Read-only files and folders are made read-only for real with `chattr +i`: tests run as root,
and root ignores permission bits but not the immutable flag (as another user, plain chmod).
A full disk cannot be made here safely, so SQLite is made to hit its own "database or disk
is full" error (SQLITE_FULL) by capping the connection's size at the file's (PRAGMA
max_page_count), and `kmkit check` is shown a disk with no bytes free.
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import SHIPPED_CLIENTS

import kmkit.core.store
from kmkit.cli import main
from kmkit.core import store_file
from kmkit.core.errors import StoreFullError, StoreReadOnlyError
from kmkit.core.store import SCHEMA_VERSION, Store

SLUG = "demo-precision"
ANSWERS = Path(__file__).resolve().parent / "inputs" / "google_forms.csv"
COMMANDS = {
    "import": ["import", SLUG, str(ANSWERS), "--wave", "w"],
    "check": ["check", SLUG],
    "score": ["score", SLUG],
    "export": ["export", SLUG, "--out", "{out}"],
}


@dataclass
class Faults:
    """What a fault's setup may use: the test's monkeypatch, and a way to freeze a path."""

    monkeypatch: pytest.MonkeyPatch
    frozen: list[Path]

    def freeze(self, path: Path) -> None:
        """Make a file or folder unwritable, for root too (the immutable flag)."""
        if os.geteuid() != 0:
            path.chmod(0o555 if path.is_dir() else 0o444)
        elif shutil.which("chattr") is None or _chattr("+i", path).returncode != 0:
            pytest.skip("cannot make a path read-only for root here (chattr +i refused)")
        self.frozen.append(path)

    def fill_disk(self) -> None:
        """Every write that needs room fails with SQLite's own SQLITE_FULL; check sees 0 free."""
        real = store_file.connect

        def capped(path: Path) -> sqlite3.Connection:
            conn = real(path)
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
            return conn

        for module in (store_file, kmkit.core.store):  # opening a store, and making a new one
            self.monkeypatch.setattr(module, "connect", capped)
        self.monkeypatch.setattr(
            store_file.shutil, "disk_usage", lambda _: shutil._ntuple_diskusage(10**9, 10**9, 0)
        )


def _chattr(flag: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["chattr", flag, str(path)], capture_output=True, text=True)


@pytest.fixture
def faults(monkeypatch):
    frozen: list[Path] = []
    yield Faults(monkeypatch, frozen)
    for path in frozen:  # or pytest could not remove the temporary folder
        if os.geteuid() == 0:
            _chattr("-i", path)
        else:
            path.chmod(0o755 if path.is_dir() else 0o644)


def zero_bytes(store: Path, _: Faults) -> None:
    store.write_bytes(b"")


def random_bytes(store: Path, _: Faults) -> None:
    store.write_bytes(random.Random(4).randbytes(4096))


def first_100_bytes_overwritten(store: Path, _: Faults) -> None:
    store.write_bytes(random.Random(100).randbytes(100) + store.read_bytes()[100:])


def cut_in_half(store: Path, _: Faults) -> None:
    data = store.read_bytes()
    store.write_bytes(data[: len(data) // 2])


def a_page_overwritten(store: Path, _: Faults) -> None:
    data = bytearray(store.read_bytes())
    data[3 * 4096 : 3 * 4096 + 512] = random.Random(3).randbytes(512)  # page 4, a table's
    store.write_bytes(bytes(data))


def another_programs_database(store: Path, _: Faults) -> None:
    store.unlink()
    with sqlite3.connect(store) as conn:
        conn.execute("CREATE TABLE photos (taken TEXT, file TEXT)")
    conn.close()


def from_a_newer_kmkit(store: Path, _: Faults) -> None:
    conn = sqlite3.connect(store)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


def read_only_file(store: Path, faults: Faults) -> None:
    faults.freeze(store)


def read_only_folder(store: Path, faults: Faults) -> None:
    faults.freeze(store.parent)


def full_disk(_: Path, faults: Faults) -> None:
    faults.fill_disk()


BROKEN = {"import", "check", "score", "export"}
SHIPPED_SIZE = (SHIPPED_CLIENTS / SLUG / "kmkit.sqlite").stat().st_size
CUT = f"is cut short: {SHIPPED_SIZE // 2:,} bytes of the {SHIPPED_SIZE:,}"
WRITES = {"import", "check"}  # reading a store needs no write: score and export still work
RESTORE = "Restore it from a backup; kmkit will not replace it."
WRITABLE = "Make it writable, or copy the client elsewhere."
FAULTS: list[tuple[Callable[[Path, Faults], None], str, str, set[str]]] = [
    (zero_bytes, "is 0 bytes: it looks like a truncated copy", RESTORE, BROKEN),
    (random_bytes, "is not a SQLite database", RESTORE, BROKEN),
    (first_100_bytes_overwritten, "is not a SQLite database", RESTORE, BROKEN),
    (cut_in_half, CUT, RESTORE, BROKEN),
    (a_page_overwritten, "is damaged (SQLite's check says:", RESTORE, BROKEN),
    (another_programs_database, "of another kind, not a kmkit store", "Move it aside", BROKEN),
    (from_a_newer_kmkit, "was written by a newer kmkit", "upgrade kmkit", BROKEN),
    (read_only_file, "cannot be written: the file is read-only", WRITABLE, WRITES),
    (read_only_folder, "cannot be written: the folder", WRITABLE, WRITES),
    (full_disk, "disk is full", "some space on it", WRITES),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "missing"


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("fault", "words", "remedy", "fails"), FAULTS, ids=[f[0].__name__ for f in FAULTS]
)
def test_a_store_fault_is_one_sentence_and_the_store_is_untouched(
    clients_dir, tmp_path, faults, fault, words, remedy, fails, command
):
    store = clients_dir / SLUG / "kmkit.sqlite"
    fault(store, faults)
    before, files = _digest(store), sorted(os.listdir(store.parent))
    args = [a.format(out=tmp_path / "out.csv") for a in COMMANDS[command]]
    result = CliRunner().invoke(main, ["--clients-dir", str(clients_dir), *args])
    # CliRunner keeps an uncaught exception in result.exception instead of printing it.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert _digest(store) == before, "the store's bytes changed"
    assert sorted(os.listdir(store.parent)) == files, "a file was left beside the store"
    if command not in fails:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1
    if command == "check":
        lines = [line for line in result.stdout.splitlines() if words in line]
        assert "no problems found" not in result.stdout
    else:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
    prefix = "problem: " if command == "check" else "error: "
    assert lines and lines[0].startswith(f"{prefix}{store}"), result.output
    assert words in lines[0] and remedy in lines[0]


def _refused_early(clients_dir: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    """Run a command that must stop before running notebooks or serving; return its stderr."""
    import kmkit.apps.serving
    import kmkit.cli.reports

    def never(*_: object, **__: object) -> None:
        raise AssertionError("started notebooks or a server on a broken store")

    for module, name in [
        (kmkit.cli.reports, "_fast"),
        (kmkit.cli.reports, "_build"),
        (kmkit.apps.serving, "serve"),
    ]:
        monkeypatch.setattr(module, name, never)
    result = CliRunner().invoke(main, ["--clients-dir", str(clients_dir), *args])
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.output
    return result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["report", SLUG],
        ["report", SLUG, "--kernel-per-notebook"],
        ["serve", SLUG],
        ["serve", SLUG, "--app", "dashboard"],
    ],
)
def test_report_and_serve_refuse_a_broken_store_at_once(clients_dir, monkeypatch, args):
    store = clients_dir / SLUG / "kmkit.sqlite"
    cut_in_half(store, None)
    stderr = _refused_early(clients_dir, monkeypatch, *args)
    assert stderr == f"error: {store} {CUT} its header " + (
        "records, as a copy interrupted part-way. Restore it from a backup; kmkit will not "
        "replace it.\n"
    )


def test_serving_the_survey_refuses_an_unwritable_store(clients_dir, faults, monkeypatch):
    store = clients_dir / SLUG / "kmkit.sqlite"
    read_only_folder(store, faults)
    stderr = _refused_early(clients_dir, monkeypatch, "serve", SLUG, "--app", "survey")
    assert stderr.startswith(f"error: {store} cannot be written: the folder") and "\n" == stderr[-1]


def test_batch_fails_a_client_with_a_broken_store_before_forking(clients_dir, monkeypatch):
    import kmkit.reports.batch
    from kmkit.reports.jobs import Outcome

    zero_bytes(clients_dir / SLUG / "kmkit.sqlite", None)
    given = []

    def run_batch(jobs, **_):
        given.extend(job.slug for job in jobs)
        return [Outcome(job.slug, job.slug, "ok", report=str(clients_dir)) for job in jobs]

    monkeypatch.setattr(kmkit.reports.batch, "run_batch", run_batch)
    args = ["--clients-dir", str(clients_dir), "batch", SLUG, "demo-accounting"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and given == ["demo-accounting"], result.output
    assert f"failed: {SLUG} (Kestrel Precision" in result.stdout
    assert f"store: {clients_dir / SLUG / 'kmkit.sqlite'} is 0 bytes" in result.stdout


def test_a_new_store_on_a_full_disk_leaves_no_file_behind(clients_dir, faults):
    store = clients_dir / SLUG / "kmkit.sqlite"
    store.unlink()
    faults.fill_disk()
    args = ["--clients-dir", str(clients_dir), *COMMANDS["import"]]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "the disk is full" in result.stderr, result.output
    assert not any(p.name.startswith((".kmkit", "kmkit")) for p in store.parent.iterdir())


def test_a_missing_store_is_created_only_by_a_write(tmp_path):
    store = tmp_path / "kmkit.sqlite"
    assert kmkit.core.store.store_fault(store) is None and not store.exists()
    with Store(store) as opened:
        assert opened.schema_version == SCHEMA_VERSION
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kmkit.sqlite"]


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), StoreFullError),
        (sqlite3.OperationalError("database or disk is full"), StoreFullError),
        (OSError(errno.EROFS, "Read-only file system"), StoreReadOnlyError),
        (sqlite3.OperationalError("attempt to write a readonly database"), StoreReadOnlyError),
    ],
)
def test_the_systems_words_become_a_kind_of_fault(tmp_path, error, kind):
    found = store_file.fault(tmp_path / "kmkit.sqlite", error)
    assert type(found) is kind and str(found).startswith(f"{tmp_path / 'kmkit.sqlite'} cannot")


INTERRUPTED_WRITE = """
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA cache_size = 1")  # spill pages into the file before any commit
db.execute("BEGIN IMMEDIATE")
db.executemany("INSERT INTO meta VALUES (?, ?)", [(f"k{i}", "x" * 3000) for i in range(200)])
os._exit(0)  # no commit, no rollback: a hot journal stays beside a half-written file
"""


def test_a_store_whose_write_was_interrupted_is_rolled_back_not_refused(clients_dir):
    import sys

    path = clients_dir / SLUG / "kmkit.sqlite"
    with Store(path) as store:
        before = store.fingerprint()
    subprocess.run([sys.executable, "-c", INTERRUPTED_WRITE, str(path)], check=True)
    assert Path(f"{path}-journal").exists()
    with Store(path) as store:
        assert store.fingerprint() == before
    assert not Path(f"{path}-journal").exists()
