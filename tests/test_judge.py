"""The optional LLM judge: off without COACH_JUDGE_LLM, never the embedded model, scores parsed."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from assistant.config import PROJECT_ROOT, Settings
from assistant.judge import make_judge
from assistant.llm import ModelError
from assistant.prompts import PromptLibrary
from tests.fault_server import FaultServer

PROMPTS = PromptLibrary(PROJECT_ROOT / "prompts")


def test_no_judge_without_the_variable():
    assert make_judge(Settings(), PROMPTS) is None


@pytest.mark.parametrize("spec", ["llamacpp", "fake", "llamacpp:/models/x.gguf"])
def test_the_embedded_model_is_never_a_judge(spec):
    with pytest.raises(ModelError, match="openai: or ollama:"):
        make_judge(Settings(judge_llm=spec), PROMPTS)


def test_judge_scores_three_times_with_mean_and_spread():
    with FaultServer(reply="The claims are supported. Score: 8") as server:
        judge = make_judge(
            Settings(judge_llm="openai:judge", openai_base_url=server.url, openai_api_key=SecretStr("k")), PROMPTS
        )
        scores = judge.score(
            "How do we consult?", "Consult residents and report back [1].", ["Consult residents, then report back."]
        )
        assert scores == pytest.approx(
            {"faithfulness": 0.8, "faithfulness_spread": 0.0, "answer_relevance": 0.8, "answer_relevance_spread": 0.0}
        )
        assert len(server.requests) == 6
