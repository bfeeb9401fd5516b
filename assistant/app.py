"""The Gradio web app: the Coach, Plan and Corpus tabs, and the named API endpoints.

Everything here is presentation: each handler calls the same core as the CLI (``Coach``,
``SessionStore``, ``review``, ``export``, ``CorpusDesk``). Each session is bound to a secret
token: the browser keeps its sessions' ids and tokens in its storage, an API client gets the
token with the session id, and every call that continues, loads or exports a session must show
it, so a session id alone opens nothing. Facilitator actions check the facilitator password on
every call, in the UI and through the API alike, with back-off and lock-out after wrong ones.

Every input is bounded (messages, drafts, plan sections), opened documents are cached per
version, each client has a request rate and a share of the queue (:mod:`assistant.limits`), and
exported plans are private files deleted after ``COACH_EXPORT_TTL_MINUTES``.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import html
import math
import os
import secrets
import shutil
import time
from pathlib import Path
from typing import TypeGuard

import gradio as gr

from .answers import MAX_QUESTION_CHARS as MAX_MESSAGE_CHARS
from .desk import THEMES, CorpusDesk, UploadError, UploadResult
from .documents import SUPPORTED_SUFFIXES
from .export import FORMATS, render_plan
from .limits import AdmissionGate, LoginGuard, RateLimiter, ViewCache
from .review import UnknownRubric
from .sessions import SessionNotFound, new_token

FREE_TASK = "Free question"
EXAMPLES = [
    "How can residents decide how part of the city budget is spent?",
    "Help me draft a SMART objective to cut missed bin collections",
    "What should a partnership agreement with a charity cover?",
    "How do we test a new idea without risking the whole service?",
]
MAX_VIEW_CHARS = 200_000  # an opened document is shown up to this length
MAX_OWN_SESSIONS = 50  # sessions a browser remembers
CSS = "#sources {max-height: 640px; overflow-y: auto} .passage {font-size: .9em; color: #444}"


def _theme():
    # System fonts only: the default theme would fetch web fonts from the internet.
    return gr.themes.Default(font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])


def model_note(settings) -> str:
    spec = settings.llm
    if spec == "llamacpp":
        return "Answering with the embedded model SmolLM2-135M-Instruct (offline). Set COACH_LLM for a larger model."
    return f"Answering with `{spec}`."


def sources_html(passages: list[dict]) -> str:
    """The sources panel: each cited passage with title, section, score and text, all escaped."""
    if not passages:
        return "<p><em>Sources for each answer appear here.</em></p>"
    items = []
    for p in passages:
        page = f", page {p['page']}" if p.get("page") else ""
        items.append(
            f"<div class='source'><b>[{p['n']}] {html.escape(p['title'])}</b><br>"
            f"<small>{html.escape(p['section'])}{page} · {html.escape(p['doc_id'])} · "
            f"score {p.get('score', 0):.3f}</small>"
            "<details><summary>Cited passage</summary>"
            f"<p class='passage'>{html.escape(p.get('text', ''))}</p></details></div>"
        )
    return "".join(items)


def client_address(request) -> str:
    """The address a request came from (``gr.Request`` or a Gradio queue event's request). Behind
    a reverse proxy, uvicorn puts the client's address here from ``X-Forwarded-For`` only for the
    proxies named in ``FORWARDED_ALLOW_IPS`` (by default one on this machine)."""
    client = getattr(request, "client", None)
    return getattr(client, "host", None) or "unknown"


def queued_requests(demo: gr.Blocks, client: str) -> int:
    """How many of ``client``'s requests wait or run in the app's queue. Gradio has no public
    count, so this reads its queue's table of events; should that change, it counts none."""
    events = getattr(getattr(demo, "_queue", None), "event_ids_to_events", None) or {}
    return sum(1 for event in list(events.values()) if client_address(getattr(event, "request", None)) == client)


def _pairs(own) -> list[tuple[str, str]]:
    """The browser's remembered sessions as (id, token) pairs, ignoring anything malformed."""
    return [
        (p[0], p[1])
        for p in own or []
        if isinstance(p, (list, tuple)) and len(p) == 2 and all(isinstance(x, str) for x in p)
    ]


def _token(own, session_id: str | None) -> str:
    return next((token for sid, token in _pairs(own) if sid == session_id), "")


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def _source_choices(passages: list[dict]) -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = []
    for p in passages:
        value = f"{p['doc_id']}#{p['page']}" if p.get("page") else p["doc_id"]
        label = f"[{p['n']}] {p['title']}" + (f" (page {p['page']})" if p.get("page") else "")
        if value not in [c[1] for c in choices]:
            choices.append((label, value))
    return choices


def draft_panel_markdown(view: dict) -> str:
    """Markdown for the draft panel: progress, the draft with placeholders linked to their
    questions, the scorecard, and the questions still to answer."""
    if not view.get("workflow"):
        return "_Pick a task to draft a plan section here._"

    def link(match) -> str:
        text = match.group(0).lower()
        key = next(
            (
                i["key"]
                for i in view["to_confirm"]
                if i["placeholder"].lower() in text or i["key"] in text or i["label"].split()[0].lower() in text
            ),
            None,
        )
        return f"[{match.group(0)}](#fill-{key})" if key else match.group(0)

    from .drafting import PLACEHOLDER

    lines = [f"**{html.escape(view['section_title'])}** · _{view['progress']}_", ""]
    draft = html.escape(view["draft"] or "")
    lines += [PLACEHOLDER.sub(link, draft) or "_Nothing yet._", ""]
    card = view.get("scorecard") or {}
    if card.get("checks"):
        lines.append(f"**{card['score']:.0%} of checks pass**")
        lines += [f"- {'✅' if c['passed'] else '❌'} {c['name'].replace('_', ' ')}" for c in card["checks"]]
    if view["to_confirm"]:
        lines += ["", "**To confirm**"]
        lines += [
            f"- <a id='fill-{i['key']}'></a>{html.escape(i['label'])}: {html.escape(i['question'])}"
            for i in view["to_confirm"]
        ]
    return "\n".join(lines)


class CoachApp:
    """Builds the Blocks app around one set of components. ``clock`` (wall-clock seconds) times
    the request limits, the facilitator back-off and the age of exported files."""

    def __init__(self, components, clock=time.time):
        self.c = components
        s = components.settings
        self.clock = clock
        self.desk = CorpusDesk(components.index, s.corpus_dir, int(s.max_upload_mb * 1024 * 1024), s)
        # Task labels come from the workflow registry: a new workflow YAML appears here as it is.
        self.tasks: dict[str, str | None] = {
            FREE_TASK: None,
            **{f.section_title: n for n, f in components.workflows.items()},
        }
        self.rate = RateLimiter(s.rate_per_minute, s.rate_burst, clock)
        self.logins = LoginGuard(s.login_lockout_failures, s.login_lockout_minutes * 60, clock)
        self.views = ViewCache()
        self.exports = _private_dir(s.data_dir / "exports")
        self.remove_old_exports()

    # --- facilitator access ------------------------------------------------------------------

    @property
    def desk_enabled(self) -> bool:
        return bool(self.c.settings.facilitator_password.get_secret_value())

    def _authorised(self, password: str | None) -> bool:
        expected = self.c.settings.facilitator_password.get_secret_value()
        return bool(expected) and hmac.compare_digest((password or "").encode("utf-8"), expected.encode("utf-8"))

    def _require(self, password: str | None, request: gr.Request | None = None) -> None:
        """Let a facilitator through, or raise. A client that keeps sending wrong passwords waits
        longer and longer, then is locked out (``COACH_LOGIN_LOCKOUT_*``)."""
        if not self.desk_enabled:
            raise gr.Error("The corpus desk is off: set COACH_FACILITATOR_PASSWORD to enable it.")
        client = client_address(request)
        wait = self.logins.wait(client)
        if wait:
            raise gr.Error(f"Too many wrong facilitator passwords from your address: try again in {math.ceil(wait)} s.")
        if not self._authorised(password):
            if password:
                self.logins.failed(client)
            raise gr.Error("Facilitator login required: the password is missing or wrong.")
        self.logins.succeeded(client)

    # --- coach ----------------------------------------------------------------------------------

    def _history(self, session_id: str) -> list[dict]:
        return [{"role": m.role, "content": m.content} for m in self.c.sessions.messages(session_id)]

    def _mine(self, session_id: str | None, token: str | None) -> TypeGuard[str]:
        """Whether the caller holds the session's token."""
        return self.c.sessions.check_token(session_id, token)

    def _new_session(self, workflow: str | None) -> tuple[str, str]:
        token = new_token()
        session_id, _ = self.c.coach.start(workflow, token=token)
        return session_id, token

    def _own(self, session_id: str, token: str | None, own) -> list:
        """The browser's sessions, newest first, as [id, token] pairs."""
        return [[session_id, token], *([sid, t] for sid, t in _pairs(own) if sid != session_id)][:MAX_OWN_SESSIONS]

    def start_task(self, task: str, session_id: str | None, own: list | None):
        workflow = self.tasks.get(task)
        token = _token(own, session_id)
        if self._mine(session_id, token):
            self.c.coach.start(workflow, session_id)
        else:
            session_id, token = self._new_session(workflow)
        return (
            self._history(session_id),
            session_id,
            self._own(session_id, token, own),
            sources_html([]),
            gr.update(choices=[], value=None),
            self.draft_panel(session_id),
        )

    def respond(self, message: str, history: list, session_id: str | None, task: str, own: list | None):
        message = (message or "").strip()
        if not message:
            gr.Warning("Type a question or an answer first.")
            yield history, message, session_id, own, gr.skip(), gr.skip(), gr.skip()
            return
        if len(message) > MAX_MESSAGE_CHARS:
            gr.Warning(f"Your message was shortened to its first {MAX_MESSAGE_CHARS} characters.")
            message = message[:MAX_MESSAGE_CHARS]
        token = _token(own, session_id)
        if not self._mine(session_id, token):
            session_id, token = self._new_session(self.tasks.get(task))
        own = self._own(session_id, token, own)
        # The conversation comes from the store, not from the (unbounded) history the page sends.
        history = self._history(session_id) + [
            {"role": "user", "content": message},
            {"role": "assistant", "content": ""},
        ]
        yield history, "", session_id, own, gr.skip(), gr.skip(), gr.skip()
        streamed = ""
        answer = None
        try:
            for event in self.c.coach.turn_stream(session_id, message):
                if event.kind == "token":
                    streamed += event.text
                    history[-1] = {"role": "assistant", "content": streamed}
                    yield history, "", session_id, own, gr.skip(), gr.skip(), gr.skip()
                elif event.kind == "sources":
                    passages = [dict(p.__dict__) for p in event.passages]
                    yield (
                        history,
                        "",
                        session_id,
                        own,
                        sources_html(passages),
                        gr.update(choices=_source_choices(passages), value=None),
                        gr.skip(),
                    )
                elif event.kind == "answer":
                    answer = event.answer
        except ValueError as exc:
            history[-1] = {"role": "assistant", "content": f"⚠️ {exc}"}
            yield history, "", session_id, own, gr.skip(), gr.skip(), gr.skip()
            return
        assert answer is not None, "a turn's stream ends with its answer"
        history[-1] = {"role": "assistant", "content": answer.render()}
        cited = [dict(p.__dict__) for p in answer.citations or answer.passages]
        yield (
            history,
            "",
            session_id,
            own,
            sources_html(cited),
            gr.update(choices=_source_choices(cited), value=None),
            self.draft_panel(session_id),
        )

    def draft_panel(self, session_id: str | None) -> str:
        """The section being drafted, its scorecard and progress; each placeholder links to the
        question that fills it."""
        if not session_id or not self._exists(session_id):
            return ""
        view = self.c.coach.view(session_id)
        return draft_panel_markdown(view)

    def _exists(self, session_id: str) -> bool:
        if len(session_id) > 64:  # ids are UUIDs; nothing longer is looked up
            return False
        try:
            self.c.sessions.get(session_id)
            return True
        except SessionNotFound:
            return False

    def open_source(self, choice: str | None) -> str:
        """A cited document (or its page) as Markdown, parsed once per version of the document."""
        if not choice:
            return ""
        doc_id, _, page = choice.partition("#")
        try:
            number = int(page) if page else None
            manifest = self.c.index.manifest()
            entry = manifest.get("documents", {}).get(doc_id) or {}
            version = entry.get("hash") or manifest.get("version", "")
            return self.views.get((doc_id, number, version), lambda: self._view(doc_id, number))
        except (UploadError, ValueError) as exc:
            return f"_{exc}_"

    def _view(self, doc_id: str, page: int | None) -> str:
        text = self.desk.read(doc_id, page)
        if len(text) > MAX_VIEW_CHARS:
            text = (
                text[:MAX_VIEW_CHARS]
                + f"\n\n_… the document continues: this view shows its first {MAX_VIEW_CHARS:,} characters._"
            )
        return text

    def like(self, data: gr.LikeData, session_id: str | None, own: list | None = None):
        if not self._mine(session_id, _token(own, session_id)):
            return
        messages = self.c.sessions.messages(session_id)
        index = data.index if isinstance(data.index, int) else data.index[0]
        message_id = messages[index].id if 0 <= index < len(messages) else None
        self.c.sessions.add_feedback(session_id, 1 if data.liked else -1, "", message_id)
        gr.Info("Thanks: your feedback is saved with this session.")

    def comment(self, text: str, session_id: str | None, own: list | None = None):
        text = (text or "").strip()
        if not text or not self._mine(session_id, _token(own, session_id)):
            gr.Warning("Write a comment after the coach has answered.")
            return text
        last = [m for m in self.c.sessions.messages(session_id) if m.role == "assistant"]
        self.c.sessions.add_feedback(session_id, 0, text[:2000], last[-1].id if last else None)
        gr.Info("Comment saved.")
        return ""

    # --- plan -------------------------------------------------------------------------------------

    def _scorecard_md(self, workflow: str, card: dict) -> str:
        if not card or not card.get("checks"):
            return "_No draft yet._"
        lines = [f"**{card['score']:.0%} of checks pass**"]
        lines += [
            f"- {'✅' if c['passed'] else '❌'} {c['name'].replace('_', ' ')}: {c['advice']}" for c in card["checks"]
        ]
        return "\n".join(lines)

    def load_plan(self, session_id: str | None, own: list | None = None):
        sections = (
            {s.workflow: s for s in self.c.sessions.plan(session_id)}
            if self._mine(session_id, _token(own, session_id))
            else {}
        )
        values = []
        for workflow in self.c.workflows:
            section = sections.get(workflow)
            values += [
                section.content if section else "",
                self._scorecard_md(workflow, section.scorecard if section else {}),
            ]
        return values

    def _check_draft(self, text: str, field: str) -> None:
        limit = self.c.settings.max_draft_chars
        if len(text) > limit:
            raise gr.Error(
                f"{field} is {len(text):,} characters, over the {limit:,}-character limit: shorten it and try again."
            )

    def save_section(self, workflow: str, text: str, session_id: str | None, own: list | None = None):
        if not self._mine(session_id, _token(own, session_id)):
            return "_Start a conversation first: the plan belongs to your session._"
        text = (text or "").strip()
        if not text:
            return "_No draft yet._"
        self._check_draft(text, f"The '{self.c.workflows[workflow].section_title}' section")
        existing = {s.workflow: s for s in self.c.sessions.plan(session_id)}.get(workflow)
        card = self.c.coach.review(text, workflow).as_dict()
        self.c.sessions.save_section(session_id, workflow, text, card, existing.citations if existing else [])
        return self._scorecard_md(workflow, card)

    def export_plan(self, session_id: str | None, fmt: str, session_token: str = "") -> str:
        """The session's plan as a Markdown (md) or DOCX (docx) file; needs the session's token.
        The file is private to this server and deleted after COACH_EXPORT_TTL_MINUTES."""
        if not self._mine(session_id, session_token):
            raise gr.Error(
                "There is no plan to export: start a conversation first (API: send the session's session_token)."
            )
        if fmt not in FORMATS:
            raise gr.Error("format must be 'md' or 'docx'")
        self.remove_old_exports()
        data = render_plan(
            fmt, self.c.sessions.get(session_id).title, self.c.sessions.plan(session_id), self.c.workflows
        )
        folder = self.exports / secrets.token_urlsafe(16)  # an unguessable folder, so the file keeps a plain name
        folder.mkdir(mode=0o700)
        path = folder / f"strategy-plan.{fmt}"
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as fh:
            fh.write(data)
        return str(path)

    def remove_old_exports(self) -> None:
        """Delete exported plans older than COACH_EXPORT_TTL_MINUTES."""
        oldest = self.clock() - self.c.settings.export_ttl_minutes * 60
        for entry in self.exports.iterdir():
            try:
                if entry.stat().st_mtime < oldest:
                    shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
            except FileNotFoundError:
                continue

    def sessions_choices(self, own: list | None):
        choices = []
        for session_id, token in _pairs(own):
            if not self._mine(session_id, token):
                continue
            record = self.c.sessions.get(session_id)
            stamp = f"{record.updated_at:%Y-%m-%d %H:%M}" if record.updated_at else ""
            choices.append((f"{record.title or 'Session'} · {stamp}", session_id))
        return gr.update(choices=choices, value=None)

    def resume(self, chosen: str | None, own: list | None):
        if not chosen or not self._mine(chosen, _token(own, chosen)):
            raise gr.Error("Pick one of your sessions first.")
        return (self._history(chosen), chosen, sources_html([]), *self.load_plan(chosen, own))

    def opening_history(self, session_id: str | None, own: list | None) -> list[dict]:
        """The conversation the browser was in when the page was last open, if it is its own."""
        return self._history(session_id) if self._mine(session_id, _token(own, session_id)) else []

    # --- corpus desk ------------------------------------------------------------------------------

    def login(self, password: str, request: gr.Request | None = None):
        self._require(password, request)
        return gr.update(visible=True), "Logged in as facilitator.", *self.desk_tables()

    def desk_tables(self):
        docs = self.desk.documents()
        rows = [
            [
                d["doc_id"],
                d["title"],
                d["kind"],
                d["themes"],
                d["chunks"],
                d["indexed_at"],
                d["metadata"],
                d["warnings"],
            ]
            for d in docs
        ]
        return rows, gr.update(choices=[d["doc_id"] for d in docs], value=None)

    def upload(
        self,
        files,
        kind: str,
        title: str,
        themes: list[str],
        password: str,
        request: gr.Request | None = None,
        progress=gr.Progress(),
    ):
        self._require(password, request)
        if not files:
            raise gr.Error("Choose one or more files to upload.")
        entries: list[tuple[str, UploadResult | None, str]] = []
        for item in files:
            path = Path(item if isinstance(item, str) else item.name)
            name = Path(getattr(item, "orig_name", None) or path.name).name
            try:
                data = path.read_bytes()
                result = self.desk.upload(
                    name,
                    data,
                    kind,
                    title if len(files) == 1 else "",
                    themes,
                    progress=lambda stage, done, total: progress((done, total), desc=stage),
                )
                entries.append((name, result, ""))
            except UploadError as exc:
                entries.append((name, None, str(exc)))
        progress(1.0, desc="checking the corpus")
        uploaded = [result for _, result, _ in entries if result]
        findings = self.desk.check([result.doc_id for result in uploaded], uploaded)
        lines = []
        for name, result, error in entries:
            if result is None:
                lines.append(f"- ❌ {html.escape(error)}")
                continue
            lines.append(f"- ✅ `{name}` {result.status} as `{result.doc_id}` ({result.chunks} passages)")
            lines += [f"  - ⚠️ {html.escape(w)}" for w in result.warnings]
            checked = [
                f for f in findings[result.doc_id] if f.kind != "front-matter" or f.message not in result.warnings
            ]
            lines += [
                f"  - {'❌' if f.level == 'error' else '⚠️'} corpus check, {f.kind}: "
                f"{html.escape(f.message if f.path == result.doc_id else f'{f.path}: {f.message}')}"
                for f in checked
            ]
            if not checked:
                lines.append("  - corpus check: no problems found")
        return "\n".join(lines), *self.desk_tables()

    def delete(self, doc_id: str | None, password: str, request: gr.Request | None = None):
        self._require(password, request)
        if not doc_id:
            raise gr.Error("Pick a document to delete.")
        try:
            report = self.desk.delete(doc_id)
        except UploadError as exc:
            raise gr.Error(str(exc)) from exc
        return f"Deleted `{doc_id}`; {report.documents} documents remain.", *self.desk_tables()

    def reindex(self, password: str, request: gr.Request | None = None, progress=gr.Progress()):
        self._require(password, request)
        report = self.desk.reindex(lambda stage, done, total: progress((done, total), desc=stage))
        lines = [
            f"Re-indexed: {report.documents} documents, {report.chunks} passages, {report.embedded} embedded, "
            f"{report.removed} removed."
        ]
        lines += [f"- ❌ `{f['path']}`: {f['error']}" for f in report.failed]
        lines += [f"- ⚠️ `{w['path']}`: {html.escape(w['warning'])}" for w in report.warnings]
        return "\n".join(lines), *self.desk_tables()

    def feedback_rows(self, password: str, request: gr.Request | None = None):
        self._require(password, request)
        return [
            [f["created_at"][:16], {1: "👍", -1: "👎"}.get(f["rating"], "💬"), f["comment"], f["answer"]]
            for f in self.c.sessions.feedback()
        ]

    # --- API ------------------------------------------------------------------------------------------

    def api_chat(self, message: str, session_id: str = "", workflow: str = "", session_token: str = "") -> dict:
        """One coaching turn. Leave session_id empty to start a session: its session_id and
        session_token are returned, and later turns (and export) must send both back. workflow
        (objectives, partnership, engagement, innovation, digital) applies when starting."""
        if workflow and workflow not in self.c.workflows:
            raise gr.Error(f"unknown workflow '{workflow}'")
        if session_id and self._exists(session_id):
            if not self._mine(session_id, session_token):
                raise gr.Error(
                    "session_token is missing or wrong for this session: send the one returned when it started."
                )
        else:
            session_id, session_token = self._new_session(workflow or None)
        try:
            answer = self.c.coach.turn(session_id, (message or "")[:MAX_MESSAGE_CHARS])
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc
        return {
            "session_id": session_id,
            "session_token": session_token,
            "answer": answer.answer,
            "citations": [{**c.public(), "text": c.text, "score": c.score, "page": c.page} for c in answer.citations],
            "sources": [{**c.public(), "page": c.page} for c in answer.passages],
            "refused": answer.refused,
            "no_context": answer.no_context,
            "mode": answer.mode,
            "dropped": answer.dropped,
            "error": answer.error,
        }

    def api_search(self, query: str, k: int = 5) -> list:
        """The passages the coach would draw on for a query (as 'coach search --json')."""
        if not (query or "").strip():
            raise gr.Error("the query is empty")
        return [hit.public() for hit in self.c.retriever.search(query[:MAX_MESSAGE_CHARS], k=max(1, min(int(k), 20)))]

    def api_review(self, draft: str, rubric: str = "objectives") -> dict:
        """The rubric scorecard of a draft: {"score", "checks": [{"name", "passed", "advice"}]}.
        ``rubric`` is a rubric or a workflow name."""
        if not (draft or "").strip():
            raise gr.Error("the draft is empty")
        self._check_draft(draft, "draft")
        try:
            return self.c.coach.review(draft, rubric).as_dict()
        except UnknownRubric as exc:
            raise gr.Error(str(exc)) from None

    def api_documents(self, password: str, request: gr.Request | None = None) -> list:
        """Facilitators: the indexed documents."""
        self._require(password, request)
        return self.desk.documents()

    def api_upload_document(
        self,
        name: str,
        content_base64: str,
        password: str,
        kind: str = "programme",
        title: str = "",
        themes: str = "",
        request: gr.Request | None = None,
    ) -> dict:
        """Facilitators: add or replace a document (file content as base64)."""
        self._require(password, request)
        try:
            data = base64.b64decode(content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise gr.Error("content_base64 is not valid base64") from None
        try:
            result = self.desk.upload(name, data, kind, title, [t.strip() for t in themes.split(",") if t.strip()])
        except UploadError as exc:
            raise gr.Error(str(exc)) from exc
        return {"doc_id": result.doc_id, "status": result.status, "chunks": result.chunks}

    def api_delete_document(self, doc_id: str, password: str, request: gr.Request | None = None) -> dict:
        """Facilitators: remove a document from the corpus and the index."""
        self._require(password, request)
        try:
            report = self.desk.delete(doc_id)
        except UploadError as exc:
            raise gr.Error(str(exc)) from exc
        return {"deleted": doc_id, "documents": report.documents}

    # --- layout -----------------------------------------------------------------------------------

    def build(self) -> gr.Blocks:
        s = self.c.settings
        ttl = max(60, int(s.export_ttl_minutes * 60))
        # delete_cache: Gradio's own copies of exported files go after the same time as ours.
        with gr.Blocks(title="Strategy Coach", analytics_enabled=False, delete_cache=(60, ttl)) as demo:
            session_id = gr.BrowserState(None, storage_key="strategy-coach-session")
            own_sessions = gr.BrowserState([], storage_key="strategy-coach-own")  # [[session id, token], ...]
            gr.Markdown(f"# Strategy Coach\nA planning coach for public-sector leaders. _{model_note(s)}_")
            with gr.Tabs():
                with gr.Tab("Coach", id="coach"):
                    with gr.Row():
                        with gr.Column(scale=3):
                            with gr.Row():
                                task = gr.Dropdown(list(self.tasks), value=FREE_TASK, label="Task", scale=3)
                                start = gr.Button("Start task", scale=1)
                            chatbot = gr.Chatbot(label="Coach", height=520, elem_id="chat")
                            with gr.Row():
                                box = gr.Textbox(
                                    placeholder="Ask a question, or answer the coach…",
                                    show_label=False,
                                    scale=5,
                                    max_lines=8,
                                    elem_id="message",
                                )
                                send = gr.Button("Send", variant="primary", scale=1, elem_id="send")
                            gr.Examples(EXAMPLES, inputs=box, label="Try one of these")
                            with gr.Row():
                                comment_box = gr.Textbox(
                                    placeholder="Comment on the last answer (optional)", show_label=False, scale=5
                                )
                                comment_btn = gr.Button("Send comment", scale=1)
                        with gr.Column(scale=2):
                            gr.Markdown("### Your draft")
                            draft_view = gr.Markdown("", elem_id="draft-panel")
                            gr.Markdown("### Sources")
                            sources = gr.HTML(sources_html([]), elem_id="sources")
                            open_choice = gr.Dropdown([], label="Open a source document", value=None)
                            document_view = gr.Markdown("", elem_id="document")
                with gr.Tab("Plan", id="plan"):
                    gr.Markdown(
                        "Your plan, section by section. Edit a section and click outside it: "
                        "the scorecard updates and the change is saved."
                    )
                    plan_outputs = []
                    for workflow, label in ((n, f.section_title) for n, f in self.c.workflows.items()):
                        with gr.Accordion(label, open=workflow == "objectives"):
                            text = gr.Textbox(label=label, lines=6, elem_id=f"plan-{workflow}")
                            card = gr.Markdown("_No draft yet._")
                            text.blur(
                                lambda t, sid, own, w=workflow: self.save_section(w, t, sid, own),
                                [text, session_id, own_sessions],
                                card,
                                api_visibility="private",
                            )
                            plan_outputs += [text, card]
                    with gr.Row():
                        refresh_plan = gr.Button("Reload plan")
                        export_md = gr.Button("Export Markdown")
                        export_docx = gr.Button("Export DOCX")
                    download = gr.File(label="Download", interactive=False)
                    gr.Markdown("### Your past sessions")
                    with gr.Row():
                        past = gr.Dropdown([], label="Session", scale=4)
                        resume = gr.Button("Resume", scale=1)
                with gr.Tab("Corpus", id="corpus"):
                    if not self.desk_enabled:
                        gr.Markdown(
                            "The corpus desk is for facilitators. It is off: set `COACH_FACILITATOR_PASSWORD` "
                            "before starting the app to enable uploads, edits and re-indexing."
                        )
                    else:
                        with gr.Row():
                            password = gr.Textbox(
                                label="Facilitator password", type="password", scale=4, elem_id="password"
                            )
                            login = gr.Button("Log in", scale=1, elem_id="login")
                        status = gr.Markdown(elem_id="login-status")
                        with gr.Group(visible=False) as desk:
                            table = gr.Dataframe(
                                headers=[
                                    "doc_id",
                                    "title",
                                    "kind",
                                    "themes",
                                    "passages",
                                    "indexed",
                                    "other metadata",
                                    "warnings",
                                ],
                                interactive=False,
                                label="Documents",
                            )
                            with gr.Row():
                                files = gr.File(
                                    file_count="multiple",
                                    file_types=list(SUPPORTED_SUFFIXES),
                                    label="Upload or replace",
                                    elem_id="upload-files",
                                )
                                with gr.Column():
                                    kind = gr.Radio(
                                        ["programme", "case-study"], value="programme", label="Kind", elem_id="kind"
                                    )
                                    title = gr.Textbox(label="Title (optional, one file)")
                                    themes = gr.CheckboxGroup(list(THEMES), label="Themes")
                                    upload = gr.Button("Upload and index", variant="primary", elem_id="upload")
                            upload_result = gr.Markdown(elem_id="upload-result")
                            with gr.Row():
                                doomed = gr.Dropdown([], label="Document", scale=4)
                                delete = gr.Button("Delete", variant="stop", scale=1)
                                reindex = gr.Button("Re-index corpus folder", scale=1)
                            gr.Markdown("### What leaders said (feedback log)")
                            feedback_table = gr.Dataframe(
                                headers=["when", "rating", "comment", "answer"], interactive=False
                            )
                            refresh_feedback = gr.Button("Refresh feedback")
                        login.click(self.login, password, [desk, status, table, doomed], api_visibility="private")
                        upload.click(
                            self.upload,
                            [files, kind, title, themes, password],
                            [upload_result, table, doomed],
                            api_visibility="private",
                        )
                        delete.click(
                            self.delete, [doomed, password], [upload_result, table, doomed], api_visibility="private"
                        )
                        reindex.click(self.reindex, password, [upload_result, table, doomed], api_visibility="private")
                        refresh_feedback.click(self.feedback_rows, password, feedback_table, api_visibility="private")

            chat_outputs = [chatbot, box, session_id, own_sessions, sources, open_choice, draft_view]
            send.click(
                self.respond, [box, chatbot, session_id, task, own_sessions], chat_outputs, api_visibility="private"
            )
            box.submit(
                self.respond, [box, chatbot, session_id, task, own_sessions], chat_outputs, api_visibility="private"
            )
            for trigger in (start.click, task.input):
                trigger(
                    self.start_task,
                    [task, session_id, own_sessions],
                    [chatbot, session_id, own_sessions, sources, open_choice, draft_view],
                    api_visibility="private",
                )
            open_choice.change(self.open_source, open_choice, document_view, api_visibility="private")
            chatbot.like(self.like, [session_id, own_sessions], None, api_visibility="private")
            comment_btn.click(
                self.comment, [comment_box, session_id, own_sessions], comment_box, api_visibility="private"
            )
            refresh_plan.click(self.load_plan, [session_id, own_sessions], plan_outputs, api_visibility="private")
            for button, fmt in ((export_md, "md"), (export_docx, "docx")):
                button.click(
                    lambda sid, own, fmt=fmt: self.export_plan(sid, fmt, _token(own, sid)),
                    [session_id, own_sessions],
                    download,
                    api_visibility="private",
                )
            resume.click(
                self.resume,
                [past, own_sessions],
                [chatbot, session_id, sources, *plan_outputs],
                api_visibility="private",
            )
            demo.load(self.sessions_choices, own_sessions, past, api_visibility="private")
            demo.load(self.opening_history, [session_id, own_sessions], chatbot, api_visibility="private")
            own_sessions.change(self.sessions_choices, own_sessions, past, api_visibility="private")

            # Named API endpoints (gradio_client or plain HTTP), the same core as the UI.
            gr.api(self.api_chat, api_name="chat")
            gr.api(self.api_search, api_name="search")
            gr.api(self.api_review, api_name="review")
            export_session = gr.Textbox(visible=False)
            export_format = gr.Textbox(value="docx", visible=False)
            export_token = gr.Textbox(visible=False)
            export_file = gr.File(visible=False)
            export_trigger = gr.Button(visible=False)
            export_trigger.click(
                self.export_plan, [export_session, export_format, export_token], export_file, api_name="export"
            )
            gr.api(self.api_documents, api_name="documents")
            gr.api(self.api_upload_document, api_name="upload_document")
            gr.api(self.api_delete_document, api_name="delete_document")
        demo.queue(default_concurrency_limit=s.concurrency, max_size=s.queue_size)
        return demo


def serve(components, host: str, port: int, block: bool = True):
    """Build and launch the app on ``host:port``; prints one URL. Each client's requests pass the
    admission gate (rate, share of the queue, body size) before they reach Gradio's queue."""
    from starlette.middleware import Middleware

    s = components.settings
    app = CoachApp(components)
    demo = app.build()
    gate = Middleware(
        AdmissionGate,
        rate=app.rate,
        max_pending=s.client_max_pending,
        pending=lambda client: queued_requests(demo, client),
        max_body=int(s.max_upload_mb * 1.4 * 1_000_000) + 1_000_000,
    )  # a base64 upload through the API fits
    demo.launch(
        server_name=host,
        server_port=port,
        quiet=True,
        prevent_thread_lock=True,
        show_error=False,
        theme=_theme(),
        css=CSS,
        footer_links=["api"],
        max_file_size=f"{int(s.max_upload_mb)}mb",
        ssr_mode=False,
        pwa=False,
        mcp_server=False,
        enable_monitoring=False,
        allowed_paths=[str(app.exports)],
        app_kwargs={"middleware": [gate]},
    )
    print(f"Strategy Coach is running at http://{host}:{port}", flush=True)
    if block:
        demo.block_thread()
    return demo
