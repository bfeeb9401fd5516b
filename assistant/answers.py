"""Free questions answered from the material: guard, retrieve, prompt, stream, cite.

Data flows one way: question -> guard -> retrieval -> prompt -> model -> streamed answer with
citations. :class:`GroundedAnswerer` knows nothing of sessions or workflows; the coach
(:mod:`assistant.coach`) calls it for free questions and for questions asked inside a workflow.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from . import extractive
from .grounding import checked_answer, cited_numbers, clean_answer
from .llm import capable_model, describe_failure, null_model
from .prompts import PromptLibrary
from .retrieval import SearchHit, ranked_documents
from .workflows import Workflow

MAX_QUESTION_CHARS = 4000
UNCHECKED = object()  # ask_stream's verdict when the guard has not yet seen the question


@dataclass
class Search:
    """What the coach searched for a question, and what it found."""

    query: str
    themes: tuple[str, ...]
    hits: list[SearchHit]


def searched(retriever, question: str, flow: Workflow | None, floor: float, **options) -> Search:
    """The passages for a question as the coach searches them. Asked in a task, the question goes
    with the task's retrieval hint and stays within the task's themes; when that finds no passage
    that clears the relevance ``floor``, the question alone is searched over everything. The eval
    scores retrieval through this too, so its figures are those of the coach's searches."""
    if flow:
        query, themes = f"{question} {flow.retrieval_hint}".strip(), tuple(flow.themes)
        hits = retriever.search(query, themes=themes, **options)
        if any(h.similarity is not None and h.similarity >= floor for h in hits):
            return Search(query, themes, hits)
    return Search(question, (), retriever.search(question, **options))


@dataclass
class Citation:
    n: int
    doc_id: str
    title: str
    section: str
    text: str = ""
    score: float = 0.0
    page: int | None = None

    def public(self) -> dict:
        return {"n": self.n, "doc_id": self.doc_id, "title": self.title, "section": self.section}


@dataclass
class Answer:
    answer: str
    citations: list[Citation] = field(default_factory=list)
    retrieved: list[str] = field(default_factory=list)
    refused: bool = False
    refusal_category: str | None = None
    grounded: bool = True
    dropped_citations: int = 0
    passages: list[Citation] = field(default_factory=list)  # every numbered passage given to the model
    error: str | None = None
    ttft_s: float | None = None
    total_s: float = 0.0
    scorecard: dict | None = None
    prompt: str = ""  # the user message sent to the model (kept so a follow-up can reuse its KV cache)
    raw: str = ""  # the model's reply before clean-up
    kind: str = "answer"  # answer | scope_check (the guard asks first) | question | probe | draft | saved | clarify
    no_context: bool = False  # nothing retrieved cleared the relevance floor
    mode: str = ""  # how a free question was answered: extractive | generative
    dropped: int = 0  # generated sentences removed by the checks (unsupported, or a figure or name not in the passage)
    follow_up: str = ""  # the question from the material appended to an answer (its figures are the material's)

    def public(self) -> dict:
        """The fields of ``coach ask --json``."""
        return {
            "answer": self.answer,
            "citations": [c.public() for c in self.citations],
            "retrieved": self.retrieved,
            "refused": self.refused,
            "no_context": self.no_context,
            "mode": self.mode,
            "dropped": self.dropped,
        }

    def render(self, heading: str = "Sources") -> str:
        """The answer followed by its sources, as shown to a leader."""
        listed = self.sources(heading)
        return f"{self.answer}\n\n{listed}" if listed else self.answer

    def sources(self, heading: str = "Sources") -> str:
        """The cited passages, or when nothing was cited, the passages the answer was drawn from."""
        listed = self.citations or self.passages
        if not listed:
            return ""
        if not self.citations:
            heading = f"{heading} consulted"
        return f"{heading}:\n" + "\n".join(f"[{c.n}] {c.title} — {c.section}" for c in listed)


def guarded(verdict, total_s: float = 0.0) -> Answer:
    """The reply to a message the guard stopped: a refusal naming its category, or a clarifying
    question (not a refusal) when the message is borderline."""
    if verdict.declined:
        return Answer(verdict.message, refused=True, refusal_category=verdict.category, total_s=total_s)
    return Answer(verdict.message, kind="scope_check", total_s=total_s)


@dataclass
class Event:
    """A step of a streamed turn: ``sources`` (passages found), ``token`` (text), ``answer`` (final)."""

    kind: str
    text: str = ""
    answer: Answer | None = None
    passages: list[Citation] = field(default_factory=list)


def drain(events: Iterator[Event]) -> Answer:
    """The final answer of a stream of events (tokens and sources are dropped)."""
    answer = None
    for event in events:
        if event.kind == "answer":
            answer = event.answer
    if answer is None:
        raise RuntimeError("the stream of events ended without an answer")
    return answer


def _matrix(embeddings, texts: list[str]) -> np.ndarray:
    """The texts' embeddings as rows (no rows for no texts)."""
    return np.asarray(embeddings.embed_documents(texts), dtype=float) if texts else np.zeros((0, 1))


def _topic(question: str) -> str:
    """The question as a topic for the no-material reply: trimmed, without its question mark."""
    topic = " ".join(question.split()).rstrip("?.! ")
    return topic if len(topic) <= 120 else topic[:117].rsplit(" ", 1)[0] + "..."


def _default_guard(prompts, retriever, settings):
    from .guard import Guard

    return Guard(prompts, retriever.embeddings, settings.resolved_guard_cache_dir)


class GroundedAnswerer:
    """Grounded answers over a retriever and a chat model."""

    def __init__(
        self,
        retriever,
        llm,
        prompts: PromptLibrary,
        workflows: dict[str, Workflow],
        settings,
        guard=None,
        llm_spec: str = "",
    ):
        self.retriever = retriever
        self.llm = llm
        self.prompts = prompts
        self.workflows = workflows
        self.settings = settings
        self.guard = guard or _default_guard(prompts, retriever, settings)
        self.llm_spec = llm_spec or settings.llm
        # the material's "Questions to ask" questions as (doc_id, question), and their vectors, per index version
        self._questions: tuple[str, list[tuple[str, str]], np.ndarray] | None = None

    def answer_mode(self) -> str:
        """extractive or generative (``COACH_ANSWER_MODE``; auto: extractive unless the model is
        trusted to write, see :func:`assistant.llm.capable_model`; the test fakes generate, so the
        generative path and its checks are exercised)."""
        mode = self.settings.answer_mode
        if mode == "auto":
            provider = self.llm_spec.partition(":")[0].lower()
            return "generative" if capable_model(self.llm_spec) or provider == "fake" else "extractive"
        return mode

    def ask(self, question: str, workflow: str | None = None, history: list[tuple[str, str]] | None = None) -> Answer:
        return drain(self.ask_stream(question, workflow, history))

    def ask_stream(
        self,
        question: str,
        workflow: str | None = None,
        history: list[tuple[str, str]] | None = None,
        prior: tuple[str, str] | None = None,
        in_workflow: bool = False,
        verdict=UNCHECKED,
    ) -> Iterator[Event]:
        """One grounded answer. ``prior`` (the previous turn's prompt and raw reply) is replayed as
        real chat turns when it fits the window, so the model reuses its cached prefix; otherwise
        ``history`` is summarised into the prompt. ``in_workflow``: asked in the middle of a
        planning task (the guard weighs that context). ``verdict``: the guard's, when the caller
        has already checked the question."""
        started = time.perf_counter()
        question = self._clean_question(question)
        flow = self._workflow(workflow)
        if verdict is UNCHECKED:
            verdict = self.guard.check(question, in_workflow=in_workflow)
        if verdict and verdict.declined:
            yield Event("answer", answer=guarded(verdict, time.perf_counter() - started))
            return
        extract = self.answer_mode() == "extractive"
        # an extractive answer has no window to fit: it reads one more passage, and one more per document
        wide = (
            {"k": self.settings.top_k + 1, "max_per_doc": self.settings.max_chunks_per_doc + 1}
            if extract
            else {"k": self.settings.top_k}
        )
        hits = self._relevant(searched(self.retriever, question, flow, self.settings.min_similarity, **wide).hits)
        if verdict and not self.guard.covered_by_material(verdict, [h.similarity for h in hits]):
            yield Event("answer", answer=guarded(verdict, time.perf_counter() - started))
            return
        if extract:
            yield from self._extract(question, hits, started)
            return
        passages = self._passages(hits)
        yield Event("sources", passages=passages)
        note = self.prompts.message("workflow_note", title=flow.title) if flow else ""
        template = "answer" if passages else "no_context"
        prompt = self.prompts.render(template, documents=self._fence(passages), question=question, history="")
        if not (prior and self._fits(prior, prompt)):
            prior = None
            prompt = self.prompts.render(
                template, documents=self._fence(passages), question=question, history=self._history(history)
            )
        yield from self._generate(
            prompt,
            passages,
            ranked_documents(hits),
            started,
            system_note=note,
            echo_of=[question],
            prior=prior,
            question=question,
            hits=hits,
        )

    # --- extractive answers -------------------------------------------------------------------

    def _extract(self, question: str, hits: list[SearchHit], started: float, dropped: int = 0) -> Iterator[Event]:
        """The answer composed from the retrieved passages' own sentences (see :mod:`assistant.extractive`)."""
        passages = [
            Citation(n, h.doc_id, h.title, h.section, " ".join(h.text.split()), h.score, h.page)
            for n, h in enumerate(hits, 1)
        ]
        yield Event("sources", passages=passages)
        retrieved = ranked_documents(hits)
        if not passages:
            text = self.prompts.message("no_material_extractive", topic=_topic(question))
            yield Event("token", text=text)
            yield Event(
                "answer",
                answer=Answer(
                    text,
                    retrieved=retrieved,
                    grounded=False,
                    no_context=True,
                    mode="extractive",
                    ttft_s=time.perf_counter() - started,
                    total_s=time.perf_counter() - started,
                ),
            )
            return
        embeddings = self.retriever.embeddings
        items = extractive.candidates([(n, h.text) for n, h in enumerate(hits, 1)])
        vectors = _matrix(embeddings, [c.text for c in items])
        plain = self.guard.plain_material(vectors, [c.text for c in items])
        keep = [i for i, ok in enumerate(plain) if ok]
        items, vectors = [items[i] for i in keep], vectors[keep]
        query = np.asarray(embeddings.embed_query(question), dtype=float)
        relevance = {n: h.similarity or 0.0 for n, h in enumerate(hits, 1)}
        concrete = 1.0 - self._specificity().p_vague([c.text for c in items]) if items else None
        chosen = extractive.select(
            items, vectors, query, relevance, k=self.settings.answer_sentences, concrete=concrete
        )
        chosen = extractive.with_antecedents(items, chosen, limit=self.settings.answer_sentences + 1)
        text, cited = extractive.compose(extractive.ordered(items, chosen))
        if not text:
            text = self.prompts.message("extractive_empty")
        question_back = self._follow_up(query, {hits[n - 1].doc_id for n in cited})
        if question_back:
            text = f"{text}\n\n{self.prompts.message('follow_up', question=question_back)}"
        ttft = time.perf_counter() - started
        yield Event("token", text=text)
        yield Event(
            "answer",
            answer=Answer(
                text,
                citations=[passages[n - 1] for n in cited],
                retrieved=retrieved,
                passages=passages,
                ttft_s=ttft,
                total_s=time.perf_counter() - started,
                mode="extractive",
                dropped=dropped,
                follow_up=question_back or "",
            ),
        )

    def _follow_up(self, query: np.ndarray, prefer: set[str]) -> str | None:
        """The material's "Questions to ask" question closest to the leader's (from the quoted
        documents first), the questions embedded once per index version."""
        snapshot = self.retriever.index.snapshot()
        if snapshot is None:
            return None
        if self._questions is None or self._questions[0] != snapshot.version:
            pool = extractive.questions([(c.doc_id, c.section, c.text) for c in snapshot.chunks])
            vectors = _matrix(self.retriever.embeddings, [q for _, q in pool])
            self._questions = (snapshot.version, pool, vectors)
        _, pool, vectors = self._questions
        return extractive.follow_up(pool, vectors, query, prefer, floor=self.settings.follow_up_min_similarity)

    # --- helpers ----------------------------------------------------------------------------------

    def _specificity(self):
        """The specificity model (trained once per version of its examples file)."""
        from . import specificity

        return specificity.model(specificity.examples_path(self.settings.prompts_dir))

    def _workflow(self, name: str | None) -> Workflow | None:
        if not name:
            return None
        if name not in self.workflows:
            raise ValueError(f"unknown workflow '{name}'; use one of {', '.join(self.workflows)}")
        return self.workflows[name]

    @staticmethod
    def _clean_question(text: str) -> str:
        text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text or "").strip()
        if not text:
            raise ValueError("the question is empty")
        return text[:MAX_QUESTION_CHARS]

    def _relevant(self, hits: list[SearchHit]) -> list[SearchHit]:
        return [h for h in hits if h.similarity is not None and h.similarity >= self.settings.min_similarity]

    def _passages(self, hits: list[SearchHit]) -> list[Citation]:
        """Number the passages that fit the model's window, trimmed to a set length each."""
        budget = max(256, self.settings.context_size - self.settings.max_tokens - 350)
        passages: list[Citation] = []
        used = 0
        for hit in hits[: self.settings.context_chunks]:
            text = " ".join(hit.text.split())[: self.settings.chunk_chars_in_prompt]
            cost = self._tokens(text) + 20
            if passages and used + cost > budget:
                break
            used += cost
            passages.append(Citation(len(passages) + 1, hit.doc_id, hit.title, hit.section, text, hit.score, hit.page))
        return passages

    def _tokens(self, text: str) -> int:
        counter = getattr(self.llm, "count_tokens", None)
        return counter(text) if counter else len(text) // 4 + 1

    @staticmethod
    def _fence(passages: list[Citation]) -> str:
        return "\n".join(
            f'<document n="{p.n}" title="{html.escape(p.title)}" section="{html.escape(p.section)}">\n'
            f"{p.text.replace('</document>', '')}\n</document>"
            for p in passages
        )

    @staticmethod
    def _history(history: list[tuple[str, str]] | None) -> str:
        if not history:
            return ""
        lines = ["Earlier in this conversation:"]
        for role, text in history[-4:]:
            lines.append(f"{'Leader' if role == 'user' else 'Coach'}: {' '.join(text.split())[:300]}")
        return "\n".join(lines)

    def _fits(self, prior: tuple[str, str], prompt: str) -> bool:
        needed = self._tokens(self.prompts.system) + sum(self._tokens(t) for t in prior) + self._tokens(prompt) + 60
        return needed + self.settings.max_tokens <= self.settings.context_size

    def _generate(
        self,
        prompt: str,
        passages: list[Citation],
        retrieved: list[str],
        started: float,
        system_note: str = "",
        echo_of: list[str] | None = None,
        prior: tuple[str, str] | None = None,
        question: str = "",
        hits: list[SearchHit] | None = None,
    ) -> Iterator[Event]:
        """Stream the model's reply, retrying transient faults before the first token; then check
        every sentence (:func:`assistant.grounding.checked_answer`), drop those that fail, and fall
        back to the extractive answer when more fail than pass."""
        system = f"{self.prompts.system}\n{system_note}".strip()
        turns = [HumanMessage(prior[0]), AIMessage(prior[1])] if prior else []
        messages = [SystemMessage(system), *turns, HumanMessage(prompt)]
        parts: list[str] = []
        ttft = None
        for attempt in range(self.settings.retries + 1):
            try:
                for chunk in self.llm.stream(messages):
                    text = chunk.content if isinstance(chunk.content, str) else str(chunk.content)
                    if not text:
                        continue
                    if ttft is None:
                        ttft = time.perf_counter() - started
                    parts.append(text)
                    yield Event("token", text=text)
                break
            except Exception as exc:  # every provider raises its own types
                error = describe_failure(self.llm_spec, self.settings, exc)
                if parts or not error.transient or attempt == self.settings.retries:
                    message = self.prompts.message("model_failed", error=str(error))
                    yield Event(
                        "answer",
                        answer=Answer(
                            message,
                            retrieved=retrieved,
                            passages=passages,
                            error=str(error),
                            total_s=time.perf_counter() - started,
                        ),
                    )
                    return
                time.sleep(min(2.0, 0.25 * 2**attempt))
        raw = "".join(parts)
        if self.guard.leaks_system_prompt(raw):
            yield Event("answer", answer=guarded(self.guard.leak_refusal(), time.perf_counter() - started))
            return
        cleaned = clean_answer(raw, [p.text for p in passages], echo_of=[*(echo_of or []), system])
        text, dropped = cleaned.text, 0
        if not null_model(self.llm_spec):  # the eval's null models are scored as written
            text, checks = checked_answer(text, {p.n: p.text for p in passages}, question)
            dropped = sum(not c.kept for c in checks)
            if dropped and (dropped > sum(c.kept and c.checked for c in checks) or not text) and hits:
                for event in self._extract(question, hits, started, dropped=dropped):
                    if event.answer is not None:  # the model's turn stays replayable for its cached prefix
                        event.answer.prompt, event.answer.raw, event.answer.ttft_s = prompt, raw, ttft
                    if event.kind != "sources":
                        yield event
                return
        text = text or "I could not produce an answer to that; could you rephrase it?"
        if not passages:
            text = f"{self.prompts.message('no_material_note')} {text}"
        citations = [passages[n - 1] for n in cited_numbers(text) if 1 <= n <= len(passages)]
        yield Event(
            "answer",
            answer=Answer(
                text,
                citations=citations,
                retrieved=retrieved,
                grounded=bool(passages),
                dropped_citations=cleaned.dropped,
                passages=passages,
                ttft_s=ttft,
                total_s=time.perf_counter() - started,
                prompt=prompt,
                raw=raw,
                no_context=not passages,
                mode="generative",
                dropped=dropped,
            ),
        )
