"""The workshop in the client's own notebooks: shipped notebooks untouched, notes kept, offline."""

from __future__ import annotations

import hashlib
import json
import shutil
import urllib.request
import uuid

import nbformat
import papermill
import pytest
from helpers import REPO, execute_in_kernel, fast_report, free_port

from kmkit.core.workspace import open_client
from kmkit.inputs.workshop import NOTES, prepare, workshop_dir, workshop_notes

SHIPPED = REPO / "notebooks"


def note(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text, metadata={"tags": [NOTES]})


def digests() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SHIPPED.glob("*.ipynb")}


def test_copies_carry_the_client_and_run_under_papermill(clients_dir, tmp_path):
    client = open_client("demo-accounting", clients_dir)
    made = prepare(client)
    assert {m.notebook for m in made} == {p.stem for p in SHIPPED.glob("*.ipynb")}
    copy = nbformat.read(workshop_dir(client) / "02_strategy.ipynb", as_version=4)
    injected = [c for c in copy.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and 'client = "demo-accounting"' in injected[0].source
    ran = papermill.execute_notebook(
        str(workshop_dir(client) / "02_strategy.ipynb"),
        str(tmp_path / "out.ipynb"),
        kernel_name="python3",
        progress_bar=False,
        cwd=str(workshop_dir(client)),
    )
    assert "Harbour & Finch" in json.dumps(ran.cells[3].outputs)


def test_refresh_takes_kmkit_changes_and_keeps_the_notes_in_place(clients_dir, tmp_path):
    source = tmp_path / "shipped"
    source.mkdir()
    shutil.copy(SHIPPED / "02_strategy.ipynb", source)
    client = open_client("demo-precision", clients_dir)
    prepare(client, source=source)
    path = workshop_dir(client) / "02_strategy.ipynb"
    copy = nbformat.read(path, as_version=4)
    at = next(n for n, c in enumerate(copy.cells) if c.get("id") == "goals")
    copy.cells.insert(at + 1, note("The owner wants exports to count double."))
    copy.cells[at].outputs = [nbformat.v4.new_output("stream", text="ran in the workshop")]
    nbformat.write(copy, path)
    shipped = nbformat.read(source / "02_strategy.ipynb", as_version=4)
    shipped.cells = [c for c in shipped.cells if c.get("id") != "importance"]
    next(c for c in shipped.cells if c.get("id") == "orientation").source = "page.orientation()"
    shipped.cells.append(nbformat.v4.new_code_cell("page.summary()", id="summary"))
    nbformat.write(shipped, source / "02_strategy.ipynb")
    assert [r.stale for r in prepare(client, source=source)] == [True]
    assert nbformat.read(path, as_version=4) == copy  # a workshop in progress is left alone
    (report,) = prepare(client, refresh=True, source=source)
    assert (report.added, report.removed, report.changed) == (
        ["summary"],
        ["importance"],
        ["orientation"],
    )
    assert report.notes == 1 and "1 note cell(s) kept" in report.sentence()
    refreshed = nbformat.read(path, as_version=4)
    ids = [c.get("id") for c in refreshed.cells]
    assert refreshed.cells[ids.index("goals") + 1].source.startswith("The owner wants")
    assert refreshed.cells[ids.index("goals")].outputs[0]["text"] == "ran in the workshop"
    assert workshop_notes(client) == [("02_strategy", "The owner wants exports to count double.")]


@pytest.mark.slow
def test_the_report_holds_workshop_notes_only_when_asked(clients_dir):
    client = open_client("demo-precision", clients_dir)
    prepare(client)
    path = workshop_dir(client) / "03_audit.ipynb"
    copy = nbformat.read(path, as_version=4)
    copy.cells.append(note("Ask the foreman who else can set up the five-axis machine."))
    nbformat.write(copy, path)
    html = fast_report(client, notes=True).read_text(encoding="utf-8")
    assert "Workshop notes" in html and "who else can set up the five-axis machine" in html


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=120) as reply:
        return reply.status, reply.read().decode()


def request(url: str, method: str, body: object) -> dict:
    data = json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    return json.loads(urllib.request.urlopen(req, timeout=120).read() or b"{}")


def run_and_save(base: str, token: str, name: str) -> None:
    """What a browser does: open the notebook's session, run every cell, save with outputs."""
    from websockets.sync.client import connect

    model = json.loads(get(f"{base}/api/contents/{name}?token={token}")[1])
    nb = nbformat.from_dict(model["content"])
    session = request(
        f"{base}/api/sessions?token={token}",
        "POST",
        {"path": name, "type": "notebook", "name": name, "kernel": {"name": "python3"}},
    )
    kernel = session["kernel"]["id"]
    ws_url = base.replace("http", "ws") + f"/api/kernels/{kernel}/channels?token={token}"
    with connect(ws_url, open_timeout=60) as ws:
        for count, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
            msg_id = uuid.uuid4().hex
            header = {"msg_id": msg_id, "msg_type": "execute_request", "username": "t"}
            header |= {"session": uuid.uuid4().hex, "version": "5.3"}
            content = {"code": cell.source, "silent": False, "store_history": True}
            content |= {"user_expressions": {}, "allow_stdin": False}
            message = {"header": header, "parent_header": {}, "metadata": {}}
            ws.send(json.dumps({**message, "channel": "shell", "content": content}))
            cell.outputs = []
            while True:
                reply = json.loads(ws.recv(timeout=180))
                if reply.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = reply["msg_type"]
                if kind in ("display_data", "execute_result", "stream", "error"):
                    out = {"output_type": kind, **reply["content"]}
                    out.pop("transient", None)
                    cell.outputs.append(nbformat.from_dict(out))
                if kind == "status" and reply["content"]["execution_state"] == "idle":
                    break
            cell.execution_count = count + 1
    body = {"type": "notebook", "format": "json", "content": nb}
    request(f"{base}/api/contents/{name}?token={token}", "PUT", body)


@pytest.mark.slow
def test_two_workshops_in_a_row_leave_the_shipped_notebooks_untouched(clients_dir, start_kmkit):
    before = digests()
    token = uuid.uuid4().hex
    bases = {}
    for slug in ("demo-accounting", "demo-precision"):
        port = free_port()
        start_kmkit(
            *("--clients-dir", str(clients_dir), "lab", slug, "--no-browser", "--allow-root"),
            *("--port", str(port)),
            port=port,
            env={"JUPYTER_TOKEN": token},
        )
        bases[slug] = f"http://127.0.0.1:{port}"
    listing = json.loads(get(f"{bases['demo-accounting']}/api/contents?token={token}")[1])
    assert {"01_awareness.ipynb", "05_measure.ipynb"} <= {i["name"] for i in listing["content"]}
    run_and_save(bases["demo-accounting"], token, "01_awareness.ipynb")
    assert digests() == before  # kmkit's notebooks: byte for byte as shipped
    first = workshop_dir(open_client("demo-accounting", clients_dir)) / "01_awareness.ipynb"
    saved = nbformat.read(first, as_version=4)
    assert "Harbour & Finch" in json.dumps([c.get("outputs") for c in saved.cells])
    second = workshop_dir(open_client("demo-precision", clients_dir))
    for path in second.glob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        assert "Harbour" not in text and "demo-accounting" not in text
    news = json.loads(get(f"{bases['demo-precision']}/lab/api/news?token={token}")[1])
    update = json.loads(get(f"{bases['demo-precision']}/lab/api/update?token={token}")[1])
    assert news["news"] == [] and update["notification"] is None


@pytest.mark.slow
def test_jupyterlab_asks_nothing_of_the_internet(clients_dir, start_kmkit, offline_page):
    port, token = free_port(), uuid.uuid4().hex
    start_kmkit(
        *("--clients-dir", str(clients_dir), "lab", "demo-precision", "--no-browser"),
        *("--allow-root", "--port", str(port)),
        port=port,
        env={"JUPYTER_TOKEN": token},
    )
    page = offline_page
    page.goto(f"http://127.0.0.1:{port}/lab/tree/01_awareness.ipynb?token={token}")
    page.locator(".jp-Notebook").first.wait_for(timeout=120_000)
    page.wait_for_timeout(3000)  # news and update checks run shortly after start
    assert "notified about official Jupyter news" not in page.content()
    assert page.attempted == []


@pytest.mark.slow
def test_lab_opens_the_notebooks_with_the_client_set_for_every_kernel(start_kmkit, clients_dir):
    port, token = free_port(), uuid.uuid4().hex
    start_kmkit(
        "--clients-dir",
        str(clients_dir),
        "lab",
        "demo-accounting",
        "--no-browser",
        "--allow-root",
        "--port",
        str(port),
        port=port,
        env={"JUPYTER_TOKEN": token},
    )
    base = f"http://127.0.0.1:{port}"
    status, listing = get(f"{base}/api/contents?token={token}")
    assert status == 200
    assert "01_awareness.ipynb" in {item["name"] for item in json.loads(listing)["content"]}
    assert (workshop_dir(open_client("demo-accounting", clients_dir))).is_dir()
    code = (
        "import kmkit; c = kmkit.open_client(); print(c.slug); "
        'print(kmkit.open_engagement(c).page("awareness").result.respondents)'
    )
    printed = execute_in_kernel(base, token, code).split()
    assert printed[0] == "demo-accounting"
    assert int(printed[1]) >= 15


def test_batch_stamps_look_at_workshop_notes_only_when_the_report_holds_them(clients_dir):
    from kmkit.reports.jobs import inputs_stamp

    client = open_client("demo-accounting", clients_dir)
    plain, with_notes = inputs_stamp(client.path), inputs_stamp(client.path, notes=True)
    prepare(client)
    path = workshop_dir(client) / "01_awareness.ipynb"
    copy = nbformat.read(path, as_version=4)
    copy.cells[3].outputs = [nbformat.v4.new_output("stream", text="run in the workshop")]
    nbformat.write(copy, path)
    assert inputs_stamp(client.path) == plain  # running the copies changes nothing
    assert inputs_stamp(client.path, notes=True) == with_notes
    copy.cells.append(note("A new note"))
    nbformat.write(copy, path)
    assert inputs_stamp(client.path) == plain
    assert inputs_stamp(client.path, notes=True) != with_notes
