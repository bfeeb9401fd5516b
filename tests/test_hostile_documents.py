"""Hostile corpus files: each one is read within the time, memory and text limits, is named in the
ingest report (or the refused upload) with a plain reason, and never costs the other files or the
version of a document that is already indexed. Every payload is generated here."""

from __future__ import annotations

import io
import json
import time
import zipfile
import zlib
from functools import cache
from pathlib import Path

import pytest

from assistant.config import get_settings
from tests.builders import make_docx, make_html, make_pdf
from tests.conftest import write

pytestmark = pytest.mark.reliability

TIMEOUT_S = 4  # COACH_PARSE_TIMEOUT_S in the tests of the time limit
# COACH_PARSE_TIMEOUT_S in the tests of the other limits: long enough that a busy machine does not
# hit the time limit first, so each file is refused for its own reason
SLACK_TIMEOUT_S = 25
TEXT_MB = 1  # COACH_MAX_TEXT_MB in these tests
BOUND_S = TIMEOUT_S + 30  # one bad file never holds an ingest or an upload longer than this


# --- payloads --------------------------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF written by hand: ``objects`` are the bodies of objects 1..n, object 1 the catalog."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), entries) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


@cache
def pdf_bomb(megabytes: int = 300) -> bytes:
    """One page whose content stream is about 300 KB deflated and ``megabytes`` MB of zeros inflated."""
    packer = zlib.compressobj(9)
    zeros = bytes(1 << 20)
    data = b"".join(packer.compress(zeros) for _ in range(megabytes)) + packer.flush()
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R "
            b">> >> >>",
            _stream(data, b"/Filter /FlateDecode"),
            _FONT,
        ]
    )


@cache
def many_pages_pdf(pages: int = 60_000) -> bytes:
    """A 9 MB PDF of ``pages`` pages that share one short content stream (about 25 s to read on a quiet
    machine with the PDF reader installed today; 20,000 pages took 8 s, under the mixed corpus's limit)."""
    kids = b" ".join(b"%d 0 R" % (5 + n) for n in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> "
        b">>"
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            _stream(b"BT /F1 12 Tf 72 720 Td (Ward budget assembly minutes.) Tj ET"),
            _FONT,
        ]
        + [page] * pages
    )


_WORD = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s</w:body></w:document>'


def _docx_with(document_xml: bytes, scratch: Path) -> bytes:
    """A real DOCX whose word/document.xml is replaced by ``document_xml``."""
    original = make_docx(scratch / "base.docx", "Base", [("Heading", "Body.")]).read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, document_xml if item.filename == "word/document.xml" else zin.read(item.filename))
    return out.getvalue()


def malformed_docx(scratch: Path) -> bytes:
    return _docx_with(b"<w:document xmlns:w='x'><w:body><w:p>unclosed", scratch)


def slow_docx(scratch: Path, paragraphs: int = 1_000_000) -> bytes:
    """About 60 KB zipped: a million empty paragraphs (about 25 s to read)."""
    return _docx_with(_WORD % (b"<w:p/>" * paragraphs), scratch)


def wordy_docx(scratch: Path, megabytes: int = 8) -> bytes:
    """About 50 KB zipped, ``megabytes`` MB of text once read."""
    paragraph = b"<w:p><w:r><w:t>" + b"budget " * 1500 + b"</w:t></w:r></w:p>"
    return _docx_with(_WORD % (paragraph * (megabytes * 1024 * 1024 // len(b"budget " * 1500) + 1)), scratch)


def nested_front_matter(depth: int = 5000) -> bytes:
    return ("---\ntitle: Deep\nnotes: " + "[" * depth + "]" * depth + "\n---\n# Deep\n\nBody.\n").encode()


def alias_bomb(levels: int = 7) -> bytes:
    """The 387-byte 'billion laughs' of the probe: 9**levels strings behind ``region`` and ``years``."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, levels)]
    lines += [f"region: *a{levels - 1}", f"years: *a{levels - 1}"]
    return ("---\n" + "\n".join(lines) + "\n---\n# Laughs\n\nBody.\n").encode()


def unclosed_list_items(size: int = 42_000) -> bytes:
    """A 42 KB page of list items that are never closed, so each one nests inside the one before."""
    items, n = [], 0
    while sum(map(len, items)) < size:
        items.append(f"<li>Ward budget item {n} ")
        n += 1
    return ("<html><body><main><ul>" + "".join(items) + "</ul></main></body></html>").encode()


# --- a corpus with a good version of the document, then the hostile one in its place ----------


@pytest.fixture
def limits(monkeypatch):
    """Small limits, so that a hostile file costs seconds, not minutes."""
    monkeypatch.setenv("COACH_PARSE_TIMEOUT_S", str(TIMEOUT_S))
    monkeypatch.setenv("COACH_MAX_TEXT_MB", str(TEXT_MB))
    get_settings.cache_clear()


GOOD = (
    "---\ntitle: Writing objectives\n---\n# Writing objectives\n\n## SMART\nAn objective names a baseline, a target "
    "and a date.\n"
)
NEW = (
    "---\ntitle: Bin rounds\n---\n# Bin rounds\n\n## Context\nThe council rerouted crews and cut missed bin "
    "collections.\n"
)


def _good_version(path: Path) -> Path:
    text = "Citizens' juries are chosen by lot and deliberate for several days."
    if path.suffix == ".docx":
        return make_docx(path, "Citizens' juries", [("How they work", text)])
    if path.suffix == ".pdf":
        return make_pdf(path, [text], title="Citizens' juries")
    if path.suffix == ".html":
        return make_html(path, "Citizens' juries", "How they work", text)
    return write(path, f"# Citizens' juries\n\n## How they work\n{text}\n")


@pytest.fixture
def corpus(tmp_path, make_components, limits, monkeypatch):
    """Build a corpus whose document ``name`` is first indexed in a good version, reading files
    within ``timeout_s``."""

    def build(name: str, timeout_s: float = TIMEOUT_S):
        monkeypatch.setenv("COACH_PARSE_TIMEOUT_S", str(timeout_s))
        get_settings.cache_clear()
        root = tmp_path / "corpus"
        write(root / "programme" / "objectives.md", GOOD)
        _good_version(root / "programme" / name)
        components = make_components(corpus_dir=root)
        first = components.index.ingest(root)
        assert first.failed == [] and first.documents == 2
        return root, components

    return build


def _replace_and_ingest(root: Path, components, name: str, payload):
    """Put ``payload`` in place of the good document, add a new good file, ingest; the report and the seconds."""
    doc_id = f"programme/{name}"
    before = components.index.manifest()["documents"][doc_id]
    target = root / doc_id
    target.unlink()
    if callable(payload):
        payload(target)
    else:
        write(target, payload)
    write(root / "case-studies" / "bins.md", NEW)
    started = time.perf_counter()
    report = components.index.ingest(root)
    seconds = time.perf_counter() - started

    manifest = components.index.manifest()
    assert [f["path"] for f in report.failed] == [doc_id], report.failed
    assert "Traceback" not in report.failed[0]["error"] and "\n" not in report.failed[0]["error"]
    assert manifest["documents"][doc_id]["hash"] == before["hash"]  # the good version stays
    assert manifest["failed"] == [doc_id]
    assert "case-studies/bins.md" in manifest["documents"] and report.added == ["case-studies/bins.md"]
    texts = {c.doc_id: c.text for c in components.index.snapshot().chunks}
    assert "deliberate for several days" in texts[doc_id] and "rerouted crews" in texts["case-studies/bins.md"]
    assert components.index.manifest_path.stat().st_size < 100_000
    assert components.index.verify() == []
    return report.failed[0]["error"], seconds


@pytest.mark.parametrize(
    "name, payload, reason",
    [
        ("juries.docx", malformed_docx, "not a readable DOCX file (XMLSyntaxError"),
        ("juries.pdf", lambda scratch: pdf_bomb(), "not a readable PDF (LimitReachedError"),
        ("juries.md", lambda scratch: nested_front_matter(), "front matter is nested more than"),
        ("juries.md", lambda scratch: alias_bomb(), "front matter uses too many YAML aliases"),
        ("juries.docx", wordy_docx, f"expands to more than {TEXT_MB} MB of text (COACH_MAX_TEXT_MB)"),
        ("juries.docx", slow_docx, f"took longer than {TIMEOUT_S} s to read (COACH_PARSE_TIMEOUT_S)"),
        (
            "juries.pdf",
            lambda scratch: many_pages_pdf(),
            f"took longer than {TIMEOUT_S} s to read (COACH_PARSE_TIMEOUT_S)",
        ),
    ],
    ids=[
        "malformed-docx",
        "pdf-bomb",
        "nested-yaml",
        "yaml-alias-bomb",
        "text-bomb-docx",
        "slow-docx",
        "many-pages-pdf",
    ],
)
def test_a_hostile_file_is_named_and_costs_nothing_else(corpus, tmp_path, name, payload, reason):
    timed = "COACH_PARSE_TIMEOUT_S" in reason  # the case is about the time limit
    root, components = corpus(name, TIMEOUT_S if timed else SLACK_TIMEOUT_S)
    error, seconds = _replace_and_ingest(root, components, name, payload(tmp_path))
    assert reason in error, error
    assert seconds < (BOUND_S if timed else SLACK_TIMEOUT_S + 30)


def test_a_link_out_of_the_corpus_is_refused(corpus, tmp_path):
    secret = write(tmp_path / "outside" / "secret.md", "# Secret\n\nSalaries of every member of staff.\n")
    root, components = corpus("juries.md")
    error, _ = _replace_and_ingest(root, components, "juries.md", lambda target: target.symlink_to(secret))
    assert error == "links outside the corpus folder"
    assert "Salaries" not in "\n".join(c.text for c in components.index.snapshot().chunks)


def test_a_link_inside_the_corpus_is_read(corpus):
    root, components = corpus("juries.md")
    (root / "programme" / "juries-again.md").symlink_to(root / "programme" / "objectives.md")
    report = components.index.ingest(root)
    assert report.failed == [] and "programme/juries-again.md" in components.index.manifest()["documents"]


def test_memory_is_bounded(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_PARSE_MEMORY_MB", "64")
    monkeypatch.setenv("COACH_PARSE_TIMEOUT_S", "60")
    get_settings.cache_clear()
    root, components = corpus("juries.docx")
    started = time.perf_counter()
    error, _ = _replace_and_ingest(root, components, "juries.docx", slow_docx(tmp_path))
    assert "ran out of memory (limit 64 MB, COACH_PARSE_MEMORY_MB)" in error, error
    assert time.perf_counter() - started < 60


def test_unclosed_list_items_are_read_in_linear_time(corpus):
    root, components = corpus("juries.md")
    page = write(root / "programme" / "items.html", unclosed_list_items())
    assert 40_000 < page.stat().st_size < 44_000
    started = time.perf_counter()
    document, chunks = components.index.parse(page, root)  # the worker is already running
    assert (
        time.perf_counter() - started < BOUND_S
    )  # was 2 s for 32 million characters, then minutes to chunk and embed them
    assert sum(len(b.text) for b in document.blocks) < page.stat().st_size  # each item's text once: linear, not 34 MB
    last = page.read_bytes().count(b"<li>") - 1
    assert document.blocks[0].text.startswith("- Ward budget item 0\n\n- Ward budget item 1\n\n")
    assert document.blocks[0].text.endswith(f"- Ward budget item {last}") and len(chunks) < 100


def hostile_corpus(tmp_path: Path) -> tuple[Path, dict[str, tuple[bytes | None, str]]]:
    """A corpus folder with two good files, a long list page and every hostile payload; the bad
    files by document id, with the reason each must be refused for."""
    root = tmp_path / "corpus"
    write(root / "programme" / "objectives.md", GOOD)
    write(root / "case-studies" / "bins.md", NEW)
    secret = write(tmp_path / "outside" / "secret.md", "# Secret\n\nNot for the coach.\n")
    bad = {
        "programme/malformed.docx": (malformed_docx(tmp_path), "not a readable DOCX file"),
        "programme/bomb.pdf": (pdf_bomb(), "not a readable PDF"),
        "programme/deep.md": (nested_front_matter(), "front matter is nested more than"),
        "programme/laughs.md": (alias_bomb(), "too many YAML aliases"),
        "programme/wordy.docx": (wordy_docx(tmp_path), "of text"),
        "programme/slow.docx": (slow_docx(tmp_path), "took longer than"),
        "programme/pages.pdf": (many_pages_pdf(), "took longer than"),
        "programme/secret.md": (None, "links outside the corpus folder"),
    }
    for doc_id, (payload, _) in bad.items():
        if payload is None:
            (root / doc_id).symlink_to(secret)
        else:
            write(root / doc_id, payload)
    write(root / "programme" / "items.html", unclosed_list_items())
    return root, bad


# One time limit for a corpus that holds both kinds: the slow files take 20 s or more to read, so they
# still hit it, and the text bomb has room to reach its size limit first on a busy machine.
MIXED_TIMEOUT_S = 10


def test_a_corpus_of_every_hostile_file_beside_good_ones(tmp_path, make_components, limits, monkeypatch):
    monkeypatch.setenv("COACH_PARSE_TIMEOUT_S", str(MIXED_TIMEOUT_S))
    get_settings.cache_clear()
    root, bad = hostile_corpus(tmp_path)
    components = make_components(corpus_dir=root)

    started = time.perf_counter()
    report = components.index.ingest(root)
    assert time.perf_counter() - started < 2 * MIXED_TIMEOUT_S + 40  # two files hit the time limit
    failed = {f["path"]: f["error"] for f in report.failed}
    assert sorted(failed) == sorted(bad)
    for doc_id, (_, reason) in bad.items():
        assert reason in failed[doc_id], (doc_id, failed[doc_id])
    assert sorted(components.index.manifest()["documents"]) == [
        "case-studies/bins.md",
        "programme/items.html",
        "programme/objectives.md",
    ]
    assert components.index.verify() == []
    assert len(json.dumps(report.summary())) < 5_000


@pytest.mark.slow
def test_coach_serve_starts_with_every_hostile_file_in_its_corpus(tmp_path):
    """`coach serve` indexes its corpus folder at start: with all the payloads there it still
    starts, and answers from the good files."""
    import os
    import subprocess
    import sys

    from gradio_client import Client

    from tests.test_app import free_port

    root, _ = hostile_corpus(tmp_path)
    env = {
        **os.environ,
        "COACH_DATA_DIR": str(tmp_path / "data"),
        "COACH_CORPUS_DIR": str(root),
        "COACH_LLM": "fake",
        "COACH_PARSE_TIMEOUT_S": str(TIMEOUT_S),
        "COACH_MAX_TEXT_MB": str(TEXT_MB),
    }
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()  # blocks until the app listens, or the process ends
        assert "running at" in line, process.stderr.read() if process.poll() is not None else line
        passages = Client(f"http://127.0.0.1:{port}/", verbose=False).predict(
            "missed bin collections", 3, api_name="/search"
        )
        assert {p["doc_id"] for p in passages} <= {
            "case-studies/bins.md",
            "programme/objectives.md",
            "programme/items.html",
        }
        assert "case-studies/bins.md" in {p["doc_id"] for p in passages}
    finally:
        process.terminate()
        process.wait(timeout=30)


# --- uploads through the corpus desk ------------------------------------------------------------


@pytest.fixture
def desk(corpus):
    from assistant.desk import CorpusDesk

    root, components = corpus("juries.md")
    return CorpusDesk(components.index, root, 25 * 1024 * 1024), components


@pytest.mark.parametrize(
    "name, payload, reason",
    [
        ("report.docx", malformed_docx, "not a readable DOCX file (XMLSyntaxError"),
        ("laughs.md", lambda scratch: alias_bomb(), "front matter uses too many YAML aliases"),
        ("deep.md", lambda scratch: nested_front_matter(), "front matter is nested more than"),
        ("bomb.pdf", lambda scratch: pdf_bomb(), "not a readable PDF"),
        ("slow.docx", slow_docx, f"took longer than {TIMEOUT_S} s to read"),
    ],
    ids=["malformed-docx", "yaml-alias-bomb", "nested-yaml", "pdf-bomb", "slow-docx"],
)
def test_a_hostile_upload_is_refused_with_the_reason_and_changes_nothing(desk, tmp_path, name, payload, reason):
    from assistant.desk import UploadError

    desk_, components = desk
    version = components.index.manifest()["version"]
    files = sorted(p.relative_to(desk_.corpus_dir) for p in desk_.corpus_dir.rglob("*"))
    started = time.perf_counter()
    with pytest.raises(UploadError) as info:
        desk_.upload(name, payload(tmp_path), "programme")
    assert time.perf_counter() - started < BOUND_S
    assert str(info.value).startswith(f"'{name}' ") and reason in str(info.value), str(info.value)
    assert "Traceback" not in str(info.value)
    assert components.index.manifest()["version"] == version
    assert sorted(p.relative_to(desk_.corpus_dir) for p in desk_.corpus_dir.rglob("*")) == files
    assert desk_.upload("bins.md", NEW.encode(), "case-study").status == "added"  # the desk still works


def test_an_upload_of_unclosed_list_items_goes_in_quickly(desk):
    desk_, components = desk
    started = time.perf_counter()
    result = desk_.upload("items.html", unclosed_list_items(), "programme")
    assert result.status == "added" and time.perf_counter() - started < BOUND_S
    assert components.index.manifest()["documents"]["programme/items.html"]["chunks"] < 100


def test_unclosed_macro_calls_are_read_in_linear_time(corpus):
    """A page of template macro calls that never close ("{{ card({ text: 'x' ...") costs a few readings
    of the page, not one reading for each call; the words stay as written."""
    root, components = corpus("juries.md")
    page = write(root / "programme" / "calls.md", "# Calls\n\n" + "{{ card({ text: 'Ward budget' [( " * 25_000)
    started = time.perf_counter()
    document, chunks = components.index.parse(page, root)
    assert time.perf_counter() - started < BOUND_S  # was minutes: each call read up to 100,000 characters
    assert document.blocks[0].text.count("Ward budget") == 25_000 and chunks
