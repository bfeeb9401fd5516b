"""The indicator library: every bundled indicator is complete and sourced; suggestions follow the service."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from assistant.indicators import IndicatorLibrary, load_indicators
from tests.conftest import BUNDLED_CORPUS, REPO, write

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


@pytest.mark.slow
def test_suggestions_on_the_labelled_services(embeddings):
    """evals/indicator-suggestions.yaml: 48 services and problems in leaders' words, labelled with
    the domains that fit. With the product's floor and margin the first suggestion fits for 43 of
    the 44 that have a fitting domain, 93% of the suggestions shown fit (76% without the margin:
    children in need came up for parks volunteering, libraries and contact centres), and as many
    fitting ones are shown as without it (2.2 a service)."""
    from assistant.config import Settings

    settings = Settings()
    library = IndicatorLibrary(FOLDER, embeddings)
    cases = [c for c in yaml.safe_load((REPO / "evals" / "indicator-suggestions.yaml").read_text()) if c["ok"]]
    shown = fitting = first = 0
    for case in cases:
        picks = library.suggest(
            case["context"], k=3, floor=settings.indicator_min_similarity, margin=settings.indicator_margin
        )
        fit = [ind.domain in case["ok"] for ind, _ in picks]
        shown, fitting, first = shown + len(fit), fitting + sum(fit), first + bool(fit and fit[0])
    figures = (first / len(cases), fitting / shown, fitting / len(cases))
    assert len(cases) >= 40
    assert figures[0] >= 0.9 and figures[1] >= 0.9 and figures[2] >= 2.0, figures


def test_a_suggestion_far_behind_the_best_is_dropped(embeddings):
    library = IndicatorLibrary(FOLDER, embeddings)
    parks = "I run the parks service and want to get more people volunteering"
    wide = [ind.indicator for ind, _ in library.suggest(parks, k=3)]
    near = [ind.indicator for ind, _ in library.suggest(parks, k=3, margin=0.05)]
    assert wide[0] == near[0] == "Adults who volunteer formally at least once a month"
    assert "Children in need per 10,000 children" in wide and near == wide[:1]
    # measures of the best one's own domain stay however far behind: a leader compares them
    reablement = "Adult social care. Older people go straight from hospital into a care home, not home"
    same_domain = library.suggest(reablement, k=3, margin=0.0)
    assert len(same_domain) == 3 and {ind.domain for ind, _ in same_domain} == {"adult social care"}
