"""Prompt texts, fixed messages and the guard's categories, loaded from the ``prompts/`` folder.

Templates use ``$name`` placeholders (``string.Template``) so that braces in documents and
JSON never need escaping. Everything is read on first use, not at import.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from string import Template

import yaml

from .errors import PromptError


class PromptLibrary:
    """Read-only access to ``prompts/``."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _read(self, name: str) -> str:
        path = self.folder / name
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise PromptError(f"prompt file missing: {path}") from exc

    def _yaml(self, name: str):
        try:
            return yaml.safe_load(self._read(name))
        except yaml.YAMLError as exc:
            raise PromptError(f"{self.folder / name} is not valid YAML: {exc}") from exc

    def render(self, name: str, **values) -> str:
        """Fill ``prompts/<name>.md``; a missing value is an error, extra blank lines are folded."""
        try:
            text = Template(self._read(f"{name}.md")).substitute(**values)
        except KeyError as exc:
            raise PromptError(f"prompt '{name}' needs a value for {exc}") from exc
        return re.sub(r"\n{3,}", "\n\n", text).strip()

    @cached_property
    def system(self) -> str:
        return self._read("system.md").strip()

    @cached_property
    def messages(self) -> dict[str, str]:
        """The folder's fixed messages; one a folder copied from an older release lacks comes from
        the bundled ``prompts/messages.yaml``, so a newer coach does not stop mid-conversation."""
        from .config import bundled

        own = self._yaml("messages.yaml")
        if not isinstance(own, dict):
            raise PromptError(f"{self.folder / 'messages.yaml'} needs a mapping of message names to texts")
        defaults_path = bundled("prompts") / "messages.yaml"
        if defaults_path.resolve() == (self.folder / "messages.yaml").resolve() or not defaults_path.is_file():
            return own
        defaults = yaml.safe_load(defaults_path.read_text(encoding="utf-8")) or {}
        return {**defaults, **own}

    def message(self, key: str, **values) -> str:
        return Template(self.messages[key]).safe_substitute(**values)

    @cached_property
    def guard_config(self) -> dict:
        data = self._yaml("guard.yaml")
        if not isinstance(data, dict) or "refusal_template" not in data or not isinstance(data.get("classifier"), dict):
            raise PromptError(f"{self.folder / 'guard.yaml'} needs 'refusal_template', 'classifier' and 'categories'")
        return data

    @cached_property
    def guard_categories(self) -> dict:
        """The decline categories of ``guard.yaml``: reason, way back, clarifying question, rules."""
        from .guard import GuardCategory

        categories = {}
        for i, category in enumerate(self.guard_config.get("categories") or [], start=1):
            missing = [k for k in ("name", "reason", "way_back", "clarify") if not isinstance(category.get(k), str)]
            if missing:
                raise PromptError(f"guard.yaml category {i}: missing {', '.join(missing)}")
            try:
                patterns = [re.compile(p, re.IGNORECASE | re.DOTALL) for p in category.get("patterns") or []]
            except re.error as exc:
                raise PromptError(f"guard.yaml category '{category['name']}': bad pattern ({exc})") from exc
            categories[category["name"]] = GuardCategory(
                category["name"], category["reason"], category["way_back"], category["clarify"], patterns
            )
        if "prompt_extraction" not in categories:
            raise PromptError(
                "guard.yaml needs a 'prompt_extraction' category (used when an answer leaks the instructions)"
            )
        return categories
