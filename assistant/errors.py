"""The errors each outside system's boundary raises for a problem the user can fix.

They live here, apart from the boundaries, so the command line can turn any of them into one
clear line without importing the model, database or embedding libraries behind them.
"""

from __future__ import annotations


class ModelError(RuntimeError):
    """A model that cannot be built or that failed to answer, said in one actionable line."""

    def __init__(self, message: str, transient: bool = False):
        super().__init__(message)
        self.transient = transient


class EmbeddingError(RuntimeError):
    """The embedding model could not be found or loaded."""


class VectorStoreError(RuntimeError):
    """The vector store cannot be reached or used."""


class SessionStoreError(RuntimeError):
    """The session database cannot be reached, opened or migrated."""


class PromptError(RuntimeError):
    """A prompt file is missing or malformed."""
