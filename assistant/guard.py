"""Declining out-of-scope and unsafe requests, and keeping the system prompt private.

The rules are data (``prompts/guard.yaml``): categories of regular expressions matched
against the leader's message before any retrieval or generation. A deterministic guard is
used because a small embedded model cannot be relied on to refuse by itself; a larger model
still sees the same system prompt. After generation, an answer that repeats a long stretch of
the system prompt is replaced by the refusal, whatever the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Template

from .prompts import PromptLibrary


@dataclass
class Refusal:
    category: str
    message: str


class Guard:
    def __init__(self, prompts: PromptLibrary):
        self.prompts = prompts

    def check(self, question: str) -> Refusal | None:
        for rule in self.prompts.refusal_rules:
            if any(p.search(question) for p in rule.patterns):
                return Refusal(rule.name, Template(self.prompts.refusal_template).safe_substitute(reason=rule.reason))
        return None

    def leaks_system_prompt(self, answer: str, window: int = 8) -> bool:
        """True when the answer repeats ``window`` consecutive words of the system prompt."""
        system = " ".join(self.prompts.system.lower().split())
        words = answer.lower().split()
        return any(" ".join(words[i:i + window]) in system for i in range(0, max(0, len(words) - window + 1)))

    def leak_refusal(self) -> Refusal:
        reason = next((r.reason for r in self.prompts.refusal_rules if r.name == "prompt_extraction"), "I don't share my instructions")
        return Refusal("prompt_extraction", Template(self.prompts.refusal_template).safe_substitute(reason=reason))
