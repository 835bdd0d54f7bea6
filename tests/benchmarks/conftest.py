"""Prints the benchmarks' one summary table at the end of a run (``report.record`` fills it).

Under pytest-xdist each worker sends the rows it recorded to the controller, which prints them.
"""

import pytest

from tests.benchmarks import report


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the rows to the controller
        workeroutput["benchmark_rows"] = report.recorded()


@pytest.hookimpl(optionalhook=True)  # an xdist hook: without xdist it never runs
def pytest_testnodedown(node, error):
    report.merge(getattr(node, "workeroutput", {}).get("benchmark_rows", {}))


def pytest_terminal_summary(terminalreporter):
    if not report.recorded():
        return
    terminalreporter.write_sep("=", "benchmark summary")
    for line in report.lines():
        terminalreporter.write_line(line)
