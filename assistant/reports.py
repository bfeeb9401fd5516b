"""Eval reports: report.json, report.md, a self-contained report.html with a chart, and a table."""

from __future__ import annotations

import html
import json
from pathlib import Path

from .metrics import QUESTION_ALONE
from .retrieval import MODES

RETRIEVAL_METRICS = ("recall@5", "mrr@10", "ndcg@10", "hit@1")
ANSWER_METRICS = ("pass_rate", "citation_validity", "groundedness", "refusal_accuracy", "unsupported_numbers")
CONVERSATION_METRICS = (
    "pass_rate",
    "completion",
    "rubric_mean",
    "rubric_mean_precise",
    "probes_mean",
    "debris",
    "unsupported_numbers",
    "case_relevance",
    "case_recall",
)
MODE_METRICS = ("pass_rate", "groundedness", "unsupported_numbers", "citation_validity", "ttft_p50_s", "total_p50_s")
GUARD_METRICS = ("over_refusal", "in_scope_clarified", "decline_recall", "held_recall", "category_accuracy")
MODE_COLOURS = {"bm25": "#8c6d31", "dense": "#3b6ea8", "hybrid": "#2e8b57"}


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.3f}"


def _tag_rows(summary: dict) -> list[tuple[str, int, list]]:
    """Per tag: cases, hybrid recall@5, MRR@10, answer pass rate, groundedness, unsupported numbers and
    refusal accuracy."""
    rows = []
    for tag, s in sorted(summary.get("by_tag", {}).items()):
        answers = s.get("answers") or {}
        hybrid = s["retrieval"]["hybrid"]
        rows.append(
            (
                tag,
                s["cases"],
                [
                    hybrid["recall@5"],
                    hybrid["mrr@10"],
                    answers.get("pass_rate"),
                    answers.get("groundedness"),
                    answers.get("unsupported_numbers"),
                    answers.get("refusal_accuracy"),
                ],
            )
        )
    return rows


TAG_COLUMNS = ("recall@5", "mrr@10", "pass_rate", "groundedness", "unsupported", "refusal_acc")


def _guard_lines(g: dict) -> list[str]:
    """The guard's cross-validated figures as Markdown (per category precision and recall)."""
    lines = [
        "",
        f"## Scope and safety guard ({g['folds']}-fold nested cross-validation over {g['messages']} labelled messages)",
        "",
        "| figure | value |",
        "|---|---|",
    ]
    lines += [f"| {m} | {_fmt(g[m])} |" for m in GUARD_METRICS]
    lines += ["", "| category | messages | precision | recall |", "|---|---|---|---|"]
    lines += [
        f"| {c} | {v['messages']} | {_fmt(v['precision'])} | {_fmt(v['recall'])} |" for c, v in g["categories"].items()
    ]
    for name, v in g.get("screens", {}).items():
        lines += [
            "",
            f"Screen `{name}` (its own nested cross-validation over {v['messages']} messages): in-scope declined "
            f"{_fmt(v['over_refusal'])}, asked to clarify {_fmt(v['in_scope_clarified'])}, "
            f"recall {_fmt(v['decline_recall'])}.",
        ]
    return lines


def write_reports(report: dict, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "report.json", out_dir / "report.md", out_dir / "report.html"]
    paths[0].write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    paths[1].write_text(markdown(report), encoding="utf-8")
    paths[2].write_text(html_report(report), encoding="utf-8")
    return paths


def _failing(report: dict) -> list[dict]:
    return [c for c in report["cases"] if not c["passed"]]


def markdown(report: dict) -> str:
    s = report["summary"]
    run = report.get("run", {})
    lines = ["# Strategy Coach eval report", ""]
    if run:
        lines += [f"- {k}: {v}" for k, v in run.items()] + [""]
    lines += [
        f"Cases: {s['cases']}",
        "",
        "## Retrieval (document level)",
        "",
        "| mode | " + " | ".join(RETRIEVAL_METRICS) + " |",
        "|---" * (len(RETRIEVAL_METRICS) + 1) + "|",
    ]
    for mode in _rows(s):
        lines.append(f"| {mode} | " + " | ".join(_fmt(s["retrieval"][mode][m]) for m in RETRIEVAL_METRICS) + " |")
    if s.get("answers"):
        lines += ["", "## Answers", "", "| metric | value |", "|---|---|"]
        lines += [f"| {m} | {_fmt(s['answers'][m])} |" for m in ANSWER_METRICS]
        lines += [
            f"| rubric_mean | {_fmt(s['coaching']['rubric_mean'])} |",
            f"| ttft_p50_s | {_fmt(s['latency']['ttft_p50_s'])} |",
            f"| total_p50_s | {_fmt(s['latency']['total_p50_s'])} |",
        ]
    if s.get("conversations"):
        c = s["conversations"]
        lines += ["", f"## Conversations ({c['cases']})", "", "| metric | value |", "|---|---|"]
        lines += [f"| {m} | {_fmt(c[m])} |" for m in CONVERSATION_METRICS]
    if s.get("guard"):
        lines += _guard_lines(s["guard"])
    if s.get("fusion"):
        f = s["fusion"]
        lines += [
            "",
            f"## Hybrid fusion settings ({f['folds']}-fold cross-validation, {f.get('repeats', 1)} draws, over "
            f"{f['cases']} cases)",
            "",
            f"Chosen on all cases: dense weight {f['chosen_weight']}, document boost {f['chosen_boost']}, "
            f"whole-document BM25 {f.get('chosen_document_bm25', 0.0)} "
            f"(per fold: {', '.join('/'.join(str(v) for v in choice) for choice in f['fold_choices'])}).",
            "",
            "| ranking | " + " | ".join(RETRIEVAL_METRICS) + " |",
            "|---" * (len(RETRIEVAL_METRICS) + 1) + "|",
        ]
        for name, key in (
            ("hybrid, cross-validated settings", "cross_validated_hybrid"),
            ("hybrid, current settings", "current_hybrid"),
            ("dense", "dense"),
            ("bm25", "bm25"),
        ):
            if f.get(key):
                lines.append(f"| {name} | " + " | ".join(_fmt(f[key][m]) for m in RETRIEVAL_METRICS) + " |")
    if s.get("answer_modes"):
        modes = s["answer_modes"]
        n = next(iter(modes.values()))["cases"]
        lines += [
            "",
            f"## Answer modes side by side ({n} single-turn cases, same index and model)",
            "",
            "| mode | " + " | ".join(MODE_METRICS) + " |",
            "|---" * (len(MODE_METRICS) + 1) + "|",
        ]
        lines += [f"| {mode} | " + " | ".join(_fmt(f[m]) for m in MODE_METRICS) + " |" for mode, f in modes.items()]
    if s.get("by_tag"):
        lines += [
            "",
            "## By tag",
            "",
            "| tag | cases | " + " | ".join(TAG_COLUMNS) + " |",
            "|---" * (len(TAG_COLUMNS) + 2) + "|",
        ]
        lines += [f"| {tag} | {n} | " + " | ".join(_fmt(v) for v in values) + " |" for tag, n, values in _tag_rows(s)]
    if s.get("judge"):
        j = s["judge"]
        lines += [
            "",
            f"## LLM judge ({j['model']}, not gated)",
            "",
            f"- faithfulness: {_fmt(j['faithfulness']['mean'])} (spread {_fmt(j['faithfulness']['spread'])})",
            f"- answer relevance: {_fmt(j['answer_relevance']['mean'])} (spread "
            f"{_fmt(j['answer_relevance']['spread'])})",
        ]
    failing = _failing(report)
    lines += ["", f"## Failing cases ({len(failing)})", ""]
    for case in failing:
        lines += [
            f"### {case['id']}",
            "",
            f"**Question:** {case.get('question', '')}",
            "",
            f"**Retrieved:** {', '.join(case['retrieved']) or '(nothing)'}",
            "",
            "**Why:** " + "; ".join(case["failures"]),
            "",
        ]
        if case.get("answer"):
            lines += ["**Answer:**", "", "> " + case["answer"].replace("\n", "\n> "), ""]
    return "\n".join(lines).rstrip() + "\n"


def _bar_chart(title: str, groups: list[str], series: dict[str, list[float | None]], colours: dict[str, str]) -> str:
    width, height, left, bottom, top = 640, 260, 40, 40, 30
    plot_w, plot_h = width - left - 10, height - bottom - top
    group_w = plot_w / max(1, len(groups))
    bar_w = group_w * 0.8 / max(1, len(series))
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{html.escape(title)}">',
        f'<text x="{width / 2}" y="18" text-anchor="middle" font-weight="bold">{html.escape(title)}</text>',
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        y = top + plot_h * (1 - tick)
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{tick:.2f}</text>'
        )
    for g, group in enumerate(groups):
        x0 = left + g * group_w + group_w * 0.1
        for s, (name, values) in enumerate(series.items()):
            value = values[g] or 0.0
            h = plot_h * max(0.0, min(1.0, value))
            x = x0 + s * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                f'fill="{colours.get(name, "#666")}"><title>{html.escape(name)} {html.escape(group)}: '
                f"{_fmt(values[g])}</title></rect>"
            )
        parts.append(
            f'<text x="{left + g * group_w + group_w / 2:.1f}" y="{height - bottom + 16}" font-size="11" '
            f'text-anchor="middle">{html.escape(group)}</text>'
        )
    for s, name in enumerate(series):
        parts.append(
            f'<rect x="{left + s * 90}" y="{height - 14}" width="10" height="10" fill="{colours.get(name, "#666")}"/>'
            f'<text x="{left + s * 90 + 14}" y="{height - 5}" font-size="11">{html.escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _rows(summary: dict) -> list[str]:
    """The retrieval rows of a report: each mode, and the bare question's hybrid ranking when recorded."""
    return [mode for mode in (*MODES, QUESTION_ALONE) if mode in summary["retrieval"]]


def html_report(report: dict) -> str:
    s = report["summary"]
    retrieval_chart = _bar_chart(
        "Retrieval by mode",
        list(RETRIEVAL_METRICS),
        {m: [s["retrieval"][m][k] for k in RETRIEVAL_METRICS] for m in MODES},
        MODE_COLOURS,
    )
    answer_chart = ""
    if s.get("answers"):
        metrics = list(ANSWER_METRICS) + ["rubric_mean"]
        values = [s["answers"][m] for m in ANSWER_METRICS] + [s["coaching"]["rubric_mean"]]
        answer_chart = _bar_chart("Answers and coaching", metrics, {"score": values}, {"score": "#6a51a3"})
    rows = "".join(
        f"<tr><td>{mode}</td>"
        + "".join(f"<td>{_fmt(s['retrieval'][mode][m])}</td>" for m in RETRIEVAL_METRICS)
        + "</tr>"
        for mode in _rows(s)
    )
    failing = "".join(
        f"<section class='case'><h3>{html.escape(c['id'])}</h3><p><b>Question:</b> "
        f"{html.escape(c.get('question', ''))}</p>"
        f"<p><b>Retrieved:</b> {html.escape(', '.join(c['retrieved']) or '(nothing)')}</p>"
        f"<p><b>Why:</b> {html.escape('; '.join(c['failures']))}</p>"
        + (f"<blockquote>{html.escape(c['answer'])}</blockquote>" if c.get("answer") else "")
        + "</section>"
        for c in _failing(report)
    )
    run = "".join(f"<li>{html.escape(str(k))}: {html.escape(str(v))}</li>" for k, v in report.get("run", {}).items())
    by_tag = ""
    if s.get("by_tag"):
        by_tag = (
            "<h2>By tag</h2><table><tr><th>tag</th><th>cases</th>"
            + "".join(f"<th>{c}</th>" for c in TAG_COLUMNS)
            + "</tr>"
            + "".join(
                f"<tr><td>{html.escape(tag)}</td><td>{n}</td>"
                + "".join(f"<td>{_fmt(v)}</td>" for v in values)
                + "</tr>"
                for tag, n, values in _tag_rows(s)
            )
            + "</table>"
        )
    conversations = ""
    if s.get("conversations"):
        c = s["conversations"]
        conversations = (
            "<h2>Conversations</h2><table>"
            + "".join(f"<tr><td>{m}</td><td>{_fmt(c[m])}</td></tr>" for m in CONVERSATION_METRICS)
            + "</table>"
        )
    guard = ""
    if s.get("guard"):
        g = s["guard"]
        guard = (
            f"<h2>Scope and safety guard ({g['folds']}-fold nested cross-validation, {g['messages']} "
            f"messages)</h2><table>"
            + "".join(f"<tr><td>{m}</td><td>{_fmt(g[m])}</td></tr>" for m in GUARD_METRICS)
            + "</table>"
            + "<table><tr><th>category</th><th>messages</th><th>precision</th><th>recall</th></tr>"
            + "".join(
                f"<tr><td>{html.escape(c)}</td><td>{v['messages']}</td><td>{_fmt(v['precision'])}</td><td>{_fmt(v['recall'])}</td></tr>"
                for c, v in g["categories"].items()
            )
            + "</table>"
        )
    every_case = "".join(
        f"<tr class='{'pass' if c['passed'] else 'fail'}'><td>{html.escape(c['id'])}</td>"
        f"<td>{html.escape(', '.join(c.get('tags', [])))}</td>"
        f"<td>{'pass' if c['passed'] else 'fail'}</td><td "
        f"class='why'>{html.escape('; '.join(c['failures'])) or '—'}</td></tr>"
        for c in report["cases"]
    )
    answers = ""
    if s.get("answers"):
        cells = [(m, s["answers"][m]) for m in ANSWER_METRICS] + [
            ("rubric_mean", s["coaching"]["rubric_mean"]),
            ("ttft_p50_s", s["latency"]["ttft_p50_s"]),
            ("total_p50_s", s["latency"]["total_p50_s"]),
        ]
        answers = (
            "<h2>Answers</h2><table>"
            + "".join(f"<tr><td>{m}</td><td>{_fmt(v)}</td></tr>" for m, v in cells)
            + "</table>"
        )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strategy Coach eval report</title>
<style>body{{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:4px 10px;text-align:right}}
td:first-child,th:first-child{{text-align:left}}
.case{{border-left:4px solid #c0392b;padding:0 1em;margin:1em 0}}tr.fail td{{background:#fdecea}}
tr.fail td.why{{color:#b03a2e;font-weight:bold;text-align:left}}td.why{{text-align:left}}
blockquote{{white-space:pre-wrap;background:#f6f6f6;padding:.5em 1em;margin:0}}</style></head>
<body><h1>Strategy Coach eval report</h1><ul>{run}</ul><p>Cases: {s["cases"]}</p>
<h2>Retrieval (document level)</h2>
<table><tr><th>mode</th>{"".join(f"<th>{m}</th>" for m in RETRIEVAL_METRICS)}</tr>{rows}</table>
{retrieval_chart}{answers}{answer_chart}{conversations}{guard}{by_tag}
<h2>Every case</h2><table><tr><th>case</th><th>tags</th><th>result</th><th>failing check</th></tr>{every_case}</table>
<h2>Failing cases ({len(_failing(report))})</h2>{failing or "<p>None.</p>"}
</body></html>
"""


def terminal_table(report: dict):
    """Retrieval by mode; then the answer, conversation and guard figures; then the answer modes."""
    from rich.console import Group
    from rich.table import Table

    s = report["summary"]
    retrieval = Table(title=f"Eval: {s['cases']} cases — retrieval")
    retrieval.add_column("figure")
    for mode in _rows(s):
        retrieval.add_column(mode, justify="right")
    for metric in RETRIEVAL_METRICS:
        retrieval.add_row(metric, *(_fmt(s["retrieval"][mode][metric]) for mode in _rows(s)))
    tables = [retrieval]
    if s.get("fusion"):
        f = s["fusion"]
        fusion = Table(
            title=f"Hybrid fusion: chosen dense weight {f['chosen_weight']}, document boost {f['chosen_boost']}, "
            f"whole-document BM25 {f.get('chosen_document_bm25', 0.0)} "
            f"({f['folds']}-fold cross-validated figures)"
        )
        fusion.add_column("ranking")
        for metric in RETRIEVAL_METRICS:
            fusion.add_column(metric, justify="right")
        for name, key in (
            ("hybrid (cv settings)", "cross_validated_hybrid"),
            ("hybrid (current)", "current_hybrid"),
            ("dense", "dense"),
            ("bm25", "bm25"),
        ):
            if f.get(key):
                fusion.add_row(name, *(_fmt(f[key][m]) for m in RETRIEVAL_METRICS))
        tables.append(fusion)
    if not s.get("answers"):
        return Group(*tables)
    answers = Table(title="Answers, coaching and guard")
    answers.add_column("figure")
    answers.add_column("value", justify="right")
    for metric in ANSWER_METRICS:
        answers.add_row(metric, _fmt(s["answers"][metric]))
    answers.add_row("rubric_mean", _fmt(s["coaching"]["rubric_mean"]))
    if s.get("conversations"):
        answers.add_row("conversations pass_rate", _fmt(s["conversations"]["pass_rate"]))
    for metric in GUARD_METRICS if s.get("guard") else ():
        answers.add_row(f"guard {metric} (cv)", _fmt(s["guard"][metric]))
    answers.add_row("ttft_p50_s", _fmt(s["latency"]["ttft_p50_s"]))
    answers.add_row("total_p50_s", _fmt(s["latency"]["total_p50_s"]))
    tables.append(answers)
    if s.get("answer_modes"):
        modes = Table(title="Answer modes side by side")
        modes.add_column("figure")
        for mode in s["answer_modes"]:
            modes.add_column(mode, justify="right")
        for metric in MODE_METRICS:
            modes.add_row(metric, *(_fmt(f[metric]) for f in s["answer_modes"].values()))
        tables.append(modes)
    return Group(*tables)
