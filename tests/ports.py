"""Ports for the servers the suite starts (the live server of the browser tests, a dev server).

Without ``TEST_PORTS`` the operating system picks a free port. With ``TEST_PORTS=8150-8169`` (a
machine shared with other runs) every port comes from that range, and each pytest-xdist worker
takes its own slice of it, so two workers never reach for the same port.
"""

from __future__ import annotations

import os
import socket


def worker_index() -> int:
    """0 for ``gw0`` (and without xdist), 1 for ``gw1``, …"""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(worker.removeprefix("gw") or 0)


def worker_ports() -> range | None:
    """This worker's slice of ``TEST_PORTS`` (``first-last``), or None when it isn't set."""
    spec = os.environ.get("TEST_PORTS", "").strip()
    if not spec:
        return None
    first, _, last = spec.partition("-")
    ports = range(int(first), int(last or first) + 1)
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    size = len(ports) // workers
    if size < 1:
        raise RuntimeError(f"TEST_PORTS={spec} has fewer ports than the {workers} workers.")
    start = ports.start + worker_index() * size
    return range(start, start + size)


def _is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port(skip: int = 0) -> int:
    """A port nothing listens on now: from this worker's slice of ``TEST_PORTS`` (after the first
    ``skip`` of it, which the live server keeps), else one the system picks."""
    ports = worker_ports()
    if ports is None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]
    for port in ports[skip:]:
        if _is_free(port):
            return port
    raise RuntimeError(f"No free port in {ports[skip:]} (TEST_PORTS).")
