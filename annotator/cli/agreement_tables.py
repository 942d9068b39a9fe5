"""The agreement figures every command prints the same way: ``agreement`` on files and
``progress`` on the shared documents of an assignment plan."""

from __future__ import annotations

from annotator.cli.output import print_table
from annotator.core.agreement import AgreementReport

OVERALL_FIGURES = ("span_f1_exact", "span_f1_overlap", "relation_f1", "alpha")


def figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def print_overview(report: AgreementReport) -> None:
    """The pooled figures, then each pair of annotators over the documents both finished."""
    print_table(
        ["OVERALL", "SPAN F1 EXACT", "SPAN F1 OVERLAP", "RELATION F1", "ALPHA"],
        [["all"] + [figure(report.overall[key]) for key in OVERALL_FIGURES]],
        right_align=[1, 2, 3, 4],
    )
    print()
    print_table(
        ["PAIR", "DOCS", "SPAN F1 EXACT", "SPAN F1 OVERLAP", "RELATION F1"],
        [
            [
                f"{p.a} / {p.b}",
                p.documents,
                figure(p.span_f1_exact),
                figure(p.span_f1_overlap),
                figure(p.relation_f1),
            ]
            for p in report.pairs
        ],
        right_align=[1, 2, 3, 4],
    )
