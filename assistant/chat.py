"""The terminal chat loop behind ``coach chat``: the same Coach the web app uses."""

from __future__ import annotations

import sys
from pathlib import Path

HELP = """Commands:
  /task NAME     start a guided task ($tasks)
  /free          leave the task and ask free questions
  /plan          show the plan assembled so far
  /export md|docx [FILE]   write the plan document
  /session       show this session's id (resume later with --session)
  /help          this list
  /quit          leave (Ctrl-D works too)"""


def run_chat(components, workflow: str | None = None, session_id: str | None = None, console=None, stdin=None) -> str:
    from .export import plan_markdown, write_plan

    coach = components.coach
    store = components.sessions
    stdin = stdin or sys.stdin

    def write(text: str) -> None:
        if console is not None:
            console.print(text, markup=False, highlight=False)
        else:
            print(text)

    if session_id:
        record = store.get(session_id)
        write(f"Resuming session {session_id} ({record.title}).")
        if workflow:
            session_id, opening = coach.start(workflow, session_id)
            write(f"coach> {opening}")
    else:
        session_id, opening = coach.start(workflow)
        write(f"Session {session_id}. Type /help for commands.")
        write(f"coach> {opening}")
    while True:
        sys.stdout.write("you> ")
        sys.stdout.flush()
        line = stdin.readline()
        if not line:
            sys.stdout.write("\n")
            break
        text = line.strip()
        if not text:
            continue
        if text.startswith("/"):
            command, _, arg = text[1:].partition(" ")
            if command in ("quit", "exit", "q"):
                break
            if command == "help":
                write(HELP.replace("$tasks", ", ".join(components.workflows)))
            elif command == "session":
                write(session_id)
            elif command in ("task", "free"):
                try:
                    _, opening = coach.start(arg.strip() or None if command == "task" else None, session_id)
                except ValueError as exc:
                    write(f"error: {exc}")
                    continue
                write(f"coach> {opening}")
            elif command == "plan":
                write(plan_markdown(store.get(session_id).title, store.plan(session_id), components.workflows))
            elif command == "export":
                fmt, _, target = arg.strip().partition(" ")
                fmt = fmt or "md"
                if fmt not in ("md", "docx"):
                    write("error: /export md or /export docx")
                    continue
                path, _ = write_plan(
                    store, session_id, fmt, Path(target.strip()) if target.strip() else None, components.workflows
                )
                write(f"Wrote {path}")
            else:
                write(f"unknown command /{command}; type /help")
            continue
        sys.stdout.write("coach> ")
        try:
            print_stream(coach.turn_stream(session_id, text), components.prompts, write)
        except ValueError as exc:
            write(f"error: {exc}")
            continue
    write(f"Session saved: {session_id}")
    return session_id


def print_stream(events, prompts, write):
    """Show a streamed answer in a terminal: tokens as they come, then what the final answer adds
    after them (a workflow turn's way back to the plan) and its sources; when the checks changed
    what was streamed (or it was refused), a note and the final answer. Returns the final answer."""
    streamed, answer = "", None
    for event in events:
        if event.kind == "token":
            sys.stdout.write(event.text)
            sys.stdout.flush()
            streamed += event.text
        elif event.kind == "answer":
            answer = event.answer
    if streamed:
        sys.stdout.write("\n\n")
    final, shown = answer.answer.strip(), streamed.strip()
    if shown and final.startswith(shown):  # streamed as final (a workflow turn may add a line after it)
        rest = final[len(shown) :].strip()
        write("\n\n".join(part for part in (rest, answer.sources()) if part))
    else:
        write((prompts.message("checked_note") + "\n" if streamed else "") + answer.render())
    return answer
