"""Health checks for ``coach doctor``: what is configured and whether each part answers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def _try(name: str, probe) -> Check:
    try:
        return Check(name, True, probe())
    except Exception as exc:  # a health check reports every failure as a line
        return Check(name, False, str(exc) or type(exc).__name__)


def run_checks(components) -> list[Check]:
    s = components.settings
    checks = [Check("data directory", True, str(s.data_dir))]

    def embeddings():
        dim = len(components.embeddings.embed_query("health check"))
        return f"{components.embeddings.name} ({dim} dimensions)"

    def store():
        return f"Chroma at {components.store.location}: {components.store.heartbeat()}"

    def index():
        manifest = components.index.manifest()
        if not manifest:
            raise RuntimeError(f"no index yet under {s.index_dir}; run 'coach ingest'")
        problems = components.index.verify()
        if problems:
            raise RuntimeError("; ".join(problems) + " — run 'coach ingest' to repair")
        snap = components.index.snapshot()
        current = components.index.is_current(s.corpus_dir)
        state = "up to date" if current else "stale (run 'coach ingest')"
        return f"{len(snap.documents)} documents, {len(snap.chunks)} chunks from {manifest['corpus_dir']}, {state}"

    def sessions():
        from .sessions import safe_url, schema_revision

        store = components.sessions
        return f"{safe_url(store.url)}, schema revision {schema_revision(store.engine)}"

    def prompts():
        from .help import read_help

        help_entries, _ = read_help(s.prompts_dir / "help.yaml")
        flows, messages = len(components.workflows), len(components.prompts.messages)
        return f"{flows} workflows, {messages} messages, {len(help_entries)} help entries in {s.prompts_dir}"

    checks += [
        _try("prompts", prompts),
        _try("embeddings", embeddings),
        _try("vector store", store),
        _try("index", index),
        _try("session store", sessions),
    ]
    return checks
