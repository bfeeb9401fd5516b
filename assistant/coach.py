"""The coach: sessions, guided workflows and free questions, for the CLI and the web app alike.

A leader's message is persisted, checked by the guard, then either answered as a free question
(:class:`assistant.answers.GroundedAnswerer`) or passed with the session's typed state to the
pure interview step (:func:`assistant.interview.step`). The coach carries the step out: it asks
the next question (with indicators fitted to the leader's service), probes, composes the draft
from the slots (:mod:`assistant.drafting`), scores it, points to relevant cases with the reason,
and saves the section. Nothing a leader keeps depends on a language model; a capable model may
polish a draft, and its rewrite is kept only when it passes the checks.
"""

from __future__ import annotations

import re
import time
from collections.abc import Generator, Iterator
from dataclasses import replace
from pathlib import Path
from string import Template

from langchain_core.messages import HumanMessage, SystemMessage

from . import elements
from .answers import UNCHECKED, Answer, Citation, Event, GroundedAnswerer, drain, guarded
from .drafting import PLACEHOLDER, check_rewrite, compose
from .help import HelpDesk
from .interview import (
    Stage,
    Step,
    WorkflowState,
    answers_the_question,
    changes_the_draft,
    points_back,
    start,
    step,
)
from .llm import capable_model
from .retrieval import SearchHit
from .review import RUBRIC_TITLES
from .workflows import Workflow

UNIT_HINTS = {
    "%": "as a percentage",
    "per 1,000": "as a rate per 1,000",
    "per 10,000": "as a rate per 10,000",
    "per 100,000": "as a rate per 100,000",
    "days": "in days",
    "weeks": "in weeks",
    "minutes": "in minutes",
    "hours": "in hours",
    "GBP": "in pounds",
    "score": "as a score",
}
TARGET_EXAMPLES = {
    "%": "75% by March 2028",
    "per 1,000": "3.5 per 1,000 by March 2028",
    "per 10,000": "40 per 10,000 by March 2028",
    "per 100,000": "120 per 100,000 by March 2028",
    "days": "28 days by March 2028",
    "weeks": "6 weeks by March 2028",
    "minutes": "8 minutes by March 2028",
    "hours": "4 hours by March 2028",
}
_INDICATOR_QUESTION = re.compile(
    r"\b(indicators?|measures?|kpis?|metrics?|measure (?:it|this|success|progress)|track (?:it|this|progress))\b", re.I
)


# Case-study passages read to match a leader's plan to what each case did: every passage of a corpus of up
# to about forty case studies, so each case's "What was done" is among them.
CASE_PASSAGES = 400


class Coach:
    """Guided workflows with a persisted session, and free questions, over one core."""

    def __init__(
        self,
        retriever,
        llm,
        prompts,
        workflows: dict[str, Workflow],
        settings,
        sessions=None,
        guard=None,
        llm_spec: str = "",
        indicators=None,
        element_detector=None,
    ):
        self.answerer = GroundedAnswerer(retriever, llm, prompts, workflows, settings, guard=guard, llm_spec=llm_spec)
        self.retriever = retriever
        self.llm = llm
        self.prompts = prompts
        self.workflows = workflows
        self.settings = settings
        self.sessions = sessions
        self.guard = self.answerer.guard
        self.llm_spec = self.answerer.llm_spec
        self.indicators = indicators
        self.element_detector = element_detector  # elements of an answer recognised by meaning (optional)
        self.help = HelpDesk(Path(prompts.folder) / "help.yaml", retriever.embeddings)  # questions about the coach

    # --- free questions ------------------------------------------------------------------------------

    def ask(self, question: str, workflow: str | None = None, history: list[tuple[str, str]] | None = None) -> Answer:
        return drain(self.ask_stream(question, workflow, history))

    def ask_stream(
        self,
        question: str,
        workflow: str | None = None,
        history=None,
        prior=None,
        in_workflow: bool = False,
        verdict=UNCHECKED,
    ) -> Iterator[Event]:
        """A free question answered from the material; a question about the coach itself ('can I export
        this?') gets its help answer, as in a chat. A caller that has checked the question passes the
        guard's ``verdict`` and has looked for a help answer already."""
        if verdict is UNCHECKED:
            question = self.answerer._clean_question(question)
            verdict = self.guard.check(question, in_workflow=in_workflow)
            entry = self._help(question, verdict)
            if entry is not None:
                return iter([Event("answer", answer=Answer(entry.answer, kind="help"))])
        return self.answerer.ask_stream(question, workflow, history, prior, in_workflow, verdict)

    # --- sessions ------------------------------------------------------------------------------------

    def start(
        self, workflow: str | None = None, session_id: str | None = None, token: str | None = None
    ) -> tuple[str, str]:
        """Open (or switch) a session to a workflow; returns the session id and the coach's opening.
        A new session is bound to ``token`` when one is given (the web app's session token)."""
        flow = self.answerer._workflow(workflow)
        previous = WorkflowState.from_dict(self.sessions.get(session_id).state) if session_id else None
        state = start(flow, previous)
        if session_id is None:
            session_id = self.sessions.create(
                title=flow.section_title if flow else "Free questions", state=state.to_dict(), token=token
            ).id
        if not flow:
            opening = self.prompts.message("free_intro")
        else:
            question = self._question_text(flow, state, flow.questions[0].key)
            opening = f"{self.prompts.message('workflow_intro', title=flow.title)}\n\n{question}"
        self.sessions.save_state(session_id, state.to_dict())
        self.sessions.add_message(session_id, "assistant", opening, {"workflow": state.workflow, "kind": "question"})
        return session_id, opening

    def turn(self, session_id: str, message: str) -> Answer:
        return drain(self.turn_stream(session_id, message))

    def turn_stream(self, session_id: str, message: str) -> Iterator[Event]:
        """One leader message in a session: persisted first, answered, the reply persisted."""
        message = self.answerer._clean_question(message)
        session = self.sessions.get(session_id)
        state = WorkflowState.from_dict(session.state)
        earlier = self.sessions.messages(session_id)  # read once per turn
        history, prior = _session_history(earlier), _prior(earlier)
        self.sessions.add_message(session_id, "user", message)
        flow = self.workflows.get(state.workflow or "")
        free = flow is None or state.stage in (Stage.FREE, Stage.DONE)
        verdict = self.guard.check(message, in_workflow=not free)
        if (
            verdict
            and verdict.source == "classifier"
            and verdict.category == "off_topic"
            and flow
            and (answers_the_question(flow, state, message) or changes_the_draft(flow, state, message))
        ):
            verdict = None  # the answer the question asked for (or a change to the draft), in words that read as
            # off topic: recorded, not sent to a model
        if verdict and flow and state.stage == Stage.INTERVIEW and points_back(message):
            verdict = None  # 'I gave you that already - it's in my last message': not about the coach's instructions
        # Only a confident decline interrupts a planning task. A borderline message there is most likely
        # the leader's answer to the coach's question, in their own words ("some email their councillor"):
        # asking whether it is fair dealing would leave the question unanswered and every later answer one
        # question out. A question asked there is checked again, and settled with the material, when answered.
        entry = self._help(message, verdict) if free else None
        if verdict and verdict.declined and not free and self._help(message, verdict):
            verdict = None  # a question about the coach, asked in a task: answered there, then the task goes on
        if entry is not None:
            final = Answer(entry.answer, kind="help")
        elif verdict and verdict.declined:
            final = guarded(verdict)
        elif free:
            final = yield from _relay(
                self.ask_stream(message, flow.name if flow else None, history, prior, verdict=verdict)
            )
        else:
            assert flow is not None  # not free: the session is in a workflow
            with elements.using(self.element_detector):
                next_step = step(flow, state, message)
            final = yield from self._carry_out(session_id, flow, next_step)
        self._record(session_id, final)
        yield Event("answer", answer=final)

    def view(self, session_id: str) -> dict:
        """What the app shows beside the chat: progress, the section being drafted, its scorecard,
        and each placeholder with the question that fills it."""
        state = WorkflowState.from_dict(self.sessions.get(session_id).state)
        flow = self.workflows.get(state.workflow or "")
        if flow is None:
            return {"workflow": None, "progress": "", "draft": "", "scorecard": {}, "to_confirm": []}
        if state.stage == Stage.INTERVIEW:
            progress = f"Question {min(state.q, len(flow.questions) - 1) + 1} of {len(flow.questions)}"
            draft = self._compose(flow, state)
        else:
            progress = "Saved to your plan" if state.stage == Stage.DONE else "Refining the draft"
            draft = state.draft
        to_confirm = [
            {
                "key": k,
                "label": flow.question(k).label,
                "placeholder": flow.question(k).placeholder,
                "question": self._question_text(flow, state, k),
            }
            for k in state.placeholders(flow)
            if state.stage != Stage.INTERVIEW or flow.keys.index(k) < state.q
        ]
        scorecard = state.scorecard if state.stage != Stage.INTERVIEW else self.review_draft(flow, draft).as_dict()
        return {
            "workflow": flow.name,
            "section_title": flow.section_title,
            "progress": progress,
            "draft": draft,
            "scorecard": scorecard,
            "to_confirm": to_confirm,
        }

    # --- carrying out a step -----------------------------------------------------------------------

    def _carry_out(self, session_id: str, flow: Workflow, next_step: Step) -> Generator[Event, None, Answer]:
        state, action = next_step.state, next_step.action
        if action in ("ask", "probe"):
            asked = self._question_text(flow, state, next_step.key) if action == "ask" else ""
            text = self._with_remarks(flow, next_step, asked or self._fill(flow, state, next_step.text))
            verdict = self.guard.check(next_step.passed) if next_step.passed else None
            word = self._passed(next_step.passed, verdict)
            if word is None:  # a planning question asked before the answer: answered as one asked on the side
                final = yield from self._answer_within(
                    flow, state, next_step.passed, aside=True, follow=text, verdict=verdict
                )
            else:
                final = Answer(word + text, kind="question" if action == "ask" else "probe")
        elif action == "answer_question":
            final = yield from self._answer_within(flow, state, next_step.text, aside=next_step.aside)
        elif action in ("draft", "redraft", "review_own"):
            final = yield from _relay(self._draft(flow, state, next_step))
            if next_step.save:  # 'done' said to the last follow-up: shown and saved at once
                self.sessions.save_section(session_id, flow.name, state.draft, state.scorecard, state.citations)
                saved = self.prompts.message("draft_saved", section_title=flow.section_title)
                final = replace(final, answer=f"{final.answer}\n\n{saved}")
        elif action == "save":
            self._remember(flow, state)
            self.sessions.save_section(session_id, flow.name, state.draft, state.scorecard, state.citations)
            final = Answer(self.prompts.message("section_saved", section_title=flow.section_title), kind="saved")
        else:  # clarify
            final = Answer(self.prompts.message("clarify", example=self._edit_example(flow)), kind="clarify")
        self.sessions.save_state(session_id, state.to_dict())
        return final

    def _help(self, question: str, verdict):
        """The help entry for a question about the coach that the guard let through, was unsure of, or declined in a
        category such a question can be mistaken for (then only on a clear match); None otherwise."""
        if not _may_be_help(verdict):
            return None
        return self.help.match(question, over_a_decline=bool(verdict and verdict.declined))

    def _passed(self, question: str, verdict) -> str | None:
        """A word on a question the leader asked before answering ('Quick question before I answer: can I open this on
        my phone later?'): its help answer when it is about the coach, a word when it is off the subject or declined
        ('' with no question); the text and a break, or None for a planning question, to be answered as one asked on
        the side of the answer. ``verdict``: the guard's on the question."""
        if not question:
            return ""
        entry = self._help(question, verdict)
        if entry is not None:
            return f"{entry.answer}\n\n"
        if verdict and verdict.declined:
            return f"{self.prompts.message('aside_left')}\n\n" if verdict.category == "off_topic" else ""
        return None

    def _with_remarks(self, flow: Workflow, step: Step, text: str) -> str:
        """``text`` after what the coach did on the way to it: a question skipped, a placeholder kept,
        questions passed over because an earlier message answered them, a message added to the
        previous answer, an earlier message kept as part of the answer to this one, or an earlier answer put
        right."""
        remarks = [self.prompts.message(f"{step.note}_note")] if step.note else []
        if step.kept:
            remarks.append(self.prompts.message("kept_note", labels="; ".join(step.kept).lower()))
        if step.added:
            remarks.append(self.prompts.message("added_note", label=step.added.lower()))
        if step.partial:
            remarks.append(self.prompts.message("partial_note", label=step.partial.lower()))
        if step.edits and step.action in ("ask", "probe"):  # an earlier answer put right before this one
            names = list(dict.fromkeys(flow.question(e.key).label.lower() for e in step.edits))
            labels = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
            remarks.append(self.prompts.message("changed_note", labels=labels))  # 'baseline and target'

        return "\n\n".join([" ".join(remarks), text]) if remarks else text

    def _answer_within(
        self,
        flow: Workflow,
        state: WorkflowState,
        question: str,
        aside: bool = False,
        follow: str = "",
        verdict=UNCHECKED,
    ) -> Generator[Event, None, Answer]:
        """A question asked inside a workflow: answered (or declined), then the conversation picks up where it was
        (with ``follow``, when the caller has the coach's next words; else the question being asked, or a word that
        the draft is unchanged). A question put on the side of an answer is weighed by the guard as a question on
        its own (the task's context makes an answer likelier, not a question on the side), is answered from the
        material only when a passage is clearly on it, and is otherwise left with a word, like one off the
        subject."""
        if verdict is UNCHECKED:  # a caller that has checked the question passes the guard's verdict
            verdict = self.guard.check(question, in_workflow=not aside)
        if aside and verdict is None:
            verdict = self.guard.unsure()  # 'do you know if the TGV will reach Marrakech by 2030?': not G-Cloud terms
        entry = self._help(question, verdict)
        if entry is not None:
            answer = Answer(entry.answer, kind="help")
        elif _INDICATOR_QUESTION.search(question) and self.indicators is not None:
            answer = self._indicator_answer(flow, state, question)
            yield Event("sources", passages=answer.passages)
        elif aside and verdict and verdict.category == "off_topic" and verdict.source != "context":
            answer = Answer(self.prompts.message("aside_left"), kind="aside")
        else:
            answer = yield from _relay(self.ask_stream(question, flow.name, in_workflow=not aside, verdict=verdict))
            if aside and answer.kind == "scope_check":
                answer = Answer(self.prompts.message("aside_left"), kind="aside")
        if answer.error:
            return answer
        if state.stage == Stage.INTERVIEW:
            question = follow or self._question_text(flow, state, flow.questions[state.q].key)
            follow = f"{self.prompts.message('back_to_plan')} {question}"
        else:
            follow = self.prompts.message("draft_unchanged")
        answer.answer = f"{answer.answer}\n\n{follow}"  # declined too: an answer taken before it is not lost
        if not answer.refused:
            answer.kind = "answer"
        return answer

    def _indicator_picks(self, context: str) -> list:
        settings = self.settings
        return self.indicators.suggest(
            context, k=3, floor=settings.indicator_min_similarity, margin=settings.indicator_margin
        )

    def _indicator_answer(self, flow: Workflow, state: WorkflowState, question: str) -> Answer:
        context = " ".join([state.answers.get("service", ""), state.answers.get("problem", ""), question])
        picks = self._indicator_picks(context)
        if not picks:
            return Answer(self.prompts.message("no_suggestions"))
        citations, lines = [], [self.prompts.message("indicator_answer")]
        for n, (ind, _) in enumerate(picks, 1):
            citations.append(_indicator_citation(n, ind.as_dict()))
            lines.append(f"- {ind.indicator[0].upper() + ind.indicator[1:]}: {ind.definition} ({ind.framework}) [{n}]")
        return Answer(
            "\n".join(lines), citations=citations, passages=citations, retrieved=[c.doc_id for c in citations]
        )

    # --- questions -------------------------------------------------------------------------------------

    def _question_text(self, flow: Workflow, state: WorkflowState, key: str) -> str:
        question = flow.question(key)
        if "$suggestions" in question.ask and not state.suggestions:
            state.suggestions = self._suggest_indicators(state)
        return self._fill(flow, state, question.ask)

    def _fill(self, flow: Workflow, state: WorkflowState, text: str) -> str:
        indicator = state.indicator or {}
        unit = indicator.get("unit", "")
        values = {
            "suggestions": self._suggestion_text(state),
            "indicator": f"'{indicator['indicator']}'" if indicator.get("indicator") else "your measure",
            "unit_hint": UNIT_HINTS.get(unit, "a count or a rate"),
            "data_source": indicator.get("data_source") or "your service's own records",
            "target_example": TARGET_EXAMPLES.get(unit, "from 4.1 to 1.5 per 1,000 by March 2028"),
        }
        return re.sub(r"\s{2,}", " ", Template(text).safe_substitute(values)).strip()

    def _suggest_indicators(self, state: WorkflowState) -> list[dict]:
        if self.indicators is None:
            return []
        context = " ".join(state.answers.get(k, "") for k in ("service", "problem")).strip()
        picks = self._indicator_picks(context) if context else []
        return [ind.as_dict() for ind, _ in picks]

    def _suggestion_text(self, state: WorkflowState) -> str:
        if not state.suggestions:
            return self.prompts.message("no_suggestions")
        items = [f"({n}) {s['indicator']} — {s['framework']}" for n, s in enumerate(state.suggestions, 1)]
        return f"{self.prompts.message('suggestions_intro')} " + "; ".join(items) + "."

    # --- drafts ------------------------------------------------------------------------------------------

    def _draft(self, flow: Workflow, state: WorkflowState, next_step: Step) -> Iterator[Event]:
        started = time.perf_counter()
        if next_step.action == "review_own":
            draft, intro = next_step.text, self.prompts.message("draft_own")
        else:
            draft = self._compose(flow, state)
            if next_step.edits:
                # the parts by their labels in the draft: 'I changed "Delivered with".'
                changed = ", ".join(dict.fromkeys(f'"{flow.question(e.key).label}"' for e in next_step.edits))
                intro = self.prompts.message("draft_revised", changed=changed)
                emptied = [e for e in next_step.edits if e.mode == "remove" and not state.answers.get(e.key)]
                if emptied:  # what was taken out was all the part held
                    labels = ", ".join(dict.fromkeys(f'"{flow.question(e.key).label}"' for e in emptied))
                    intro = self.prompts.message("draft_emptied", labels=labels)
            elif next_step.note == "so_far":  # a look midway: the interview goes on after it
                intro = self.prompts.message("draft_so_far")
            elif state.draft:
                intro = self.prompts.message("draft_recomposed")
            else:
                intro = self.prompts.message("draft_ready", section_title=flow.section_title.lower())
        citations: list[Citation] = []
        if state.indicator.get("source") and next_step.action != "review_own" and "indicator" not in state.missing:
            citations.append(_indicator_citation(1, state.indicator))
        cases = self._cases(flow, state, draft)
        yield Event("sources", passages=citations + [c for c, _ in cases])
        note = ""
        if next_step.action != "review_own" and self._model_drafting():
            draft, note = self._rewrite(flow, state, draft, citations)
        scorecard = self.review_draft(flow, draft)
        lines = [
            intro,
            "",
            draft,
            "",
            self.prompts.message(
                "critique_heading", rubric_title=RUBRIC_TITLES[flow.rubric], score=f"{scorecard.score:.0%}"
            ),
        ]
        lines += [f"- {line}" for line in scorecard.lines()]
        marked = bool(PLACEHOLDER.search(draft))
        open_keys = state.placeholders(flow) if marked else []
        if not scorecard.failed:  # a mark left to settle is not 'every check passes'
            lines += ["", self.prompts.message("marked_to_settle" if marked else "all_passed")]
        example = self._edit_example(flow, open_keys)
        if next_step.note == "so_far":  # the questions still to come are asked in turn, not listed
            open_keys = []
        if open_keys:
            lines += ["", self.prompts.message("still_to_confirm", example=example)]
            lines += [f"- {flow.question(k).label}: {self._question_text(flow, state, k)}" for k in open_keys]
        if cases:
            lines += ["", self.prompts.message("examples_heading")]
            for n, (case, reason) in enumerate(cases, len(citations) + 1):
                case.n = n
                lines.append(f"- {case.title}: {reason} [{n}]")
            citations += [c for c, _ in cases]
        else:
            lines += ["", self.prompts.message("no_cases")]
        if note:
            lines += ["", note]
        if next_step.note == "so_far":
            question = self._question_text(flow, state, next_step.key)
            lines += ["", self.prompts.message("so_far_close", question=question)]
        else:
            lines += ["", self.prompts.message("critique_close", example=example)]
        state.draft, state.scorecard = draft, scorecard.as_dict()
        state.citations = [c.__dict__ for c in citations]
        self._remember(flow, state)
        yield Event(
            "answer",
            answer=Answer(
                "\n".join(lines),
                citations=citations,
                passages=citations,
                retrieved=[c.doc_id for c in citations],
                scorecard=scorecard.as_dict(),
                total_s=time.perf_counter() - started,
                kind="draft",
            ),
        )

    def _cases(self, flow: Workflow, state: WorkflowState, draft: str) -> list[tuple[Citation, str]]:
        """Case studies close to the leader's whole context, each with the sentence that makes it
        relevant. Dense similarity of the leader's answers to what each case did (its passages under
        the ``case_match_section`` heading, else its best passage); a case is suggested above the
        floor, a second one only when nearly as close as the first (floor and margin chosen by
        cross-validation over the conversation cases: see the README)."""
        context = " ".join(state.answers.get(k, "") for k in flow.keys).strip() or draft[:600]
        passages = self.retriever.search(context, k=CASE_PASSAGES, mode="dense", kind="case-study", max_per_doc=0)
        hits = _by_what_was_done(passages, self.settings.case_match_section)
        floor, margin = self.settings.case_min_similarity, self.settings.case_margin
        if not hits or hits[0].similarity < floor:
            return []
        chosen = [h for h in hits[:2] if h.similarity >= floor and h.similarity >= hits[0].similarity - margin]
        return [
            (Citation(0, h.doc_id, h.title, h.section, h.text, h.score, h.page), self._reason(context, h.text))
            for h in chosen
        ]

    def _reason(self, context: str, text: str) -> str:
        """The sentence of a passage closest in meaning to the leader's context."""
        import numpy as np

        plain = re.sub(r"^\s*(?:[-*]|\d+[.)])\s+", "", text, flags=re.M).replace("**", "")
        sentences = [
            s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(plain.split())) if 40 <= len(s.strip()) <= 320
        ]
        if not sentences:
            return " ".join(plain.split())[:200]
        embeddings = self.retriever.embeddings
        vectors = np.asarray(embeddings.embed_documents(sentences), dtype="float32")
        query = np.asarray(embeddings.embed_query(context), dtype="float32")
        return sentences[int(np.argmax(vectors @ query))]

    def _compose(self, flow: Workflow, state: WorkflowState) -> str:
        """The draft from the leader's answers, leaving out what the remark reader reads as said in passing."""
        with elements.using(self.element_detector):
            return compose(flow, state)

    def review_draft(self, flow: Workflow, draft: str):
        """The workflow's rubric on ``draft``, reading parts by meaning as the interview does, so a part
        the interview took in the leader's own words is not marked missing."""
        with elements.using(self.element_detector):
            return flow.review(draft)

    def review(self, draft: str, rubric: str):
        """A pasted draft scored against a workflow's rubric or a rubric by name (``coach review``, the
        app's Review tab and its API), reading parts by meaning as the coach's own scorecard does.
        Raises :class:`~assistant.review.UnknownRubric` naming the known rubrics for an unknown name."""
        from .review import review

        flow = self.workflows.get(rubric)
        if flow is not None:
            return self.review_draft(flow, draft)
        with elements.using(self.element_detector):
            return review(draft, rubric)

    def _model_drafting(self) -> bool:
        mode = self.settings.model_drafting
        if mode == "auto":
            return capable_model(self.llm_spec)
        return mode == "on"

    def _rewrite(self, flow: Workflow, state: WorkflowState, draft: str, citations: list[Citation]) -> tuple[str, str]:
        findings = "\n".join(f"- {c.advice}" for c in self.review_draft(flow, draft).failed) or "- none"
        prompt = self.prompts.render(
            "rewrite", section_title=flow.section_title.lower(), draft=draft, findings=findings
        )
        try:
            reply = self.llm.invoke([SystemMessage(self.prompts.system), HumanMessage(prompt)])
            text = reply.content if isinstance(reply.content, str) else str(reply.content)
        except Exception as exc:  # every provider raises its own types; the composed draft stands
            return draft, self.prompts.message("rewrite_rejected", reason=f"the model failed ({type(exc).__name__})")
        verdict = check_rewrite(
            text, draft, lambda t: self.review_draft(flow, t), [*state.said, *(c.text for c in citations)]
        )
        if verdict.accepted:
            return text.strip(), self.prompts.message("rewrite_kept")
        return draft, self.prompts.message("rewrite_rejected", reason=verdict.reason)

    @staticmethod
    def _edit_example(flow: Workflow, keys: list[str] | None = None) -> str:
        """An edit a leader could type (a question's ``edit_example`` in its workflow file): for the first
        of ``keys`` (the items still open) that has one, else for the first of the workflow's questions."""
        examples = [flow.question(k).edit_example for k in [*(keys or []), *flow.keys]]
        return next((example for example in examples if example), "change the goal to ...")

    # --- persistence -----------------------------------------------------------------------------------

    @staticmethod
    def _remember(flow: Workflow, state: WorkflowState) -> None:
        state.answers_by_workflow[flow.name] = {
            "answers": dict(state.answers),
            "missing": dict(state.missing),
            "indicator": dict(state.indicator),
        }

    def _record(self, session_id: str, answer: Answer) -> None:
        meta = {
            "citations": [c.__dict__ for c in answer.citations],
            "passages": [c.__dict__ for c in answer.passages],
            "refused": answer.refused,
            "error": answer.error,
            "scorecard": answer.scorecard,
            "prompt": answer.prompt,
            "raw": answer.raw,
            "kind": answer.kind,
        }
        self.sessions.add_message(session_id, "assistant", answer.render(self.prompts.message("sources_heading")), meta)


def _indicator_citation(n: int, indicator: dict) -> Citation:
    text = (
        f"{indicator.get('indicator', '')}: {indicator.get('definition', '')} {indicator.get('note', '')} "
        f"Source: {indicator.get('source', '')}"
    )
    return Citation(
        n,
        indicator.get("doc_id", ""),
        indicator.get("indicator", "Indicator"),
        indicator.get("framework", ""),
        text.strip(),
    )


# Declines a question about the coach may share its words with: off the subject, and the categories about systems,
# the coach's set-up and process ('can my deputy open my session without my login?', 'will I be able to take the plan
# away as a Word file?'). A help answer is a fact about the product and gives nothing away; a medical, legal or
# defamation decline, and any rule's, always stands.
_HELP_OVER = frozenset({"off_topic", "cyber_misuse", "prompt_extraction", "integrity"})


def _may_be_help(verdict) -> bool:
    """Whether a message the guard judged so may still be a question about the coach: one it answers, is unsure of,
    or declines by its classifier in a category such a question can be mistaken for."""
    return (
        verdict is None or not verdict.declined or (verdict.category in _HELP_OVER and verdict.source == "classifier")
    )


def _relay(events: Iterator[Event]) -> Generator[Event, None, Answer]:
    """Pass streamed events through and return the final answer instead of yielding it."""
    final = None
    for event in events:
        if event.kind == "answer":
            final = event.answer
        else:
            yield event
    if final is None:
        raise RuntimeError("the stream of events ended without an answer")
    return final


def _session_history(messages) -> list[tuple[str, str]]:
    first_user = next((i for i, m in enumerate(messages) if m.role == "user"), len(messages))
    return [(m.role, m.content) for m in messages[first_user:][-4:]]


def _prior(messages) -> tuple[str, str] | None:
    """The previous model exchange, when the session's last reply came from the model."""
    if messages and messages[-1].role == "assistant":
        meta = messages[-1].meta
        if meta.get("prompt") and meta.get("raw"):
            return meta["prompt"], meta["raw"]
    return None


def _by_what_was_done(passages: list[SearchHit], heading: str) -> list[SearchHit]:
    """One passage a case study, best first: its closest under ``heading`` ('What was done'), else its
    closest of all. A case's lessons and context name its place and sector ('NHS', 'Kenya'), so a plan
    that shares only those would otherwise rank it above a case that did what the plan sets out to do."""
    pattern = re.compile(heading, re.I) if heading else None
    best: dict[str, tuple[bool, SearchHit]] = {}
    for hit in passages:
        if hit.similarity is None:
            continue
        done = bool(pattern and pattern.search(hit.section or ""))
        kept = best.get(hit.doc_id)
        if kept is None or (done, hit.similarity) > (kept[0], kept[1].similarity):
            best[hit.doc_id] = (done, hit)
    return sorted((hit for _, hit in best.values()), key=lambda h: -(h.similarity or 0.0))
