"""The kmkit command line, run as a consultant runs it."""

import pytest
from helpers import run_kmkit

from kmkit.core.store import Store

COMMANDS = [
    "new", "check", "report", "serve", "lab", "demo", "import", "export", "form", "score",
    "catalogue", "deck", "batch",
]  # fmt: skip


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help(command):
    result = run_kmkit(*([command] if command else []), "--help")
    assert result.returncode == 0
    assert "Usage:" in result.stdout


def test_new_then_check(tmp_path):
    made = run_kmkit("new", "acme-tools", "--name", "Acme Tools Ltd", clients=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "acme-tools" / "client.yaml").is_file()
    checked = run_kmkit("check", "acme-tools", clients=tmp_path)
    assert checked.returncode == 0 and "no problems" in checked.stdout


def test_new_refuses_to_overwrite(tmp_path):
    run_kmkit("new", "acme", "--name", "Acme", clients=tmp_path)
    again = run_kmkit("new", "acme", "--name", "Other", clients=tmp_path)
    assert again.returncode == 1
    assert "already exists" in again.stderr and "Traceback" not in again.stderr
    assert "Acme" in (tmp_path / "acme" / "client.yaml").read_text()


def test_check_lists_every_problem(clients_dir):
    config = clients_dir / "demo-accounting" / "client.yaml"
    text = config.read_text().replace("employees: 20", "employees: twenty")
    config.write_text(text.replace("sector:", "sectr:"))
    result = run_kmkit("check", "demo-accounting", clients=clients_dir)
    assert result.returncode == 1
    assert "field 'employees'" in result.stdout
    assert "field 'sector' is missing" in result.stdout
    assert "field 'sectr' is not a known field" in result.stdout
    assert "3 problem(s)" in result.stdout


def test_check_finds_departments_missing_from_config(clients_dir):
    config = clients_dir / "demo-precision" / "client.yaml"
    config.write_text(config.read_text().replace("- Quality\n", ""))
    result = run_kmkit("check", "demo-precision", clients=clients_dir)
    assert result.returncode == 1
    assert "department 'Quality'" in result.stdout


def test_unknown_client_is_one_line_listing_known_ones(clients_dir):
    result = run_kmkit("report", "acme", clients=clients_dir)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(
        f"error: No client 'acme' in {clients_dir}. Known clients: demo-accounting, "
        "demo-precision, peer-"
    )


@pytest.mark.slow
def test_report_through_the_command_line(clients_dir):
    result = run_kmkit("report", "demo-accounting", clients=clients_dir)
    assert result.returncode == 0, result.stderr
    report = clients_dir / "demo-accounting" / "reports" / "report.html"
    assert str(report) in result.stdout
    assert (clients_dir / "demo-accounting" / "reports" / "01_awareness.ipynb").is_file()
    assert "Harbour &amp; Finch" in report.read_text()


@pytest.mark.slow
def test_report_of_a_client_without_answers_says_what_to_do(tmp_path):
    run_kmkit("new", "acme", "--name", "Acme", clients=tmp_path)
    result = run_kmkit("report", "acme", clients=tmp_path)
    assert result.returncode == 1
    assert "01_awareness failed" in result.stderr and "kmkit import" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "acme" / "reports" / "report.html").exists()


@pytest.mark.slow
def test_demo_builds_every_demo_report(demo_outputs):
    clients_dir, result = demo_outputs
    assert result.returncode == 0, result.stderr
    for slug in ("demo-precision", "demo-accounting"):
        report = clients_dir / slug / "reports" / "report.html"
        assert report.is_file() and str(report) in result.stdout


def test_score_prints_level_and_intervals(clients_dir):
    result = run_kmkit("score", "demo-precision", clients=clients_dir)
    assert result.returncode == 0, result.stderr
    assert "34 respondents" in result.stdout and "level 2, Aware" in result.stdout
    assert "Leadership and strategy" in result.stdout and "95% interval" in result.stdout


def test_score_json_hides_small_departments(clients_dir):
    import json

    result = run_kmkit("score", "demo-precision", "--json", clients=clients_dir)
    data = json.loads(result.stdout)
    assert data["level"]["name"] == "Aware" and len(data["categories"]) == 7
    management = [d for d in data["departments"] if d["department"] == "Management"]
    assert management and all(d["suppressed"] and d["mean"] is None for d in management)
    assert '"r-' not in result.stdout  # no pseudonym, let alone a name


def test_score_unknown_wave_lists_the_waves(clients_dir):
    result = run_kmkit("score", "demo-precision", "--wave", "2030", clients=clients_dir)
    assert result.returncode == 1 and "Waves there: baseline" in result.stderr


def test_form_and_export_commands_write_files(clients_dir, tmp_path):
    form = run_kmkit(
        "form",
        "maturity",
        "--out",
        str(tmp_path / "f.xlsx"),
        "--client",
        "demo-precision",
        clients=clients_dir,
    )
    assert form.returncode == 0 and (tmp_path / "f.xlsx").stat().st_size > 0
    export = run_kmkit(
        "export", "demo-accounting", "--out", str(tmp_path / "e.csv"), clients=clients_dir
    )
    assert export.returncode == 0
    lines = (tmp_path / "e.csv").read_text(encoding="utf-8-sig").splitlines()
    with Store(clients_dir / "demo-accounting" / "kmkit.sqlite") as store:
        stored = store.answers("maturity")["response_id"].nunique()  # both waves
    assert stored == 17 * 2
    assert len(lines) == 1 + stored and lines[0].startswith("respondent,wave,department")
