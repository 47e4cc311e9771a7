"""Batch reports: good clients done, bad ones listed, nothing stops the rest; PDF; Dask."""

import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from helpers import SHIPPED_CLIENTS, run_kmkit

from kmkit.core.workspace import open_client
from kmkit.demo.madeup import synthetic
from kmkit.reports.batch import Job, run_batch, run_here, write_index
from kmkit.reports.jobs import STATE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory):
    """Two good clients, one with a broken client.yaml and one without survey answers."""
    root = tmp_path_factory.mktemp("batch") / "clients"
    root.mkdir()
    shutil.copytree(
        SHIPPED_CLIENTS / "demo-accounting",
        root / "demo-accounting",
        ignore=shutil.ignore_patterns("reports"),
    )
    synthetic(1, root)
    (root / "demo-cluster").mkdir()  # demo-accounting's cluster, with it as its only member
    shutil.copy(SHIPPED_CLIENTS / "demo-cluster" / "cluster.yaml", root / "demo-cluster")
    (root / "broken").mkdir()
    (root / "broken" / "client.yaml").write_text("name: Broken Ltd\nemployees: lots\n")
    run_kmkit("new", "empty-co", "--name", "Empty Co", clients=root)
    return root


@pytest.fixture(scope="module")
def first_run(batch_dir):
    return run_kmkit(
        "batch", "--all", "--pdf", "--deck", "--workers", "2", clients=batch_dir, timeout=900
    )


def own_copy(batch_dir: Path, target: Path, slug: str, made: bool = False) -> None:
    """Copy one client of the shared batch folder for a test that changes it.

    Its inputs; with `made`, also the report and the stamp that first_run left, which is
    what --changed-only compares.
    """
    shutil.copytree(batch_dir / slug, target / slug, ignore=shutil.ignore_patterns("reports"))
    if made:
        (target / slug / "reports").mkdir()
        for name in ("report.html", STATE):
            shutil.copy2(batch_dir / slug / "reports" / name, target / slug / "reports")


def test_bad_clients_are_listed_and_the_good_ones_done(first_run, batch_dir):
    assert first_run.returncode == 1
    out = first_run.stdout
    assert "3 report(s) made, 0 unchanged, 2 failed" in out  # two clients and the cluster
    assert "failed: broken (broken), workspace:" in out and "field 'sector' is missing" in out
    assert "failed: empty-co (Empty Co), 01_awareness:" in out and "kmkit import" in out
    for slug, other in (("demo-accounting", "Synthetic Client"), ("synthetic-001", "Harbour")):
        report = (batch_dir / slug / "reports" / "report.html").read_text()
        assert other not in report  # each client's run is a fresh process
    assert "Traceback" not in first_run.stderr


def test_index_links_every_client_with_its_status(first_run, batch_dir):
    index = (batch_dir / "index.html").read_text()
    assert 'href="demo-accounting/reports/report.html"' in index
    assert 'href="synthetic-001/reports/report.pdf"' in index
    assert 'href="synthetic-001/reports/deck.pptx"' in index
    assert "Empty Co" in index and "sector" in index and "is missing" in index
    assert "http:" not in index and "https:" not in index  # nothing fetched or linked off


def test_each_good_client_gets_its_own_deck(first_run, batch_dir):
    from pptx import Presentation

    for slug, other in (("demo-accounting", "Synthetic Client"), ("synthetic-001", "Harbour")):
        deck = Presentation(batch_dir / slug / "reports" / "deck.pptx")
        cover = " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
        assert open_client(slug, batch_dir).name in cover
        text = " ".join(
            s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame
        )
        assert other not in text  # one client's findings never reach another's deck
    assert not (batch_dir / "empty-co" / "reports" / "deck.pptx").exists()


def test_pdf_first_page_is_not_blank(first_run, batch_dir):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(batch_dir / "demo-accounting" / "reports" / "report.pdf")
    assert len(pdf) >= 3
    pixels = pdf[0].render(scale=0.5).to_numpy()[..., :3]
    inked = (pixels < 200).any(axis=-1).mean()
    assert inked > 0.005  # the cover: title, client, provenance
    assert (
        np.mean(
            [
                (pdf[i].render(scale=0.3).to_numpy()[..., :3] < 200).any(axis=-1).mean()
                for i in range(1, len(pdf))
            ]
        )
        > 0.03
    )  # charts and text on the rest


def test_the_clusters_report_is_printed_too(first_run, batch_dir):
    import pypdfium2 as pdfium

    printed = batch_dir / "demo-cluster" / "reports" / "report.pdf"
    assert len(pdfium.PdfDocument(printed)) >= 1
    assert 'href="demo-cluster/reports/report.pdf"' in (batch_dir / "index.html").read_text()


def test_changed_only_skips_what_has_not_changed(first_run, batch_dir, tmp_path):
    clients = tmp_path / "clients"  # a copy: the shared folder keeps first_run's reports
    for slug in ("demo-accounting", "synthetic-001"):
        own_copy(batch_dir, clients, slug, made=True)
    own_copy(batch_dir, clients, "demo-cluster")  # demo-accounting's stamp reads its cluster
    config = clients / "synthetic-001" / "client.yaml"
    config.write_text(config.read_text().replace("employees: 45", "employees: 46"))
    again = run_kmkit(
        "batch",
        "demo-accounting",
        "synthetic-001",
        "--changed-only",
        clients=clients,
        timeout=900,
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert "1 report(s) made, 1 unchanged, 0 failed" in again.stdout


def test_a_dask_cluster_gives_the_same_reports(first_run, batch_dir, tmp_path):
    from distributed import LocalCluster

    other = tmp_path / "clients"
    shutil.copytree(batch_dir, other, ignore=shutil.ignore_patterns("reports", "index.html"))
    jobs = [Job(slug, str(other)) for slug in ("demo-accounting", "broken")]
    jobs.append(Job("demo-cluster", str(other), cluster=True))
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        outcomes = run_batch(jobs, scheduler=cluster.scheduler_address)
    assert [o.status for o in outcomes] == ["ok", "failed", "ok"]
    for slug in ("demo-accounting", "demo-cluster"):
        ours = (other / slug / "reports" / "report.html").read_text()
        local = (batch_dir / slug / "reports" / "report.html").read_text()
        assert ours == local, slug
    assert "No benchmark yet: 1 member has survey answers" in ours  # a sentence, no figures
    assert write_index(outcomes, other).is_file()


def test_a_client_past_its_time_is_stopped_and_reported(batch_dir):
    outcomes = run_batch([Job("demo-accounting", str(batch_dir), timeout=1)], workers=1)
    assert outcomes[0].status == "failed"
    assert "took longer than 1 s" in outcomes[0].reason


def test_report_and_demo_stop_a_client_past_its_time(batch_dir):
    jobs = [Job(slug, str(batch_dir), timeout=1) for slug in ("demo-accounting", "synthetic-001")]
    outcomes = run_here(jobs, workers=1)
    assert [o.slug for o in outcomes] == ["demo-accounting", "synthetic-001"]
    assert [(o.status, o.reason) for o in outcomes] == [
        ("failed", "took longer than 1 s and was stopped")
    ] * 2


def test_a_kernel_that_dies_is_tried_again_and_a_real_failure_is_not(monkeypatch, tmp_path):
    from kmkit.reports import jobs

    tries: list[str] = []

    def flaky(e, **kwargs):
        tries.append(e.client.slug)
        if len(tries) <= jobs.RETRIES:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return tmp_path / "report.html"

    job = Job("demo-precision", str(tmp_path))
    monkeypatch.setattr(jobs, "build_report", flaky)
    engaged_here = SimpleNamespace(client=SimpleNamespace(slug="demo-precision"))
    assert jobs._report(engaged_here, job, lambda _: None, None) == tmp_path / "report.html"
    assert len(tries) == jobs.RETRIES + 1  # every retry used, then it worked

    def broken(e, **kwargs):
        tries.append("broken")
        raise RuntimeError("a cell failed")

    monkeypatch.setattr(jobs, "build_report", broken)
    tries.clear()
    with pytest.raises(RuntimeError, match="a cell failed"):
        jobs._report(engaged_here, job, lambda _: None, None)
    assert tries == ["broken"]  # not a kernel fault: no second try
