"""Real servers on 127.0.0.1 for the integration tests, each started and stopped by the test.

Chroma (``chroma run``), PostgreSQL (a throwaway cluster made with ``initdb``), llama.cpp's
OpenAI-compatible server (``python -m llama_cpp.server`` with the bundled GGUF) and the coach
itself (``coach serve``, as several replicas). Every helper is a context manager: the server is gone when it exits.
A server that does not come up fails the test with the tail of its log.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerFailed(RuntimeError):
    pass


def _tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def wait_for_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 90, status: int = 200) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise ServerFailed(
                f"{process.args[0]} exited with {process.returncode} before {url} answered:\n{_tail(log)}"
            )
        try:
            with urllib.request.urlopen(url, timeout=3) as response:
                if response.status == status:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code == status:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise ServerFailed(f"{url} did not answer within {timeout:.0f} s:\n{_tail(log)}")


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def launch(args: list[str], log: Path, env: dict | None = None) -> subprocess.Popen:
    """Start ``args`` with its output in ``log`` (without waiting for it)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})


@contextmanager
def running(args: list[str], url: str, log: Path, env: dict | None = None, timeout: float = 90):
    """Start ``args``, wait until ``url`` answers 200, yield the process, then stop it."""
    process = launch(args, log, env)
    try:
        wait_for_http(url, process, log, timeout)
        yield process
    finally:
        stop(process)


# --- Chroma ------------------------------------------------------------------------------------


@contextmanager
def chroma_server(folder: Path):
    """``chroma run`` on a free port; yields the port."""
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    args = [str(chroma), "run", "--path", str(folder / "chroma"), "--host", "127.0.0.1", "--port", str(port)]
    with running(
        args, f"http://127.0.0.1:{port}/api/v2/heartbeat", folder / "chroma.log", {"ANONYMIZED_TELEMETRY": "False"}, 60
    ):
        yield port


# --- llama.cpp's OpenAI-compatible server -----------------------------------------------------------


@contextmanager
def llama_server(folder: Path, api_key: str, alias: str = "smollm2"):
    """``python -m llama_cpp.server`` with the bundled GGUF; yields the OpenAI base URL."""
    from assistant.llm import bundled_gguf

    port = free_port()
    args = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(bundled_gguf()),
        "--model_alias",
        alias,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "2048",
        "--n_threads",
        os.environ.get("COACH_THREADS") or str(os.cpu_count() or 2),
        "--seed",
        "42",
        "--api_key",
        api_key,
        "--verbose",
        "False",
    ]
    base = f"http://127.0.0.1:{port}/v1"
    # /v1/models needs the key, so "up" is the docs page, which does not.
    with running(args, f"http://127.0.0.1:{port}/docs", folder / "llama-server.log", timeout=120):
        yield base


# --- PostgreSQL -----------------------------------------------------------------------------------


def postgres_bin() -> Path:
    """The folder holding initdb and pg_ctl (Debian keeps them under /usr/lib/postgresql/N/bin)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise ServerFailed("PostgreSQL is not installed: run 'make postgres' (Debian: apt-get install postgresql)")


@contextmanager
def postgres_server(password: str = "coach-test-password"):
    """A throwaway PostgreSQL cluster on 127.0.0.1 with password login; yields (host, port, user, password).

    PostgreSQL refuses to run as root, so as root the cluster belongs to the ``postgres`` user.
    """
    bin_dir = postgres_bin()
    as_user: list[str] = []
    home = Path(tempfile.mkdtemp(prefix="coach-pg-"))
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, log, pwfile = home / "data", home / "server.log", home / "pw"
    pwfile.write_text(password + "\n")
    if as_user:
        shutil.chown(pwfile, "postgres")
    user, port = "coach", free_port()

    def run(*args: str) -> None:
        result = subprocess.run([*as_user, *args], capture_output=True, text=True, timeout=120)
        if result.returncode:
            raise ServerFailed(
                f"{Path(args[0]).name} failed: {result.stderr.strip() or result.stdout.strip()}\n{_tail(log)}"
            )

    try:
        run(
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            user,
            "--auth=scram-sha-256",
            f"--pwfile={pwfile}",
            "-E",
            "UTF8",
            "--no-sync",
        )
        options = f"-h 127.0.0.1 -p {port} -k {home} -c fsync=off -c full_page_writes=off"
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start")
        try:
            yield "127.0.0.1", port, user, password
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(home, ignore_errors=True)


def create_database(server: tuple, name: str) -> str:
    """A new, empty database on ``server``; returns its SQLAlchemy URL."""
    import psycopg

    host, port, user, password = server
    with psycopg.connect(host=host, port=port, user=user, password=password, dbname="postgres", autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://{user}:{password}@{host}:{port}/{name}"


# --- the coach --------------------------------------------------------------------------------------


@contextmanager
def coach_replicas(env: dict, folder: Path, count: int = 2, timeout: float = 180):
    """``count`` ``coach serve`` processes with the same ``env``, started together; yields their URLs."""
    ports = [free_port() for _ in range(count)]
    logs = [folder / f"replica-{n}.log" for n in range(count)]
    processes = [
        launch([sys.executable, "-m", "assistant", "serve", "--host", "127.0.0.1", "--port", str(port)], log, env)
        for port, log in zip(ports, logs, strict=True)
    ]
    try:
        for port, process, log in zip(ports, processes, logs, strict=True):
            wait_for_http(f"http://127.0.0.1:{port}/", process, log, timeout)
        yield [f"http://127.0.0.1:{port}/" for port in ports]
    finally:
        for process in processes:
            stop(process)
