"""Fast batch runs: each client's notebooks run in a fresh fork of a warm worker.

Stock papermill starts a kernel per notebook and pays kernel start plus imports (seconds)
every time. Here a worker process imports the stack once; for each client it forks a child
that runs the notebooks with papermill through an in-process IPython shell, writes the
executed notebooks and the report, and exits. Nothing of one client can reach another: each
child is a fresh copy of a worker that has never run client code. papermill's contract holds
(the `parameters` cell, injected parameters, executed notebook written). The worker never
draws a chart before forking: vl-convert can hang in a child forked after drawing.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import asdict, dataclass, field
from typing import Any

from kmkit.reports.build import APP_ONLY
from kmkit.reports.jobs import Outcome, run_job

ENGINE = "kmkit-inprocess"


def _shell(take_over: bool = False) -> Any:
    """An IPython shell whose displays and results become notebook outputs.

    A process that already holds another shell (a test run, a kernel) keeps it, unless
    `take_over`: a forked child owns its copy of the process and replaces it with kmkit's.
    """
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from nbformat.v4 import new_output
    from traitlets.config import Config

    if InteractiveShell.initialized():
        shell = InteractiveShell.instance()
        if hasattr(shell, "kmkit_outputs") or not take_over:
            return shell
        # instance() returns the existing shell, ignoring new arguments (traitlets' singleton,
        # as documented; no upstream issue found): the inherited one is dropped first.
        InteractiveShell.clear_instance()

    # Outside a kernel, IPython prints displays as text, rich output lost (ipython/ipython#11163).
    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, *args: Any, **kwargs: Any) -> None:
            self.shell.kmkit_outputs.append(
                new_output("display_data", data=data, metadata=metadata or {})
            )

    class Hook(DisplayHook):
        # A plain shell prints "Out[n]:" and separators to stdout; no upstream issue found.
        def write_output_prompt(self) -> None:
            pass

        def write_format_data(self, format_dict, md_dict=None) -> None:
            self.shell.kmkit_outputs.append(
                new_output(
                    "execute_result",
                    data=format_dict,
                    metadata=md_dict or {},
                    execution_count=self.shell.execution_count,
                )
            )

        def finish_displayhook(self) -> None:
            pass

    config = Config()
    # No command history on disk: forks writing one history.sqlite lock it (ipython/ipython#10753).
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(
        config=config, display_pub_class=Publisher, displayhook_class=Hook
    )
    shell.kmkit_outputs = []
    # A plain shell prints tracebacks to stdout (its documented override point, as ipykernel's;
    # no upstream issue found): here errors become the cell's error output instead.
    shell._showtraceback = lambda etype, value, stb: None
    import altair as alt

    shell.display_formatter.mimebundle_formatter.for_type(alt.TopLevelMixin, _chart_bundle)
    return shell


def _chart_bundle(chart: Any) -> Any:
    """A chart's display, as Altair makes it, less the validation of the whole spec again.

    kmkit's own code built these specs, and the notebooks' tests run them in kernels, where
    Altair validates them: here that took a tenth of a report's time.
    """
    # Altair validates the whole spec on every display; its cost: vega/altair#3547.
    import altair as alt

    spec = chart.to_dict(validate=False, context={"pre_transform": False})
    return alt.renderers.get()(spec)


def _engine() -> type:
    from nbformat.v4 import new_output
    from papermill.engines import Engine

    class InProcessEngine(Engine):
        """papermill engine: run cells in this process's IPython shell (a fresh fork)."""

        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> None:
            cls._run_cells(nb_man, _shell(take_over=True))

        @staticmethod
        def _run_cells(nb_man: Any, shell: Any) -> None:
            for index, cell in enumerate(nb_man.nb.cells):
                if cell.cell_type != "code":
                    continue
                if APP_ONLY in cell.metadata.get("tags", []):
                    continue  # a widget for the apps: the report leaves it out, so skip it
                nb_man.cell_start(cell, index)
                shell.kmkit_outputs = []
                out, err = io.StringIO(), io.StringIO()
                with redirect_stdout(out), redirect_stderr(err):
                    result = shell.run_cell(cell.source, store_history=True)
                streams = [
                    new_output("stream", name=n, text=t.getvalue())
                    for n, t in (("stdout", out), ("stderr", err))
                    if t.getvalue()
                ]
                cell.outputs = streams + shell.kmkit_outputs
                cell.execution_count = shell.execution_count - 1
                failure = result.error_before_exec or result.error_in_exec
                if failure is not None:
                    cell.outputs.append(
                        new_output(
                            "error",
                            ename=type(failure).__name__,
                            evalue=str(failure),
                            traceback=[f"{type(failure).__name__}: {failure}"],
                        )
                    )
                    nb_man.cell_exception(cell, index)
                    break
                nb_man.cell_complete(cell, index)

    return InProcessEngine


def warm_up() -> None:
    """Import what every client's run needs, once per process, before any fork."""
    import altair  # noqa: F401
    import nbconvert  # noqa: F401
    import papermill
    import scipy.special  # noqa: F401
    from altair.utils.schemapi import disable_debug_mode

    import kmkit.reports.build
    from kmkit.present.display import setup

    facade = importlib.import_module("kmkit")  # by name, as the notebooks import it at run time
    for name in facade.__all__:  # what the notebooks call, imported once, not in every child
        getattr(facade, name)
    papermill.engines.papermill_engines.register(ENGINE, _engine())
    _shell()
    setup()  # switches a renderer and a theme on, draws nothing: the forks inherit them
    kmkit.reports.build.warm_exporter()
    disable_debug_mode()  # kmkit's own chart code made the specs: validate them once, not twice


def _fork(job: Any) -> tuple[int, int]:
    """Fork a child that runs `job` and writes its Outcome to a pipe: (pid, the pipe's end)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one client, then exit without running the parent's cleanup
        os.close(read_end)
        try:
            payload = json.dumps(asdict(run_job(job, engine=ENGINE))).encode()
        except BaseException as exc:  # noqa: BLE001
            failed = Outcome.failed(job.slug, job.slug, "worker", repr(exc))
            payload = json.dumps(asdict(failed)).encode()
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        sys.stdout.flush()
        os._exit(0)
    os.close(write_end)
    return pid, read_end


def _finished(job: Any, pid: int, chunks: list[bytes]) -> Outcome:
    """The Outcome a child wrote, once its pipe has closed."""
    _, status = os.waitpid(pid, 0)
    if not chunks:
        reason = f"the worker for this client died (status {status})"
        return Outcome.failed(job.slug, job.slug, "batch", reason)
    return Outcome(**json.loads(b"".join(chunks)))


def _stopped(job: Any, pid: int) -> Outcome:
    """Kill a child that ran past its job's timeout."""
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    reason = f"took longer than {job.timeout:.0f} s and was stopped"
    return Outcome.failed(job.slug, job.slug, "batch", reason)


_forking = threading.Lock()
_spare: list[Any] = []  # converters of this worker that no running child draws through
_warm = False


def warm_worker() -> None:
    """Make this long-lived worker ready to fork clients: its stack warm, a converter started.

    The converter is started first, so that it warms while this process imports.
    """
    global _warm
    from kmkit.present import svg

    with _forking:
        if not _warm:
            _spare.append(svg.new_converter())
            warm_up()
            _warm = True


@dataclass
class _Child:
    """A forked client: its job, process, pipe, converter, deadline and what it wrote so far."""

    job: Any
    pid: int
    read_end: int
    converter: Any
    deadline: float
    chunks: list[bytes] = field(default_factory=list)


def _start(job: Any, idle: list[Any]) -> _Child:
    """Fork a child for `job` that draws through an idle converter (a new one if none is)."""
    from kmkit.present import svg

    with _forking:  # threads of one worker fork one at a time, each with its own converter
        converter = idle.pop() if idle else svg.new_converter()
        svg.use_converter(converter)  # the fork inherits it; this process never draws
        try:
            pid, read_end = _fork(job)
        except BaseException:
            idle.append(converter)  # no child took it: it stays the caller's to stop
            raise
        finally:
            svg.use_converter(None)
    return _Child(job, pid, read_end, converter, time.monotonic() + job.timeout)


def _kill(child: _Child) -> Outcome:
    """Stop a child and the converter it may have left half-way through a chart."""
    os.close(child.read_end)
    child.converter.kill()
    child.converter.wait()
    return _stopped(child.job, child.pid)


def _supervise(
    jobs: list[Any],
    slots: int,
    idle: list[Any],
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Run jobs in forked children, `slots` at a time; outcomes in job order.

    `idle` holds the converters no running child draws through: a finished child's goes
    back to it, a killed child's is replaced by a new one. In-process cells cannot be
    interrupted one by one, so `job.timeout` bounds the whole client: past it the child is
    killed and the client reported as stopped.
    """
    from kmkit.present import svg

    pending, running, outcomes = list(jobs), {}, {}

    def finish(child: _Child, outcome: Outcome, converter: Any) -> None:
        idle.append(converter)
        outcomes[child.job.slug] = outcome
        if on_done:
            on_done(outcome)

    try:
        while pending or running:
            while pending and len(running) < slots:
                child = _start(pending.pop(0), idle)
                running[child.read_end] = child
            soonest = min(child.deadline for child in running.values())
            ready, _, _ = select.select(list(running), [], [], max(0.0, soonest - time.monotonic()))
            for read_end in ready:
                child = running[read_end]
                chunk = os.read(read_end, 65536)
                if chunk:
                    child.chunks.append(chunk)
                    continue
                os.close(read_end)
                del running[read_end]
                finish(child, _finished(child.job, child.pid, child.chunks), child.converter)
            for read_end, child in list(running.items()):
                if read_end not in ready and time.monotonic() >= child.deadline:
                    del running[read_end]
                    finish(child, _kill(child), svg.new_converter())
    finally:
        for child in running.values():  # interrupted: no child outlives its supervisor
            _kill(child)
    return [outcomes[job.slug] for job in jobs]


def run_forked(job: Any) -> Outcome:
    """Run one batch job in a forked child of this worker (a pool's or Dask's); its Outcome.

    A worker running several jobs at once, in threads, gives each child a converter of its
    own from the worker's spares; past `job.timeout` the child is stopped (see _supervise).
    """
    warm_worker()
    return _supervise([job], 1, _spare)[0]


def run_forks(
    jobs: list[Any], slots: int, on_done: Callable[[Outcome], None] | None = None
) -> list[Outcome]:
    """Run jobs in forks of this process, `slots` at a time, each with a converter of its own.

    For a few clients (`kmkit report`, `kmkit demo`): the stack is imported and warmed once,
    here, where a pool of workers would import it again in each. Outcomes in job order.
    """
    from kmkit.present import svg

    idle = [svg.new_converter() for _ in range(slots)]  # they start while this process warms
    warm_up()
    try:
        return _supervise(jobs, slots, idle, on_done)
    finally:
        for converter in idle:
            converter.kill()
            converter.wait()
