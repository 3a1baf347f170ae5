"""Annex A: the chart is generated at build time from the table authored on the page."""

from __future__ import annotations

import pathlib
from html.parser import HTMLParser

from conftest import ROOT

from build_tools.content.charts import annex_a_svg, parse_annex_a

TABLE = """## Annex A {#annex-a}

| Question | Positive | Negative | Neutral | No response |
| --- | --- | --- | --- | --- |
| 1. Category 2 offences | 14 (33%) | 3 (7%) | 10 (24%) | 15 (36%) |
| 5. Further comments | 7 (17%) | 4 (9%) | 20 (48%) | 11 (26%) |

After the table.
"""


def test_table_rows_are_parsed() -> None:
    rows = parse_annex_a(TABLE)
    assert [(r.label, r.counts) for r in rows] == [
        ("1. Category 2 offences", (14, 3, 10, 15)),
        ("5. Further comments", (7, 4, 20, 11)),
    ]


def test_real_consultation_page_has_five_questions_of_42() -> None:
    rows = parse_annex_a((ROOT / "docs/pages/consultation.md").read_text(encoding="utf-8"))
    assert len(rows) == 5
    assert [sum(r.counts) for r in rows] == [42, 42, 38, 42, 42]  # Q3 adds to 38 as printed


class _Svg(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rects: list[dict[str, str | None]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "rect":
            self.rects.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append(data.strip())


def test_svg_bars_are_proportional_and_labelled() -> None:
    svg = _Svg()
    svg.feed(annex_a_svg(parse_annex_a(TABLE)))
    bars = [r for r in svg.rects if r.get("height") == "24"]
    assert len(bars) == 8
    assert [b["width"] for b in bars[:4]] == ["146.7", "31.4", "104.8", "157.1"]
    assert "Positive: 14" in svg.texts and "1. Category 2 offences" in svg.texts


def test_built_consultation_page_carries_the_chart(built_docs: pathlib.Path) -> None:
    html = (built_docs / "site/pages/consultation.html").read_text(encoding="utf-8")
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 1
    assert "<!-- annex-a-chart -->" not in html
