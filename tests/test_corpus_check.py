"""``coach corpus check``: each problem found once, with its kind; the bundled corpus passes."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

from assistant.config import Settings
from assistant.corpus_check import check_corpus, figure_sentences, summary
from assistant.documents import Chunk
from tests.conftest import BUNDLED_CORPUS

WORDS = [
    "service",
    "team",
    "budget",
    "residents",
    "council",
    "plan",
    "data",
    "outcome",
    "review",
    "partner",
    "district",
    "housing",
    "transport",
    "school",
    "health",
    "library",
    "park",
    "staff",
    "process",
    "meeting",
    "design",
    "pilot",
    "contract",
    "survey",
    "policy",
    "officer",
]

SHARED = (
    "The council asked every neighbourhood forum to rank the proposals it had received, and the officers then "
    "costed the top five in each area before a second round of voting. Residents who could not attend a meeting "
    "were able to vote at libraries or online, and the results were published with a short note explaining "
    "which proposals went ahead and why the others did not."
)


def prose(seed: int, words: int) -> str:
    """Distinct filler text: sentences of random words, different for every seed."""
    rng = random.Random(seed)
    sentences, count = [], 0
    while count < words:
        sentence = [rng.choice(WORDS) for _ in range(rng.randint(8, 14))]
        sentences.append(" ".join(sentence).capitalize() + ".")
        count += len(sentence)
    return " ".join(sentences)


def write(root: Path, rel: str, text: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def clean_corpus(root: Path) -> Path:
    write(
        root,
        "programme/good.md",
        f"---\ntitle: Good\nkind: programme\n---\n\n# Good\n\n## Why\n\n{prose(1, 120)}\n\n## How\n\n{prose(2, 120)}\n",
    )
    write(
        root,
        "case-studies/good-case.md",
        f"---\ntitle: A city\nsources:\n  - https://example.org/report\n---\n\n# A city\n\n## Results\n\n"
        f"The city spent EUR 100m and 40,745 voters took part, 15% more than in 2019.\n\n{prose(3, 80)}\n",
    )
    return root


def problem_corpus(root: Path) -> Path:
    """A clean corpus plus one file for each kind of problem."""
    clean_corpus(root)
    write(root, "programme/unreadable.md", b"# Notes\n\nCaf\xe9 au lait\n")
    write(root, "programme/broken-front-matter.md", f"---\ntitle: [unclosed\n---\n\n## Part\n\n{prose(4, 50)}\n")
    write(root, "programme/wrong-type.md", f"---\ntitle: Wrong type\nthemes: 5\n---\n\n## Part\n\n{prose(5, 50)}\n")
    write(root, "programme/untitled.md", f"## Part\n\n{prose(6, 50)}\n")
    write(root, "case-studies/no-sources.md", f"---\ntitle: No sources\n---\n\n## What was done\n\n{prose(7, 60)}\n")
    write(
        root,
        "case-studies/unsourced-figures.md",
        "---\ntitle: Unsourced\nkind: case-study\n---\n\n# 2020 review\n\n## What was done\n\n"
        "1. Launched in 2016 with a small team.\n2. Expanded in 2018.\n\n"
        "The programme cost GBP 160m over three years. Turnout reached 40,745 voters. "
        "Satisfaction rose by 15% in 2019. The team met in 2020.\n",
    )
    write(
        root, "programme/dup-a.md", f"---\ntitle: Dup A\n---\n\n## Voting\n\n{SHARED}\n\n## Other\n\n{prose(8, 80)}\n"
    )
    write(
        root,
        "programme/dup-b.md",
        f"---\ntitle: Dup B\n---\n\n## Choosing projects\n\n{SHARED}\n\n## More\n\n{prose(9, 80)}\n",
    )
    write(root, "programme/no-headings.md", f"---\ntitle: No headings\n---\n\n{prose(10, 350)}\n")
    write(root, "programme/too-big.md", f"---\ntitle: Too big\n---\n\n## Part\n\n{prose(11, 12_000)}\n")  # ~80 KB
    return root


EXPECTED = {
    "programme/unreadable.md": {"unreadable"},
    "programme/broken-front-matter.md": {"front-matter"},
    "programme/wrong-type.md": {"front-matter"},
    "programme/untitled.md": {"title"},
    "case-studies/no-sources.md": {"sources"},
    # figures are only checked where there are no sources, so the missing sources are flagged too
    "case-studies/unsourced-figures.md": {"sources", "figures"},
    "programme/dup-a.md": {"duplicate"},
    "programme/no-headings.md": {"headings"},
    "programme/too-big.md": {"size"},
}


def kinds_by_path(findings) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for f in findings:
        found.setdefault(f.path, set()).add(f.kind)
    return found


def test_each_problem_is_flagged_with_its_kind(tmp_path):
    findings = check_corpus(problem_corpus(tmp_path / "corpus"), Settings(max_file_mb=0.05))
    assert kinds_by_path(findings) == EXPECTED
    assert [f.path for f in findings] == sorted(f.path for f in findings)
    levels = {(f.path, f.kind): f.level for f in findings}
    assert levels[("programme/wrong-type.md", "front-matter")] == "warning"
    assert levels[("programme/broken-front-matter.md", "front-matter")] == "error"
    assert levels[("programme/untitled.md", "title")] == "warning"
    assert levels[("programme/no-headings.md", "headings")] == "warning"
    for kind in ("unreadable", "sources", "figures", "duplicate", "size"):
        assert all(f.level == "error" for f in findings if f.kind == kind)
    assert summary(findings) == {"errors": 7, "warnings": 3}

    by_kind = {f.kind: f for f in findings}
    assert "themes" in by_kind["front-matter"].message or "line" in by_kind["front-matter"].message
    duplicate = by_kind["duplicate"].message
    assert "programme/dup-b.md" in duplicate and "'Voting'" in duplicate and "'Choosing projects'" in duplicate
    figures = by_kind["figures"].message
    assert "GBP 160m" in figures and "40,745 voters" in figures and "15%" in figures
    assert "2016" not in figures and "met in 2020" not in figures and "\n" not in figures


def test_a_check_of_named_documents_compares_them_with_the_passages_given(tmp_path):
    root = problem_corpus(tmp_path / "corpus")
    settings = Settings(max_file_mb=0.05)
    dup_a = Chunk("a-1", "programme/dup-a.md", "Dup A", "Voting", "programme", [], SHARED)
    unrelated = Chunk("x-1", "programme/x.md", "X", "Notes", "programme", [], prose(11, 80))
    findings = check_corpus(root, settings, only={"programme/dup-b.md", "programme/no-headings.md"}, others=[dup_a])
    assert kinds_by_path(findings) == {"programme/dup-a.md": {"duplicate"}, "programme/no-headings.md": {"headings"}}
    assert findings[0].other == "programme/dup-b.md"  # the passage found in the index, beside the file read again
    alone = check_corpus(root, settings, only={"programme/dup-b.md"}, others=[unrelated])
    assert alone == []


def test_text_beyond_the_text_limit_is_a_size_error(tmp_path):
    write(tmp_path, "long.md", f"---\ntitle: Long\n---\n\n## Part\n\n{prose(12, 3000)}\n")  # ~20,000 characters
    findings = check_corpus(tmp_path, Settings(max_text_mb=0.01))
    assert [(f.kind, f.level) for f in findings] == [("size", "error")]
    assert "COACH_MAX_TEXT_MB" in findings[0].message


def test_figure_sentences_ignore_years_list_numbers_and_headings():
    text = (
        "# 2021 results\n\n1. Started in 2016.\n2. Grew in 2018\n\nIt cost EUR 100m. It began in 2015. About 300 "
        "residents came."
    )
    assert figure_sentences(text) == ["It cost EUR 100m.", "About 300 residents came."]


def test_the_bundled_corpus_has_no_errors():
    started = time.perf_counter()
    findings = check_corpus(BUNDLED_CORPUS, Settings())
    assert summary(findings)["errors"] == 0, [f for f in findings if f.level == "error"]
    assert time.perf_counter() - started < 60


def coach(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], capture_output=True, text=True, timeout=300, check=False
    )


def test_cli_exits_1_with_json_findings_on_problems_and_0_on_a_clean_folder(tmp_path):
    bad = coach("corpus", "check", str(problem_corpus(tmp_path / "bad")), "--json")
    assert bad.returncode == 1, bad.stderr
    report = json.loads(bad.stdout)
    assert set(report) == {"findings", "errors", "warnings"} and report["errors"] > 0
    assert {"sources", "figures", "duplicate", "unreadable"} <= {f["kind"] for f in report["findings"]}
    assert set(report["findings"][0]) == {"path", "level", "kind", "message", "other"}

    text = coach("corpus", "check", str(problem_corpus(tmp_path / "bad2")))
    assert text.returncode == 1
    assert any(line.startswith("error    case-studies/no-sources.md  sources: ") for line in text.stdout.splitlines())
    assert text.stdout.strip().splitlines()[-1].startswith(f"{report['errors']} errors, {report['warnings']} warning")

    good = coach("corpus", "check", str(clean_corpus(tmp_path / "good")), "--json")
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout) == {"findings": [], "errors": 0, "warnings": 0}


def test_mdx_and_setext_pages_are_checked_like_markdown(tmp_path):
    """An MDX page's title comes from its front matter (a missing one is reported), underlined
    headings are headings, and a long MDX page without any is reported like Markdown."""
    root = tmp_path / "corpus"
    (root / "programme").mkdir(parents=True)
    prose = "Residents shape the service with staff from the first week. " * 60
    (root / "programme" / "co-design.mdx").write_text(
        f"---\ntitle: Co-design\n---\nimport Tabs from '@theme/Tabs';\n\n{prose}\n\nHow to start\n------------\n\nGo.\n"
    )
    other = " ".join(f"Panel {n} met on a weekday evening in the library." for n in range(80))
    (root / "programme" / "no-title.mdx").write_text(f"---\nsidebar_position: 2\n---\n{other}\n")
    found = {(f.path, f.kind) for f in check_corpus(root, Settings())}
    assert found == {("programme/no-title.mdx", "title"), ("programme/no-title.mdx", "headings")}


def test_files_without_text_are_reported_by_what_they_have(tmp_path):
    """Front matter alone is an error (the file is not read); headings alone are a warning (it is
    read, yet gives no passage). Titles from Quarto front matter, plain-text front matter, a Pandoc
    title block or a UTF-16 file count as the file's own."""
    root = tmp_path / "corpus"
    write(root, "programme/stub.md", "---\ntitle: Stub\n---\n# TO WRITE\n")
    write(root, "programme/link.md", "---\ntitle: A link page\nlink: https://example.org\n---\n")
    write(root, "programme/analysis.qmd", "---\ntitle: Analysis\n---\n\n## Method\n\nWe compared wards.\n")
    write(root, "programme/memo.txt", "---\ntitle: Memo\n---\nThe memo's text.\n")
    write(root, "programme/guide.md", "% A guide\n% The team\n\nThe guide's text.\n")
    write(root, "programme/wide.md", "---\ntitle: Wide\n---\nWide text.\n".encode("utf-16"))
    findings = check_corpus(root, Settings())
    assert [(f.path, f.level, f.kind) for f in findings] == [
        ("programme/link.md", "error", "text"),
        ("programme/stub.md", "warning", "text"),
    ]
    assert "has only front matter" in findings[0].message and "'TO WRITE'" in findings[1].message
