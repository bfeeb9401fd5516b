"""Reading corpus files in a worker process, within limits of time, memory and text.

A corpus file is untrusted input: a few kilobytes can be built to take minutes, gigabytes or a
stack overflow to read. :class:`Parser` therefore reads each file (and cuts it into chunks) in a
separate worker process, one file at a time, and holds it to three limits:

- time (``COACH_PARSE_TIMEOUT_S``): a file that takes longer is refused, the worker is killed
  and a fresh one serves the next file;
- memory (``COACH_PARSE_MEMORY_MB``, Linux): the worker may grow by this much while it reads
  (an address-space limit); a file that needs more is refused;
- text (``COACH_MAX_TEXT_MB``): a file that yields more text than this is refused.

Whatever goes wrong is a :class:`~assistant.documents.DocumentError` naming the file and the
reason in plain words; the caller carries on with the other files. The worker is started on
first use ('spawn', so it shares nothing with the threads of the main process) and reused.
"""

from __future__ import annotations

import multiprocessing
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path

from .documents import Chunk, Document, DocumentError, _brief, check_inside, chunk_document, doc_id_for, load_document

MB = 1024 * 1024
_START_TIMEOUT_S = 120.0  # a worker that is not ready by then will not be


@dataclass(frozen=True)
class ParseLimits:
    """How long, how much memory and how much text one file may take; 0 turns a limit off."""

    timeout_s: float = 60.0
    memory_mb: int = 1024
    max_text_mb: float = 5.0

    @classmethod
    def from_settings(cls, settings) -> ParseLimits:
        return cls(settings.parse_timeout_s, settings.parse_memory_mb, settings.max_text_mb)

    @property
    def max_text_chars(self) -> int | None:
        return int(self.max_text_mb * MB) if self.max_text_mb else None


class Parser:
    """Reads corpus files in a worker process within :class:`ParseLimits`; safe to share between threads."""

    def __init__(self, limits: ParseLimits | None = None):
        self.limits = limits or ParseLimits()
        self._lock = threading.Lock()
        self._worker: dict = {}  # "process" and "connection" of the running worker
        weakref.finalize(self, _stop, self._worker)

    def parse(
        self, path: Path, root: Path, max_bytes: int | None = None, chunking: tuple[int, int] | None = None
    ) -> tuple[Document, list[Chunk]]:
        """The document at ``path`` and, when ``chunking`` (size, overlap) is given, its chunks."""
        path, root = Path(path), Path(root)
        doc_id = doc_id_for(path, root)
        check_inside(path, root, doc_id)
        request = (str(path), str(root), max_bytes, self.limits.max_text_chars, chunking)
        with self._lock:
            status, value = self._ask(request, doc_id)
        if status == "ok":
            return value  # type: ignore[return-value]  # the worker's reply to a parse request
        if status == "memory":
            raise DocumentError(doc_id, f"ran out of memory (limit {self.limits.memory_mb} MB, COACH_PARSE_MEMORY_MB)")
        raise DocumentError(doc_id, str(value))

    def close(self) -> None:
        """Stop the worker (a later :meth:`parse` starts a new one)."""
        with self._lock:
            _stop(self._worker)

    def _ask(self, request: tuple, doc_id: str) -> tuple[str, object]:
        connection = self._connection(doc_id)
        try:
            connection.send(request)
            timeout = self.limits.timeout_s or None
            if not connection.poll(timeout):
                _stop(self._worker)
                return "error", f"took longer than {timeout:g} s to read (COACH_PARSE_TIMEOUT_S)"
            status, value, retired = connection.recv()
            if retired:  # the worker has exited; the next file gets a fresh one
                _stop(self._worker)
            return status, value
        except (EOFError, OSError):
            process = self._worker.get("process")
            _stop(self._worker)
            return "error", f"could not be read: its reader stopped ({_exit_reason(process)})"

    def _connection(self, doc_id: str):
        process = self._worker.get("process")
        if process is not None and process.is_alive():
            return self._worker["connection"]
        _stop(self._worker)
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(target=serve, args=(theirs, self.limits.memory_mb), name="coach-parser", daemon=True)
        process.start()
        theirs.close()
        self._worker.update(process=process, connection=ours)
        try:
            if ours.poll(_START_TIMEOUT_S) and ours.recv() == ("ready", None):
                return ours
        except (EOFError, OSError):
            pass
        reason = _exit_reason(process) if not process.is_alive() else f"not ready after {_START_TIMEOUT_S:g} s"
        _stop(self._worker)
        raise DocumentError(doc_id, f"could not be read: the reader process did not start ({reason})")


def _stop(worker: dict) -> None:
    """Kill the worker, if any, and forget it."""
    process, connection = worker.pop("process", None), worker.pop("connection", None)
    if connection is not None:
        connection.close()
    if process is not None:
        if process.is_alive():
            process.kill()
        process.join(5)


def _exit_reason(process) -> str:
    code = None if process is None else process.exitcode
    if code is None:
        return "no exit code"
    return f"killed by signal {-code}" if code < 0 else f"exit code {code}"


# --- the worker process ---------------------------------------------------------------------


def serve(connection, memory_mb: int) -> None:
    """The worker: answer one request per file until the connection closes.

    A request is ``(path, root, max_bytes, max_text_chars, chunking)``; the answer is
    ``(status, value, retired)``: ``("ok", (document, chunks), ...)``, ``("error", reason, ...)``
    or ``("memory", None, True)``. A file that used half the memory budget or more retires the
    worker (``retired`` is true and it exits), so each file starts from a lean process; when such
    a file fails, it is reported as out of memory, since readers such as lxml report a failed
    allocation as a syntax error.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the main process, which stops us
    _preload()
    heavy = _limit_memory(memory_mb)
    connection.send(("ready", None))
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        status, value = _answer(*request)
        retired = status == "memory" or (heavy is not None and _peak_memory() >= heavy)
        if retired and status == "error":
            status, value = "memory", None
        try:
            connection.send((status, value, retired))
        except MemoryError:
            retired = True
            connection.send(("memory", None, True))
        if retired:
            return


def _answer(path: str, root: str, max_bytes, max_text_chars, chunking) -> tuple[str, object]:
    try:
        document = load_document(Path(path), Path(root), max_bytes, max_text_chars)
        chunks = chunk_document(document, *chunking) if chunking else []
        return "ok", (document, chunks)
    except DocumentError as exc:
        return "error", exc.reason
    except MemoryError:
        return "memory", None
    except RecursionError:
        return "error", "is nested too deeply to read"
    except Exception as exc:  # a parser's bug or a case we have not met: still one clear line
        return "error", f"could not be read ({_brief(exc)})"


def _preload() -> None:
    """Import every reader up front, so that the time limit counts reading, not importing."""
    import bs4  # noqa: F401
    import docx  # noqa: F401
    import langchain_text_splitters  # noqa: F401
    import odf.opendocument  # noqa: F401
    import pptx  # noqa: F401
    import pypdf  # noqa: F401


def _limit_memory(memory_mb: int) -> int | None:
    """Let this process grow by at most ``memory_mb`` (address space; Linux only); the peak size
    past which a file counts as heavy (half the budget used), or None when there is no limit."""
    in_use = _peak_memory()
    if not memory_mb or not in_use:
        return None
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = in_use + memory_mb * MB
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):
        return None
    return in_use + memory_mb * MB // 2


def _peak_memory() -> int:
    """The largest this process's address space has been, in bytes (0 where unknown)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0
