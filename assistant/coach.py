"""One coaching turn: retrieve, prompt, stream, cite; and the guided workflows around it.

Data flows one way: question -> guard -> retrieval -> prompt -> model -> streamed answer with
citations -> session store. The CLI and the web app both drive :class:`Coach`; nothing here
knows about either.
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field
from typing import Iterator

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from .grounding import clean_answer
from .llm import ModelError, describe_failure
from .prompts import PromptLibrary
from .retrieval import SearchHit
from .review import RUBRIC_TITLES, Scorecard, review
from .workflows import Workflow, scaffold

MAX_QUESTION_CHARS = 4000
DRAFT_COMMANDS = re.compile(r"^\s*(draft|draft it|draft now|skip|go ahead|write it)\s*[.!]?\s*$", re.I)
DONE_COMMANDS = re.compile(r"^\s*(done|finish|finished|save|save it|keep it|looks good)\s*[.!]?\s*$", re.I)
OWN_DRAFT = re.compile(r"^\s*(my draft|draft|here is my draft|here's my draft)\s*:\s*", re.I)


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

    def public(self) -> dict:
        """The fields of ``coach ask --json``."""
        return {
            "answer": self.answer,
            "citations": [c.public() for c in self.citations],
            "retrieved": self.retrieved,
            "refused": self.refused,
        }

    def render(self, heading: str = "Sources") -> str:
        """The answer followed by its sources, as shown to a leader: the cited passages, or
        when the model cited none, the passages it was given."""
        listed = self.citations or self.passages
        if not listed:
            return self.answer
        if not self.citations:
            heading = f"{heading} consulted"
        lines = [f"[{c.n}] {c.title} — {c.section}" for c in listed]
        return f"{self.answer}\n\n{heading}:\n" + "\n".join(lines)


@dataclass
class Event:
    """A step of a streamed turn: ``sources`` (passages found), ``token`` (text), ``answer`` (final)."""

    kind: str
    text: str = ""
    answer: Answer | None = None
    passages: list[Citation] = field(default_factory=list)


def _first_sentence(text: str, limit: int = 220) -> str:
    """The first sentence of a passage, without Markdown list and emphasis marks."""
    plain = re.sub(r"^\s*(?:[-*]|\d+[.)])\s+", "", text.strip(), flags=re.M)
    plain = " ".join(plain.replace("**", "").replace("__", "").split())
    first = re.split(r"(?<=[.!?])\s", plain, maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def _doc_ids(hits: list[SearchHit]) -> list[str]:
    return list(dict.fromkeys(h.doc_id for h in hits))


class Coach:
    """Grounded answers and guided workflows over a retriever and a chat model."""

    def __init__(self, retriever, llm, prompts: PromptLibrary, workflows: dict[str, Workflow], settings, sessions=None, guard=None, llm_spec: str = ""):
        from .guard import Guard

        self.retriever = retriever
        self.llm = llm
        self.prompts = prompts
        self.workflows = workflows
        self.settings = settings
        self.sessions = sessions
        self.guard = guard or Guard(prompts)
        self.llm_spec = llm_spec or settings.llm

    # --- one grounded answer -----------------------------------------------------------------

    def ask(self, question: str, workflow: str | None = None, history: list[tuple[str, str]] | None = None) -> Answer:
        answer = None
        for event in self.ask_stream(question, workflow, history):
            if event.kind == "answer":
                answer = event.answer
        return answer

    def ask_stream(self, question: str, workflow: str | None = None, history: list[tuple[str, str]] | None = None,
                   prior: tuple[str, str] | None = None) -> Iterator[Event]:
        """One grounded answer. ``prior`` (the previous turn's prompt and raw reply) is replayed as
        real chat turns when it fits the window, so the model reuses its cached prefix; otherwise
        ``history`` is summarised into the prompt."""
        started = time.perf_counter()
        question = self._clean_question(question)
        flow = self._workflow(workflow)
        refusal = self.guard.check(question)
        if refusal:
            yield Event("answer", answer=Answer(refusal.message, refused=True, refusal_category=refusal.category, total_s=time.perf_counter() - started))
            return
        query = f"{question} {flow.retrieval_hint}" if flow else question
        hits = self._relevant(self.retriever.search(query, k=self.settings.top_k, themes=tuple(flow.themes) if flow else ()))
        if flow and not hits:  # the workflow's themes found nothing: search everything
            hits = self._relevant(self.retriever.search(question, k=self.settings.top_k))
        passages = self._passages(hits)
        yield Event("sources", passages=passages)
        note = self.prompts.message("workflow_note", title=flow.title) if flow else ""
        template = "answer" if passages else "no_context"
        prompt = self.prompts.render(template, documents=self._fence(passages), question=question, history="")
        if not (prior and self._fits(prior, prompt)):
            prior = None
            prompt = self.prompts.render(template, documents=self._fence(passages), question=question, history=self._history(history))
        yield from self._generate(prompt, passages, _doc_ids(hits), started, system_note=note, echo_of=[question], prior=prior)

    # --- guided workflows with a persisted session -------------------------------------------

    def start(self, workflow: str | None = None, session_id: str | None = None) -> tuple[str, str]:
        """Open (or switch) a session to a workflow; returns the session id and the coach's opening."""
        flow = self._workflow(workflow)
        state = {"workflow": flow.name if flow else None, "stage": "understand" if flow else None, "q": 0, "answers": {}, "draft": "", "draft_citations": []}
        if session_id is None:
            session_id = self.sessions.create(title=flow.section_title if flow else "Free questions", state=state).id
        else:
            previous = self.sessions.get(session_id).state
            state["answers"] = previous.get("answers_by_workflow", {}).get(state["workflow"], {}) if flow else {}
            state["answers_by_workflow"] = previous.get("answers_by_workflow", {})
            self.sessions.save_state(session_id, state)
        if not flow:
            opening = self.prompts.message("free_intro")
        else:
            opening = f"{self.prompts.message('workflow_intro', title=flow.title)}\n\n{flow.questions[0].ask}"
        self.sessions.add_message(session_id, "assistant", opening, {"workflow": state["workflow"]})
        return session_id, opening

    def turn(self, session_id: str, message: str) -> Answer:
        answer = None
        for event in self.turn_stream(session_id, message):
            if event.kind == "answer":
                answer = event.answer
        return answer

    def turn_stream(self, session_id: str, message: str) -> Iterator[Event]:
        """One leader message in a session: persisted first, answered, the reply persisted."""
        message = self._clean_question(message)
        session = self.sessions.get(session_id)
        state = dict(session.state)
        earlier = self.sessions.messages(session_id)  # read once per turn
        history, prior = self._session_history(earlier), self._prior(earlier)
        self.sessions.add_message(session_id, "user", message)
        flow = self._workflow(state.get("workflow"))
        refusal = self.guard.check(message)
        if refusal:
            answer = Answer(refusal.message, refused=True, refusal_category=refusal.category)
            self._record(session_id, answer)
            yield Event("answer", answer=answer)
            return
        stage = state.get("stage")
        if not flow or stage in (None, "done"):
            final = yield from self._relay(self.ask_stream(message, flow.name if flow else None, history, prior))
        elif stage == "understand" and not DRAFT_COMMANDS.match(message) and not self._gather(session_id, state, flow, message):
            final = Answer(flow.questions[state["q"]].ask)
        elif stage == "refine" and DONE_COMMANDS.match(message):
            final = self._save_section(session_id, state, flow)
        elif stage == "refine":
            final = yield from self._relay(self._refine(session_id, state, flow, message))
        else:
            state["stage"] = "draft"
            self.sessions.save_state(session_id, state)
            final = yield from self._relay(self._draft(session_id, state, flow))
        self._record(session_id, final)
        yield Event("answer", answer=final)

    def _relay(self, events: Iterator[Event]):
        """Pass streamed events through and return the final answer instead of yielding it."""
        final = None
        for event in events:
            if event.kind == "answer":
                final = event.answer
            else:
                yield event
        return final

    def _record(self, session_id: str, answer: Answer) -> None:
        meta = {
            "citations": [c.__dict__ for c in answer.citations],
            "passages": [c.__dict__ for c in answer.passages],
            "refused": answer.refused,
            "error": answer.error,
            "scorecard": answer.scorecard,
            "prompt": answer.prompt,
            "raw": answer.raw,
        }
        self.sessions.add_message(session_id, "assistant", answer.render(self.prompts.message("sources_heading")), meta)

    def _gather(self, session_id: str, state: dict, flow: Workflow, message: str) -> bool:
        """Record the answer to the current question; True when every question is answered."""
        q = min(state.get("q", 0), len(flow.questions) - 1)
        state.setdefault("answers", {})[flow.questions[q].key] = message
        state.setdefault("answers_by_workflow", {})[flow.name] = state["answers"]
        state["q"] = q + 1
        self.sessions.save_state(session_id, state)
        return state["q"] >= len(flow.questions)

    def _draft(self, session_id: str, state: dict, flow: Workflow) -> Iterator[Event]:
        answers = state.get("answers", {})
        draft = scaffold(flow, answers)
        query = " ".join([flow.retrieval_hint, *answers.values()])[:1000]
        hits = self._relevant(self.retriever.search(query, k=self.settings.top_k, themes=tuple(flow.themes)))
        passages = self._passages(hits)
        yield Event("sources", passages=passages)
        intro = self.prompts.message("draft_ready", section_title=flow.section_title.lower())
        if self.settings.draft_mode != "model":
            yield from self._critique(session_id, state, flow, Answer(draft, retrieved=_doc_ids(hits), passages=passages), intro)
            return
        prompt = self.prompts.render(
            "draft", documents=self._fence(passages) or "(none)", answers=draft,
            section_title=flow.section_title.lower(), draft_instructions=flow.draft_instructions,
        )
        yield from self._reviewed(session_id, state, flow, prompt, passages, hits, intro)

    def _refine(self, session_id: str, state: dict, flow: Workflow, message: str) -> Iterator[Event]:
        if OWN_DRAFT.match(message) or message.count("\n") >= 2:
            draft = OWN_DRAFT.sub("", message).strip()
            yield Event("sources", passages=[])
            yield from self._critique(session_id, state, flow, Answer(draft), "Here is how your draft scores.")
            return
        scorecard = review(state.get("draft") or message, flow.rubric)
        findings = "\n".join(f"- {c.advice}" for c in scorecard.failed) or "- none"
        hits = self._relevant(self.retriever.search(f"{message} {flow.retrieval_hint}", k=self.settings.top_k, themes=tuple(flow.themes)))
        passages = self._passages(hits)
        yield Event("sources", passages=passages)
        prompt = self.prompts.render(
            "refine", documents=self._fence(passages) or "(none)", draft=state.get("draft", ""), findings=findings, request=message
        )
        yield from self._reviewed(session_id, state, flow, prompt, passages, hits, "Here is the revised draft:")

    def _reviewed(self, session_id, state, flow, prompt, passages, hits, intro) -> Iterator[Event]:
        draft = None
        for event in self._generate(prompt, passages, _doc_ids(hits), time.perf_counter()):
            if event.kind == "answer":
                draft = event.answer
            else:
                yield event
        if draft.error:
            yield Event("answer", answer=draft)
            return
        yield from self._critique(session_id, state, flow, draft, intro)

    def _critique(self, session_id: str, state: dict, flow: Workflow, draft: Answer, intro: str) -> Iterator[Event]:
        """Score the draft with the workflow's rubric and point to cases for what fails."""
        scorecard: Scorecard = review(draft.answer, flow.rubric)
        state.update(stage="refine", draft=draft.answer, draft_citations=[c.__dict__ for c in draft.citations], scorecard=scorecard.as_dict())
        self.sessions.save_state(session_id, state)
        citations = list(draft.citations)
        lines = [intro, "", draft.answer, "", self.prompts.message("critique_heading", rubric_title=RUBRIC_TITLES[flow.rubric], score=f"{scorecard.score:.0%}")]
        lines += [f"- {line}" for line in scorecard.lines()]
        if scorecard.failed:
            query = " ".join([draft.answer[:300]] + [c.advice for c in scorecard.failed[:2]])
            cases = self._relevant(self.retriever.search(query, k=2, kind="case-study", max_per_doc=1))
            if cases:
                lines += ["", self.prompts.message("examples_heading")]
                for hit in cases:
                    n = len(citations) + 1
                    citations.append(Citation(n, hit.doc_id, hit.title, hit.section, hit.text, hit.score, hit.page))
                    lines.append(f"- {hit.title} ({hit.section}): {_first_sentence(hit.text)} [{n}]")
        else:
            lines += ["", self.prompts.message("all_passed")]
        lines += ["", self.prompts.message("critique_close")]
        yield Event("answer", answer=Answer("\n".join(lines), citations=citations, retrieved=draft.retrieved,
                                            passages=draft.passages, ttft_s=draft.ttft_s, total_s=draft.total_s,
                                            scorecard=scorecard.as_dict()))

    def _save_section(self, session_id: str, state: dict, flow: Workflow) -> Answer:
        self.sessions.save_section(session_id, flow.name, state.get("draft", ""), state.get("scorecard", {}), state.get("draft_citations", []))
        state["stage"] = "done"
        self.sessions.save_state(session_id, state)
        return Answer(self.prompts.message("section_saved", section_title=flow.section_title))

    # --- helpers ----------------------------------------------------------------------------------

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
        passages, used = [], 0
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

    @staticmethod
    def _prior(messages) -> tuple[str, str] | None:
        """The previous model exchange, when the session's last reply came from the model."""
        if messages and messages[-1].role == "assistant":
            meta = messages[-1].meta
            if meta.get("prompt") and meta.get("raw"):
                return meta["prompt"], meta["raw"]
        return None

    def _fits(self, prior: tuple[str, str], prompt: str) -> bool:
        needed = self._tokens(self.prompts.system) + sum(self._tokens(t) for t in prior) + self._tokens(prompt) + 60
        return needed + self.settings.max_tokens <= self.settings.context_size

    @staticmethod
    def _session_history(messages) -> list[tuple[str, str]]:
        first_user = next((i for i, m in enumerate(messages) if m.role == "user"), len(messages))
        return [(m.role, m.content) for m in messages[first_user:][-4:]]

    def _generate(self, prompt: str, passages: list[Citation], retrieved: list[str], started: float,
                  system_note: str = "", echo_of: list[str] | None = None, prior: tuple[str, str] | None = None) -> Iterator[Event]:
        """Stream the model's reply, retrying transient faults before the first token."""
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
                    yield Event("answer", answer=Answer(message, retrieved=retrieved, passages=passages, error=str(error),
                                                        total_s=time.perf_counter() - started))
                    return
                time.sleep(min(2.0, 0.25 * 2 ** attempt))
        raw = "".join(parts)
        if self.guard.leaks_system_prompt(raw):
            refusal = self.guard.leak_refusal()
            yield Event("answer", answer=Answer(refusal.message, refused=True, refusal_category=refusal.category, total_s=time.perf_counter() - started))
            return
        cleaned = clean_answer(raw, [p.text for p in passages], echo_of=[*(echo_of or []), system])
        text = cleaned.text or "I could not produce an answer to that; could you rephrase it?"
        if not passages:
            text = f"{self.prompts.message('no_material_note')} {text}"
        citations = [passages[n - 1] for n in cleaned.cited]
        yield Event("answer", answer=Answer(
            text, citations=citations, retrieved=retrieved, grounded=bool(passages), dropped_citations=cleaned.dropped,
            passages=passages, ttft_s=ttft, total_s=time.perf_counter() - started, prompt=prompt, raw=raw,
        ))
