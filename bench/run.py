"""Strategy Coach benchmarks, side by side with the usual LangChain pipeline.

    python bench/run.py            # full: retrieval at 1k, 10k and 100k passages
    python bench/run.py --quick    # 1k and 10k passages, fewer repetitions (under 3 minutes
                                   # once the synthetic indexes are cached)

Writes bench/results.json, bench/results.md and bench/scaling.png (bench/quick/ for --quick),
prints ratios, and ends with one line of JSON holding the headline figures. The synthetic
corpora are embedded once and kept in a cache folder, so later runs only measure. Absolute
times vary on a shared machine; the ratios compare both pipelines in the same run, on the same
data, with the same k.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.components import Components  # noqa: E402
from assistant.config import Settings, offline_environment  # noqa: E402
from assistant.documents import chunk_document, list_corpus_files, load_document  # noqa: E402
from assistant.evaluation import load_cases  # noqa: E402
from assistant.metrics import recall_at_k  # noqa: E402
from assistant.retrieval import ranked_documents  # noqa: E402

K = 5


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * (len(ordered) - 1)))))]


def machine() -> dict:
    memory_kb = next((int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


# --- 1. ingestion --------------------------------------------------------------------------------


def bench_ingestion(work: Path, embeddings) -> dict:
    from langchain_chroma import Chroma
    from langchain_core.documents import Document

    settings = Settings(data_dir=work / "ingest")
    components = Components(settings, embeddings=embeddings)
    started = time.perf_counter()
    first = components.index.ingest(settings.corpus_dir)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    again = components.index.ingest(settings.corpus_dir)
    again_s = time.perf_counter() - started

    # The naive pattern: split the same documents with the same splitter and hand them all to
    # Chroma.from_documents with the same embedding model; nothing is remembered between runs.
    root = settings.corpus_dir
    docs = []
    for path in list_corpus_files(root):
        for chunk in chunk_document(load_document(path, root), settings.chunk_size, settings.chunk_overlap):
            docs.append(Document(page_content=chunk.index_text(), metadata={"doc_id": chunk.doc_id}))
    started = time.perf_counter()
    Chroma.from_documents(docs, embeddings, persist_directory=str(work / "naive-1"), collection_name="naive")
    naive_s = time.perf_counter() - started
    started = time.perf_counter()
    Chroma.from_documents(docs, embeddings, persist_directory=str(work / "naive-2"), collection_name="naive")
    naive_again_s = time.perf_counter() - started
    return {
        "chunks": first.chunks,
        "ours_first_s": round(first_s, 3),
        "ours_chunks_per_s": round(first.chunks / first_s, 1),
        "ours_reingest_s": round(again_s, 3),
        "reingest_embedded": again.embedded,
        "reingest_fraction": round(again_s / first_s, 4),
        "naive_first_s": round(naive_s, 3),
        "naive_chunks_per_s": round(len(docs) / naive_s, 1),
        "naive_reingest_s": round(naive_again_s, 3),
    }


# --- 2. retrieval at scale -----------------------------------------------------------------------


def synthetic_corpus(folder: Path, size: int, seed: int = 1) -> None:
    """About ``size`` passages made by varying the bundled text: sentences re-ordered and
    words swapped between passages, ten passages a document, in the bundled format."""
    rng = random.Random(seed)
    settings = Settings()
    root = settings.corpus_dir
    passages = []
    for path in list_corpus_files(root):
        passages += [
            c.text for c in chunk_document(load_document(path, root), settings.chunk_size, settings.chunk_overlap)
        ]
    vocabulary = sorted({w for p in passages for w in re.findall(r"[A-Za-z]{5,}", p)})
    shutil.rmtree(folder, ignore_errors=True)
    per_doc = 10
    for d in range(max(1, size // per_doc)):
        sections = []
        for s in range(per_doc):
            sentences = re.split(r"(?<=[.!?])\s+", rng.choice(passages))
            rng.shuffle(sentences)
            words = " ".join(sentences).split()
            for _ in range(max(1, len(words) // 12)):
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
            sections.append(f"## Part {s}\n{' '.join(words)[:850]}")
        kind = "case-studies" if d % 3 == 0 else "programme"
        text = (
            f"---\ntitle: Synthetic note {d}\nthemes: [strategy]\n---\n# Synthetic note {d}\n\n"
            + "\n\n".join(sections)
            + "\n"
        )
        target = folder / kind / f"note-{d:05d}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def ensemble_over(components, k: int = K):
    """LangChain's EnsembleRetriever(BM25Retriever + Chroma retriever) over the same passages and vectors."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_classic.retrievers import EnsembleRetriever
    from langchain_community.retrievers import BM25Retriever
    from langchain_core.documents import Document

    snapshot = components.index.snapshot()
    chunks = snapshot.chunks
    docs = [Document(page_content=c.index_text(), metadata={"doc_id": c.doc_id}) for c in chunks]
    stored = components.store.collection.get(include=["embeddings"])
    vectors = dict(zip(stored["ids"], stored["embeddings"], strict=True))
    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    name = f"ensemble-{len(chunks)}-{time.monotonic_ns()}"
    collection = client.create_collection(name, embedding_function=None, metadata={"hnsw:space": "cosine"})
    for start in range(0, len(chunks), 2000):
        part = chunks[start : start + 2000]
        collection.add(
            ids=[c.chunk_id for c in part],
            embeddings=[vectors[c.chunk_id] for c in part],
            documents=[d.page_content for d in docs[start : start + 2000]],
            metadatas=[d.metadata for d in docs[start : start + 2000]],
        )
    dense = Chroma(client=client, collection_name=name, embedding_function=components.embeddings).as_retriever(
        search_kwargs={"k": k}
    )
    started = time.perf_counter()
    bm25 = BM25Retriever.from_documents(docs, k=k)
    build_s = time.perf_counter() - started
    return EnsembleRetriever(retrievers=[bm25, dense], weights=[0.5, 0.5]), build_s


def time_queries(fn, queries: list[str], warmup: list[str], reset) -> dict:
    """Each query once, after a warm-up on other queries; ``reset`` empties the query-embedding
    cache first so that every timed query pays for its embedding, in both pipelines."""
    reset()
    cold_started = time.perf_counter()
    fn(warmup[0])
    cold_ms = (time.perf_counter() - cold_started) * 1000
    for q in warmup[1:]:
        fn(q)
    latencies = []
    for q in queries:
        started = time.perf_counter()
        fn(q)
        latencies.append((time.perf_counter() - started) * 1000)
    return {
        "cold_ms": round(cold_ms, 2),
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "queries": len(latencies),
    }


WARMUP = [
    "What is a theory of change?",
    "How do I start a pilot?",
    "Who should sit on a partnership board?",
    "What is a baseline?",
]


def folder_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6, 1)


def cache_root() -> Path:
    """Synthetic indexes are kept between runs (building 10k passages takes minutes on 2 cores)."""
    return Path(os.environ.get("COACH_BENCH_CACHE") or Path.home() / ".cache" / "strategy-coach" / "bench")


def bench_retrieval(work: Path, embeddings, sizes: list[int], queries: list[str]) -> dict:
    results = {}
    for size in sizes:
        home = cache_root() / f"synthetic-{size}-v1"
        folder = home / "corpus"
        synthetic_corpus(folder, size)
        settings = Settings(data_dir=home / "data")
        components = Components(settings, embeddings=embeddings)
        started = time.perf_counter()
        report = components.index.ingest(folder)
        ingest_s = time.perf_counter() - started
        build_file = home / "build.json"
        if report.embedded:
            build_file.write_text(json.dumps({"ingest_s": round(ingest_s, 1), "passages": report.chunks}))
        build = json.loads(build_file.read_text()) if build_file.exists() else {"ingest_s": None}
        reset = embeddings._cache.clear
        ours = time_queries(
            lambda q, components=components: components.retriever.search(q, k=K), queries, WARMUP, reset
        )
        ensemble, bm25_build_s = ensemble_over(components)
        theirs = time_queries(lambda q, ensemble=ensemble: ensemble.invoke(q), queries, WARMUP, reset)
        results[str(size)] = {
            "passages": report.chunks,
            "build_ingest_s": build["ingest_s"],
            "reused_index": report.embedded == 0,
            "index_mb": folder_mb(settings.index_dir),
            "ours": ours,
            "ensemble": {**theirs, "bm25_build_s": round(bm25_build_s, 2)},
            "speedup_p95": round(theirs["p95_ms"] / ours["p95_ms"], 2),
        }
        print(
            f"  {report.chunks} passages: ours p50 {ours['p50_ms']} ms p95 {ours['p95_ms']} ms; "
            f"ensemble p50 {theirs['p50_ms']} ms p95 {theirs['p95_ms']} ms; {results[str(size)]['speedup_p95']}x",
            flush=True,
        )
    return results


def bench_recall(work: Path, embeddings, cases) -> dict:
    components = Components(Settings(data_dir=work / "ingest"), embeddings=embeddings)
    ensemble, _ = ensemble_over(components, k=10)
    ours, theirs = [], []
    for case in cases:
        relevant = set(case.expected_sources)
        ours.append(
            recall_at_k(ranked_documents(components.retriever.search(case.question, k=10, max_per_doc=1)), relevant, K)
        )
        ranking = list(dict.fromkeys(d.metadata["doc_id"] for d in ensemble.invoke(case.question)))
        theirs.append(recall_at_k(ranking, relevant, K))
    return {
        "cases": len(cases),
        "recall_at_5_hybrid": round(statistics.fmean(ours), 4),
        "recall_at_5_ensemble": round(statistics.fmean(theirs), 4),
    }


# --- 3. generation ---------------------------------------------------------------------------------


def bench_generation(work: Path, embeddings, questions: list[str]) -> dict:
    # The bundled index built by the ingestion benchmark. With the embedded model the coach answers
    # free questions from the material's own sentences (COACH_ANSWER_MODE=auto), without the model;
    # this section measures the model's path, so it asks for generated answers.
    settings = Settings(data_dir=work / "ingest", answer_mode="generative")
    components = Components(settings, embeddings=embeddings)
    coach = components.coach
    llama = components.llm.llama
    coach.ask("warm up the model")
    options = {k: v for k, v in components.llm._request([], None).items() if k != "messages"}

    def ours_ttft(question: str) -> tuple[float, list[dict]]:
        llama.reset()  # no cached prefix: both sides evaluate the whole prompt
        answer = coach.ask(question)
        # (the answer may still be the extractive one when the model's was mostly unsupported; the
        # model was asked either way, and its prompt and time to first token are what is measured)
        if not answer.prompt or answer.ttft_s is None:
            raise SystemExit(f"generation benchmark: the model was not asked '{question}' ({answer.mode})")
        return answer.ttft_s, [
            {"role": "system", "content": coach.prompts.system},
            {"role": "user", "content": answer.prompt},
        ]

    def raw_ttft(messages: list[dict]) -> float:
        llama.reset()
        started = time.perf_counter()
        for part in llama.create_chat_completion(messages=messages, stream=True, **options):
            if part["choices"][0].get("delta", {}).get("content"):
                return time.perf_counter() - started
        return time.perf_counter() - started

    # Pairs on the same prompt, run back to back, each question in both orders so that neither
    # side always goes first; the overhead is the median of the pairs' ratios, which cancels
    # the drift of a shared machine better than a ratio of two medians.
    ours, raw, ratios = [], [], []
    for question in questions:
        first, messages = ours_ttft(question)
        second = raw_ttft(messages)
        third = raw_ttft(messages)
        fourth = ours_ttft(question)[0]
        ours += [first, fourth]
        raw += [second, third]
        ratios += [first / second, fourth / third]
    # A follow-up replays the previous exchange, so llama.cpp reuses that prefix and evaluates only
    # the new message and its passages. Each follow-up is timed twice: right after its first turn
    # (prefix cached) and again in a second session with the same first turn and the cache cleared
    # before the follow-up (the same prompt, evaluated whole).
    first_turn, follow_up, follow_up_cold = [], [], []
    for question, follow in zip(
        questions,
        ["How do we make sure poorer areas benefit too?", "Who should sit on the board?", "How do we measure it?"],
        strict=False,
    ):
        llama.reset()
        session_id, _ = coach.start(None)
        first = coach.turn(session_id, question).ttft_s
        second = coach.turn(session_id, follow).ttft_s
        again, _ = coach.start(None)
        coach.turn(again, question)
        llama.reset()
        cold = coach.turn(again, follow).ttft_s
        if None not in (first, second, cold):  # all answered by the model (not a clarifying question)
            first_turn.append(first)
            follow_up.append(second)
            follow_up_cold.append(cold)
    tokens = len(llama.tokenize((messages[0]["content"] + messages[1]["content"]).encode()))
    return {
        "prompt_tokens": tokens,
        "samples": len(ours),
        "ours_ttft_s": round(statistics.median(ours), 3),
        "raw_ttft_s": round(statistics.median(raw), 3),
        "llm_overhead_fraction": round(statistics.median(ratios) - 1, 4),
        "ttft_pairs": [[round(a, 3), round(b, 3)] for a, b in zip(ours, raw, strict=True)],
        "follow_up_pairs": len(follow_up),
        "first_turn_ttft_s": round(statistics.median(first_turn), 3) if first_turn else None,
        "follow_up_ttft_s": round(statistics.median(follow_up), 3) if follow_up else None,
        "followup_ttft_fraction": (
            round(statistics.median(follow_up) / statistics.median(first_turn), 4) if follow_up else None
        ),
        "follow_up_cold_ttft_s": round(statistics.median(follow_up_cold), 3) if follow_up_cold else None,
        "cached_prefix_fraction": (
            round(statistics.median(a / b for a, b in zip(follow_up, follow_up_cold, strict=True)), 4)
            if follow_up
            else None
        ),
    }


# --- 4. start-up and memory -----------------------------------------------------------------------


def bench_guard(work: Path, embeddings, queries: list[str]) -> dict:
    """The scope and safety guard: training once per data hash, loading the cached classifier, and
    what it adds per message, with the query embedding shared with retrieval (free questions) and
    without (an answer inside a workflow, embedded for the guard alone)."""
    from assistant import guard as guard_module
    from assistant.guard import Guard
    from assistant.prompts import PromptLibrary

    prompts = PromptLibrary(REPO / "prompts")
    cache = work / "guard-cache"
    guard_module._MEMO.clear()
    started = time.perf_counter()
    _ = Guard(prompts, embeddings, cache).classifier  # trains the classifier
    train_s = time.perf_counter() - started
    guard_module._MEMO.clear()
    started = time.perf_counter()
    guard = Guard(prompts, embeddings, cache)
    _ = guard.classifier
    load_s = time.perf_counter() - started
    shared, alone = [], []
    for n, query in enumerate(queries):
        embeddings.embed_query(query)  # retrieval embeds the question first; the guard reuses it
        t = time.perf_counter()
        guard.check(query)
        shared.append((time.perf_counter() - t) * 1000)
        fresh = f"{query} ({n})"  # not embedded before: the guard pays for the embedding
        t = time.perf_counter()
        guard.check(fresh, in_workflow=True)
        alone.append((time.perf_counter() - t) * 1000)
    return {
        "train_s": round(train_s, 1),
        "load_cached_s": round(load_s, 3),
        "messages": len(queries),
        "shared_p50_ms": round(percentile(shared, 0.5), 2),
        "shared_p95_ms": round(percentile(shared, 0.95), 2),
        "alone_p50_ms": round(percentile(alone, 0.5), 1),
        "alone_p95_ms": round(percentile(alone, 0.95), 1),
        **bench_guard_in_turns(work, embeddings),
    }


def bench_guard_in_turns(work: Path, embeddings, conversations: int = 12) -> dict:
    """What the guard adds to a turn inside a guided workflow, where nothing else embeds the
    leader's answer: the time spent in the guard, over the scripted conversations' turns (fake model)."""
    from assistant.evaluation import load_cases
    from assistant.llm import FakeChatModel

    settings = Settings(data_dir=work / "guard-turns", llm="fake")
    components = Components(settings, embeddings=embeddings, llm=FakeChatModel())
    coach = components.coach
    real_check, spent = coach.guard.check, []

    def timed(message, in_workflow=False):
        started = time.perf_counter()
        verdict = real_check(message, in_workflow=in_workflow)
        if in_workflow:
            spent.append((time.perf_counter() - started) * 1000)
        return verdict

    coach.guard.check = timed
    cases = [c for c in load_cases([REPO / "evals" / "cases" / "conversations.yaml"]) if c.conversation][:conversations]
    for case in cases:
        session_id, _ = coach.start(case.workflow)
        for text in case.turns:
            coach.turn(session_id, text)
    return {
        "workflow_turns": len(spent),
        "in_turn_p50_ms": round(percentile(spent, 0.5), 1),
        "in_turn_p95_ms": round(percentile(spent, 0.95), 1),
    }


def bench_serve(work: Path) -> dict:
    from gradio_client import Client

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "COACH_DATA_DIR": str(work / "ingest")}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import urllib.request

    start_s = None
    try:
        while time.perf_counter() - started < 120:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    if response.status == 200:
                        start_s = time.perf_counter() - started
                        break
            except OSError:
                time.sleep(0.1)
        Client(f"http://127.0.0.1:{port}/", verbose=False).predict(
            "How do we consult residents about a park?", "", "", api_name="/chat"
        )
        peak_kb = next(int(line.split()[1]) for line in open(f"/proc/{process.pid}/status") if line.startswith("VmHWM"))
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    return {"serve_start_s": round(start_s, 2) if start_s else None, "serve_peak_rss_mb": round(peak_kb / 1024, 1)}


# --- report ----------------------------------------------------------------------------------------


def chart(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    retrieval = results["retrieval"]
    sizes = [retrieval[k]["passages"] for k in retrieval]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot(sizes, [retrieval[k]["ours"]["p95_ms"] for k in retrieval], "o-", label="Strategy Coach hybrid p95")
    left.plot(sizes, [retrieval[k]["ensemble"]["p95_ms"] for k in retrieval], "s--", label="LangChain Ensemble p95")
    left.plot(sizes, [retrieval[k]["ours"]["p50_ms"] for k in retrieval], "o:", label="Strategy Coach hybrid p50")
    (
        left.set_xscale("log"),
        left.set_yscale("log"),
        left.set_xlabel("passages"),
        left.set_ylabel("ms per query"),
        left.legend(),
        left.set_title("Retrieval latency"),
    )
    right.plot(sizes, [retrieval[k]["index_mb"] for k in retrieval], "o-")
    (
        right.set_xscale("log"),
        right.set_xlabel("passages"),
        right.set_ylabel("index size (MB)"),
        right.set_title("Index size"),
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def markdown(results: dict) -> str:
    m, i, r, g, s = (
        results["machine"],
        results["ingestion"],
        results["retrieval"],
        results["generation"],
        results["serve"],
    )
    lines = [
        "# Strategy Coach benchmark",
        "",
        f"Machine: {m['cores']} cores, {m['memory_gb']} GB, {m['platform']}, Python {m['python']}. Mode: "
        f"{results['mode']}, {results['date']}.",
        "Absolute times vary on a shared machine; compare the ratios.",
        "",
        "## Ingestion (bundled corpus)",
        "",
        "| pipeline | first ingest | passages/s | unchanged re-ingest |",
        "|---|---|---|---|",
        f"| Strategy Coach | {i['ours_first_s']} s | {i['ours_chunks_per_s']} | {i['ours_reingest_s']} s "
        f"({i['reingest_fraction']:.1%} of the first, {i['reingest_embedded']} embedded) |",
        f"| Chroma.from_documents | {i['naive_first_s']} s | {i['naive_chunks_per_s']} | {i['naive_reingest_s']} s "
        f"(everything again) |",
        "",
        "## Retrieval latency, warm (k=5; every query embedded, no cache)",
        "",
        "| passages | ours p50 | ours p95 | Ensemble p50 | Ensemble p95 | speed-up (p95) | ours cold | Ensemble cold |"
        " index | first build |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in r.values():
        lines.append(
            f"| {row['passages']} | {row['ours']['p50_ms']} ms | {row['ours']['p95_ms']} ms | "
            f"{row['ensemble']['p50_ms']} ms | {row['ensemble']['p95_ms']} ms | "
            f"{row['speedup_p95']}x | {row['ours']['cold_ms']} ms | {row['ensemble']['cold_ms']} ms | "
            f"{row['index_mb']} MB | {row['build_ingest_s']} s |"
        )
    rc = results["recall"]
    lines += [
        "",
        "Synthetic corpora are built once and kept in the bench cache (`COACH_BENCH_CACHE`); 'first build' is the "
        "time that took.",
        "'Cold' is the first query: for ours, right after opening the index, so it includes loading the BM25 snapshot "
        "and Chroma's "
        "vector index from disk (`coach serve` does this before it listens); for the Ensemble, right after building "
        "it in memory "
        "(its BM25 build, not counted: "
        + ", ".join(f"{row['ensemble']['bm25_build_s']} s at {row['passages']}" for row in r.values())
        + ").",
        f"Recall@5 on the {rc['cases']} eval cases with expected sources: ours {rc['recall_at_5_hybrid']}, Ensemble "
        f"{rc['recall_at_5_ensemble']}.",
        "",
        "![Scaling](scaling.png)",
        "",
        "## Generation with the embedded model",
        "",
        f"- time to first token through the coach {g['ours_ttft_s']} s vs raw llama-cpp-python with the same prompt "
        f"{g['raw_ttft_s']} s: overhead {g['llm_overhead_fraction']:+.1%} "
        f"(median of {g.get('samples', 3)} back-to-back pairs on the same prompt, alternating which goes first; no "
        f"cached prefix)",
        (
            f"- follow-up turn {g['follow_up_ttft_s']} s vs first turn {g['first_turn_ttft_s']} s: "
            f"{g['followup_ttft_fraction']:.0%} over {g.get('follow_up_pairs', 3)} conversations (the previous "
            "exchange is replayed so llama.cpp reuses its cached prefix); the same follow-up with the cache cleared "
            + (
                f"{g['follow_up_cold_ttft_s']} s, so the cached prefix leaves {g['cached_prefix_fraction']:.0%} of it"
                if g.get("cached_prefix_fraction") is not None
                else "not measured"
            )
            if g["followup_ttft_fraction"] is not None
            else "- follow-up turn: no conversation had both turns answered by the model"
        ),
        "",
        "## Scope and safety guard",
        "",
        f"- added per free question (the query embedding shared with retrieval): p50 "
        f"{results['guard']['shared_p50_ms']} ms, "
        f"p95 {results['guard']['shared_p95_ms']} ms over {results['guard']['messages']} eval questions",
        f"- a message embedded for the guard alone (an answer inside a workflow): p50 "
        f"{results['guard']['alone_p50_ms']} ms, "
        f"p95 {results['guard']['alone_p95_ms']} ms",
        f"- training (once per change of the labelled data): {results['guard']['train_s']} s; loading the cached "
        f"classifier: "
        f"{results['guard']['load_cached_s']} s",
        "",
        "## Start-up and memory",
        "",
        f"- `coach serve` to first HTTP 200 with an existing index: {s['serve_start_s']} s",
        f"- peak RSS of the serving process after a chat turn with the embedded model: {s['serve_peak_rss_mb']} MB",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k passages only")
    parser.add_argument(
        "--out", type=Path, default=None, help="report folder (default bench/, or bench/quick/ with --quick)"
    )
    args = parser.parse_args()
    args.out = args.out or (
        REPO / "bench" / "quick" if args.quick else REPO / "bench"
    )  # a quick run never replaces the full one
    offline_environment()
    from assistant.embeddings import SentenceTransformerEmbeddings

    embeddings = SentenceTransformerEmbeddings()
    embeddings.embed_query("load the model")
    cases = [
        c
        for c in load_cases([REPO / "evals" / "cases"])
        if c.expected_sources and not any(d.startswith("eval-only/") for d in c.expected_sources)
    ]
    queries = [c.question for c in cases][: 40 if args.quick else 91]
    sizes = [1000, 10000] if args.quick else [1000, 10000, 100000]
    results = {"mode": "quick" if args.quick else "full", "date": time.strftime("%Y-%m-%d %H:%M"), "machine": machine()}
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        work = Path(tmp)
        print("ingestion …", flush=True)
        results["ingestion"] = bench_ingestion(work, embeddings)
        print("retrieval …", flush=True)
        results["retrieval"] = bench_retrieval(work, embeddings, sizes, queries)
        results["recall"] = bench_recall(work, embeddings, cases)
        print("guard …", flush=True)
        results["guard"] = bench_guard(work, embeddings, queries)
        print("generation …", flush=True)
        results["generation"] = bench_generation(work, embeddings, [c.question for c in cases[:4]])
        print("serving …", flush=True)
        results["serve"] = bench_serve(work)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    chart(results, args.out / "scaling.png")
    (args.out / "results.md").write_text(markdown(results))
    ten_k = results["retrieval"]["10000"]
    headline = {
        "reingest_fraction": results["ingestion"]["reingest_fraction"],
        "hybrid_p95_ms_10k": ten_k["ours"]["p95_ms"],
        "speedup_vs_ensemble_10k": ten_k["speedup_p95"],
        "recall_at_5_hybrid": results["recall"]["recall_at_5_hybrid"],
        "recall_at_5_ensemble": results["recall"]["recall_at_5_ensemble"],
        "llm_overhead_fraction": results["generation"]["llm_overhead_fraction"],
        "followup_ttft_fraction": results["generation"]["followup_ttft_fraction"],
        "guard_shared_p95_ms": results["guard"]["shared_p95_ms"],
        "guard_alone_p50_ms": results["guard"]["alone_p50_ms"],
        "serve_start_s": results["serve"]["serve_start_s"],
        "serve_peak_rss_mb": results["serve"]["serve_peak_rss_mb"],
    }
    if "100000" in results["retrieval"]:
        headline["hybrid_p95_ms_100k"] = results["retrieval"]["100000"]["ours"]["p95_ms"]
    print(json.dumps(headline))


if __name__ == "__main__":
    main()
