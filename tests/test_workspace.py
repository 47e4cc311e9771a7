"""Client workspaces: validated client.yaml, known slugs, safe scaffolding."""

from pathlib import Path

import pytest

from kmkit.core import paths
from kmkit.core.errors import ClientExistsError, ClientNotFoundError, WorkspaceError
from kmkit.core.workspace import known_slugs, new_client, open_client


def test_demo_clients_open(clients_dir):
    known = known_slugs(clients_dir)
    assert known[:2] == ["demo-accounting", "demo-precision"]
    assert len(known) == 14 and all(s.startswith("peer-") for s in known[2:])  # the cluster's
    assert "demo-cluster" not in known  # a cluster folder is no client
    client = open_client("demo-precision", clients_dir)
    assert client.config.employees == 45 and "Machining" in client.config.departments


def test_unknown_slug_lists_known_ones(clients_dir):
    with pytest.raises(ClientNotFoundError) as err:
        open_client("acme", clients_dir)
    message = str(err.value)
    assert "'acme'" in message and "demo-accounting, demo-precision" in message
    assert "\n" not in message


def write_config(clients_dir: Path, text: str) -> None:
    folder = clients_dir / "broken"
    (folder / "data").mkdir(parents=True)
    (folder / "client.yaml").write_text(text)


def test_every_bad_field_is_reported_by_name(clients_dir):
    write_config(clients_dir, "name: Broken Ltd\nemployees: forty\ndepartmnets: [A]\n")
    with pytest.raises(WorkspaceError) as err:
        open_client("broken", clients_dir)
    problems = "\n".join(err.value.problems)
    assert "field 'employees'" in problems and "'forty'" in problems
    assert "field 'sector' is missing" in problems
    assert "field 'departments' is missing" in problems
    assert "field 'departmnets' is not a known field" in problems
    assert all(
        p.startswith(str(clients_dir / "broken" / "client.yaml")) for p in err.value.problems
    )


def test_threshold_never_below_three(clients_dir):
    write_config(
        clients_dir, "name: B\nsector: S\nemployees: 20\ndepartments: [A]\nanonymity_threshold: 2\n"
    )
    with pytest.raises(WorkspaceError, match="anonymity_threshold"):
        open_client("broken", clients_dir)


def test_repeated_department_is_refused(clients_dir):
    write_config(clients_dir, "name: B\nsector: S\nemployees: 20\ndepartments: [A, A]\n")
    with pytest.raises(WorkspaceError, match="repeated: A"):
        open_client("broken", clients_dir)


def test_invalid_yaml_names_the_line(clients_dir):
    write_config(clients_dir, "name: B\nsector: [unclosed\n")
    with pytest.raises(WorkspaceError, match=r"client.yaml, line \d+: not valid YAML"):
        open_client("broken", clients_dir)


def test_new_client_scaffold_is_valid_and_never_overwritten(tmp_path):
    client = new_client("acme-tools", 'Acme "Tools" Ltd', tmp_path)
    assert client.name == 'Acme "Tools" Ltd'
    assert client.store_path.is_file() and client.data_dir.is_dir() and client.reports_dir.is_dir()
    before = client.config_path.read_bytes()
    with pytest.raises(ClientExistsError):
        new_client("acme-tools", "Other", tmp_path)
    assert client.config_path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["acme-tools"]  # no staging folder left


@pytest.mark.parametrize("slug", ["Acme", "acme tools", "../evil", "-x", ""])
def test_bad_slugs_are_refused(tmp_path, slug):
    with pytest.raises(WorkspaceError, match="not a usable client slug"):
        new_client(slug, "X", tmp_path)


def test_path_like_slug_cannot_escape_clients_folder(clients_dir):
    with pytest.raises(ClientNotFoundError):
        open_client("../clients/demo-precision", clients_dir)


def test_clients_dir_resolution(tmp_path, monkeypatch):
    explicit = tmp_path / "mine"
    assert paths.clients_dir(explicit) == explicit.resolve()
    monkeypatch.setenv("KMKIT_CLIENTS_DIR", str(tmp_path / "env"))
    assert paths.clients_dir() == (tmp_path / "env").resolve()
    monkeypatch.delenv("KMKIT_CLIENTS_DIR")
    (tmp_path / "clients").mkdir()
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    assert paths.clients_dir() == (tmp_path / "clients").resolve()


def test_environment_names_the_client_when_no_slug_is_given(clients_dir, monkeypatch):
    monkeypatch.setenv("KMKIT_CLIENT", "demo-accounting")
    assert open_client("", clients_dir).slug == "demo-accounting"
    assert open_client("demo-precision", clients_dir).slug == "demo-precision"


def test_amounts_take_the_clients_currency_or_its_countrys(clients_dir):
    from kmkit.apps.check import currency_used
    from kmkit.core.numbers import amount

    client = open_client("demo-accounting", clients_dir)  # country AU, no currency of its own
    assert client.config.money() == ("AUD", "the country (AU)")
    assert amount(21_000, client.config) == "$21,000"  # as Australians write it
    said = currency_used("demo-accounting", clients_dir)
    assert said == "Amounts are shown in AUD, from the country (AU)."
    named = client.config.model_copy(update={"currency": "EUR", "language": "fr", "country": "FR"})
    assert named.money() == ("EUR", "client.yaml's currency")
    assert amount(21_000, named) == "21\u202f000\u00a0€"
    nowhere = client.config.model_copy(update={"country": ""})
    assert nowhere.money() == ("", "") and amount(21_000, nowhere) == "21,000"
