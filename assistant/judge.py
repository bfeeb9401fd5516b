"""Optional LLM judge for the eval suite (RAGAS-style faithfulness and answer relevance).

Used only when ``COACH_JUDGE_LLM`` names an ``openai:`` or ``ollama:`` model; without it
nothing tries to reach a judge. Each score is asked three times and reported as mean and
spread (max - min); the judge is never part of the regression gate.
"""

from __future__ import annotations

import re
import statistics

from langchain_core.messages import HumanMessage

from .llm import ModelError, make_chat_model, parse_spec

_SCORE = re.compile(r"score\s*[:=]?\s*(\d+(?:\.\d+)?)", re.IGNORECASE)


class Judge:
    def __init__(self, llm, prompts, spec: str, repeats: int = 3):
        self.llm = llm
        self.prompts = prompts
        self.spec = spec
        self.repeats = repeats

    def _ask(self, prompt: str) -> float | None:
        reply = self.llm.invoke([HumanMessage(prompt)]).content
        match = _SCORE.search(str(reply))
        return min(10.0, float(match.group(1))) / 10 if match else None

    def _repeated(self, prompt: str) -> tuple[float, float]:
        scores = [s for s in (self._ask(prompt) for _ in range(self.repeats)) if s is not None]
        if not scores:
            return 0.0, 0.0
        return statistics.fmean(scores), max(scores) - min(scores)

    def score(self, question: str, answer: str, contexts: list[str]) -> dict[str, float]:
        context_text = "\n\n".join(f"[{n}] {c}" for n, c in enumerate(contexts, 1)) or "(none)"
        faith, faith_spread = self._repeated(
            self.prompts.render("judge_faithfulness", contexts=context_text, answer=answer)
        )
        rel, rel_spread = self._repeated(self.prompts.render("judge_relevance", question=question, answer=answer))
        return {
            "faithfulness": faith,
            "faithfulness_spread": faith_spread,
            "answer_relevance": rel,
            "answer_relevance_spread": rel_spread,
        }


def make_judge(settings, prompts) -> Judge | None:
    spec = settings.judge_llm.strip()
    if not spec:
        return None
    provider, _ = parse_spec(spec)
    if provider not in ("openai", "ollama"):
        raise ModelError(
            f"COACH_JUDGE_LLM must be an openai: or ollama: model, not '{spec}' (the embedded model is too small to "
            f"judge)"
        )
    judge_settings = settings.model_copy(update={"temperature": 0.7})
    return Judge(make_chat_model(spec, judge_settings), prompts, spec)
