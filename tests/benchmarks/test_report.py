"""The summary table of ``make bench``: one section per title, every row under its columns."""

from tests.benchmarks import report


def test_rows_line_up_under_the_union_of_their_columns_and_missing_cells_show_a_dash():
    tables = {
        "Mail (postgresql)": [
            {"what": "mailing render + queue", "mails/s": 2345.6, "× raw limit": 0.784},
            {"what": "delivery, one connection per batch", "mails/s": 812.0, "queries": 3},
        ],
        "Public pages": [{"page": "/ (HomePage)", "ms": 12.345}],
    }
    lines = report.lines(tables)
    assert lines[1] == "Mail (postgresql)"
    header, rule, render, delivery = lines[2:6]
    assert header.split() == ["what", "mails/s", "×", "raw", "limit", "queries"]
    assert render.split()[-3:] == ["2,346", "0.78", "–"]
    assert delivery.split()[-3:] == ["812", "–", "3"]
    # Figures are right-aligned: every row of a section is as wide as its header.
    assert len(render) == len(delivery) == len(header) == len(rule)
    assert lines[7:] == [
        "Public pages",
        "page            ms",
        "------------  ----",
        "/ (HomePage)  12.3",
    ]


def test_rows_from_an_xdist_worker_join_the_section_of_the_same_title(monkeypatch):
    monkeypatch.setattr(report, "_tables", {})
    report.record("Mail (sqlite)", {"what": "here", "mails/s": 1.0})
    report.merge({"Mail (sqlite)": [{"what": "worker", "mails/s": 2.0}]})
    assert [row["what"] for row in report.recorded()["Mail (sqlite)"]] == ["here", "worker"]
