"""The indicator library: every bundled indicator is complete and sourced; suggestions follow the service."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.indicators import IndicatorLibrary, load_indicators
from tests.conftest import BUNDLED_CORPUS, write

FOLDER = BUNDLED_CORPUS / "indicators"


def test_every_bundled_indicator_is_complete_and_names_its_source_link():
    indicators, problems = load_indicators(FOLDER)
    assert problems == []
    assert len(indicators) >= 60
    domains = Counter(i.domain for i in indicators)
    assert len(domains) >= 10 and min(domains.values()) >= 5
    for ind in indicators:
        assert ind.source.startswith("https://"), ind.doc_id
        assert ind.framework and ind.definition and ind.data_source and len(ind.keywords) >= 5, ind.doc_id
        assert ind.doc_id.startswith("indicators/")


def test_a_bad_indicator_file_is_named_and_the_others_still_load(tmp_path):
    good = (FOLDER / sorted(p.name for p in FOLDER.glob("*.md"))[0]).read_text(encoding="utf-8")
    write(tmp_path / "indicators" / "good.md", good)
    write(tmp_path / "indicators" / "no-source.md", good.replace("\nsource: ", "\norigin: "))
    write(tmp_path / "indicators" / "broken.md", "---\nindicator: [unclosed\n---\n")
    indicators, problems = load_indicators(tmp_path / "indicators")
    assert [i.doc_id for i in indicators] == ["indicators/good.md"]
    assert any("no-source.md: missing source" in p for p in problems)
    assert any("broken.md" in p and "YAML" in p for p in problems)


@pytest.mark.slow
@pytest.mark.parametrize(
    "context, domain",
    [
        (
            "Adult social care: older people go into a care home straight after a hospital stay instead of going home",
            "adult social care",
        ),
        (
            "Housing options: families with children stuck in bed and breakfast emergency accommodation",
            "housing and homelessness",
        ),
        (
            "Waste service: too much rubbish goes to landfill and recycling bins are contaminated",
            "waste and environment",
        ),
        (
            "Our library and online services: people give up on the council website form half way through",
            "digital services",
        ),
        ("Residents don't trust the council and few vote in local elections", "engagement and trust"),
    ],
)
def test_suggestions_follow_the_leaders_service_and_problem(embeddings, context, domain):
    library = IndicatorLibrary(FOLDER, embeddings)
    picks = library.suggest(context, k=3)
    assert picks and picks[0][0].domain == domain, [(i.domain, i.indicator, round(s, 3)) for i, s in picks]


@pytest.mark.slow
def test_nothing_is_suggested_for_an_unrelated_message(embeddings):
    assert IndicatorLibrary(FOLDER, embeddings).suggest("what is the capital of Peru", k=3, floor=0.35) == []
