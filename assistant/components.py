"""The composition root: builds the collaborators from settings, lazily.

The CLI and the web app both get their embeddings, vector store, index and retriever here,
so both run the same core. Tests build a :class:`Components` with their own settings.
"""

from __future__ import annotations

from functools import cached_property

from .config import Settings, get_settings, offline_environment

# Each collaborator and the ones it is built from.
DEPENDS_ON: dict[str, tuple[str, ...]] = {
    "embeddings": (),
    "store": (),
    "prompts": (),
    "workflows": (),
    "sessions": (),
    "llm": (),
    "index": ("embeddings", "store"),
    "retriever": ("index", "embeddings", "store"),
    "indicators": ("embeddings",),
    "guard": ("prompts", "embeddings"),
    "coach": ("retriever", "llm", "prompts", "workflows", "sessions", "indicators", "guard"),
}


class Components:
    def __init__(self, settings: Settings | None = None, **overrides):
        """``overrides`` replace collaborators by name (``embeddings=...``, ``llm=...``); an
        unknown name is an error, so a misspelt override cannot be silently ignored."""
        unknown = sorted(set(overrides) - set(DEPENDS_ON))
        if unknown:
            raise TypeError(f"unknown collaborator(s) {', '.join(unknown)}; use {', '.join(DEPENDS_ON)}")
        self.settings = settings or get_settings()
        offline_environment()
        self.__dict__.update(overrides)

    def derive(self, **overrides) -> Components:
        """New components with the same settings and ``overrides``, sharing every collaborator
        already built here that does not depend on an overridden one; this object is unchanged."""
        derived = Components(self.settings, **overrides)

        def affected(name: str) -> bool:
            return name in overrides or any(affected(d) for d in DEPENDS_ON[name])

        for name in DEPENDS_ON:
            if name in self.__dict__ and not affected(name):
                derived.__dict__[name] = self.__dict__[name]
        return derived

    @cached_property
    def embeddings(self):
        from .embeddings import SentenceTransformerEmbeddings

        return SentenceTransformerEmbeddings(self.settings.embedding_model or None, self.settings.embedding_batch_size)

    @cached_property
    def store(self):
        from .vectorstore import ChromaVectorStore

        s = self.settings
        return ChromaVectorStore(s.index_dir / "chroma", s.chroma_host, s.chroma_port, s.chroma_collection)

    @cached_property
    def index(self):
        from .index import CorpusIndex

        s = self.settings
        return CorpusIndex(
            s.index_dir, self.embeddings, self.store, s.chunk_size, s.chunk_overlap, int(s.max_file_mb * 1024 * 1024)
        )

    @cached_property
    def retriever(self):
        from .retrieval import Retriever

        s = self.settings
        return Retriever(
            self.index,
            self.embeddings,
            self.store,
            max_per_doc=s.max_chunks_per_doc,
            dense_weight=s.dense_weight,
            document_boost=s.document_boost,
            document_bm25=s.document_bm25,
        )

    @cached_property
    def prompts(self):
        from .prompts import PromptLibrary

        return PromptLibrary(self.settings.prompts_dir)

    @cached_property
    def workflows(self):
        from .workflows import load_workflows

        return load_workflows(self.settings.prompts_dir / "workflows")

    @cached_property
    def sessions(self):
        from .sessions import SessionStore

        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return SessionStore(self.settings.resolved_database_url)

    @cached_property
    def llm(self):
        from .llm import make_chat_model

        return make_chat_model(self.settings.llm, self.settings)

    @cached_property
    def indicators(self):
        from .indicators import IndicatorLibrary

        return IndicatorLibrary(
            self.settings.resolved_indicators_dir, self.embeddings, root=self.settings.resolved_indicators_dir.parent
        )

    @cached_property
    def guard(self):
        from .guard import Guard

        return Guard(self.prompts, self.embeddings, self.settings.resolved_guard_cache_dir)

    @cached_property
    def coach(self):
        from . import specificity
        from .coach import Coach

        # The labelled examples behind the specificity check are read now, so a malformed file
        # stops the start with its name and problem rather than failing a leader's turn later.
        specificity.model(specificity.examples_path(self.settings.prompts_dir))
        return Coach(
            self.retriever,
            self.llm,
            self.prompts,
            self.workflows,
            self.settings,
            sessions=self.sessions,
            indicators=self.indicators,
            guard=self.guard,
            element_detector=self.element_detector,
        )

    @cached_property
    def element_detector(self):
        from . import elements

        return elements.detector(self.embeddings, self.settings.prompts_dir, self.settings.resolved_guard_cache_dir)
