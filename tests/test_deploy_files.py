"""The deployment files in docs/deploy stay consistent with the code (no container is run here)."""

from __future__ import annotations

import re

import yaml

from assistant.config import Settings
from tests.conftest import REPO

DEPLOY = REPO / "docs" / "deploy"


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_compose_names_only_real_settings_and_no_literal_secrets():
    services = compose()["services"]
    fields = set(Settings.model_fields)
    for name in ("init", "coach-1", "coach-2"):
        environment = services[name]["environment"]
        for key in environment:
            if key.startswith("COACH_"):
                assert key.removeprefix("COACH_").lower() in fields, f"{name}: {key} is not a setting"
        for secret in ("COACH_OPENAI_API_KEY", "COACH_FACILITATOR_PASSWORD", "COACH_DATABASE_URL"):
            assert "${" in environment[secret], f"{name}: {secret} must come from the environment"
        assert environment["COACH_CHROMA_HOST"] in services and "postgres:5432" in environment["COACH_DATABASE_URL"]
        assert environment["COACH_LLM"].startswith("openai:") and "//model:" in environment["COACH_OPENAI_BASE_URL"]


def test_nginx_balances_over_the_replicas_in_compose():
    upstream = re.findall(r"server\s+([\w-]+):7860;", (DEPLOY / "nginx.conf").read_text())
    services = compose()["services"]
    assert len(upstream) >= 2 and all(name in services for name in upstream)
    assert "./nginx.conf" in " ".join(services["proxy"]["volumes"])


def test_the_image_copies_folders_that_exist():
    copied = re.findall(r"^COPY (\S+)", (DEPLOY / "Dockerfile").read_text(), flags=re.M)
    assert copied and all((REPO / path).exists() for path in copied)
    assert "torch==2.13.0" in (DEPLOY / "Dockerfile").read_text()
