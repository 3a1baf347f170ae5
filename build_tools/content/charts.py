"""Build-time SVG charts from tables authored in the content (no JavaScript, no CDN)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = [
    "ANNEX_A_PLACEHOLDER",
    "AnnexRow",
    "annex_a_svg",
    "insert_annex_a_chart",
    "parse_annex_a",
]

ANNEX_A_PLACEHOLDER = "<!-- annex-a-chart -->"
_CELL = re.compile(r"^\s*(\d+)\s*\((\d+)%\)\s*$")
_SERIES = (
    ("Positive", "#1b5e20"),
    ("Negative", "#b71c1c"),
    ("Neutral", "#455a64"),
    ("No response", "#bdbdbd"),
)


@dataclass(frozen=True)
class AnnexRow:
    label: str
    counts: tuple[int, int, int, int]  # positive, negative, neutral, no response


def parse_annex_a(markdown: str) -> list[AnnexRow]:
    """Rows of the first table after the `{#annex-a}` heading: `| label | n (p%) | x4 |`."""
    _, _, rest = markdown.partition("{#annex-a}")
    rows: list[AnnexRow] = []
    for line in rest.split("\n"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and all(_CELL.match(c) for c in cells[1:]):
            counts = tuple(int(_CELL.match(c).group(1)) for c in cells[1:])  # type: ignore[union-attr]
            rows.append(AnnexRow(cells[0], counts))  # type: ignore[arg-type]
        elif rows and not line.strip().startswith("|"):
            break
    return rows


def annex_a_svg(rows: list[AnnexRow], *, total: int = 42) -> str:
    """A stacked bar per question; every segment also carries its number as text."""
    bar_x, bar_w, row_h = 190, 440, 34
    height = 40 + row_h * len(rows) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 660 {height}" '
        f'width="660" height="{height}" aria-labelledby="annex-a-title annex-a-desc" '
        'class="kb-chart">',
        '<title id="annex-a-title">Annex A: ratings of the answers to each question</title>',
        f'<desc id="annex-a-desc">Stacked bars of positive, negative, neutral and no '
        f"response counts out of {total} responses, one bar per question.</desc>",
    ]
    for n, (name, colour) in enumerate(_SERIES):
        lx = bar_x + n * 110
        parts.append(
            f'<rect x="{lx}" y="8" width="12" height="12" fill="{colour}"/>'
            f'<text x="{lx + 16}" y="19" font-size="12">{name}</text>'
        )
    for i, row in enumerate(rows):
        y = 40 + i * row_h
        parts.append(f'<text x="0" y="{y + 17}" font-size="12">{html.escape(row.label)}</text>')
        x = float(bar_x)
        for count, (name, colour) in zip(row.counts, _SERIES, strict=True):
            width = bar_w * count / total
            text_fill = "#000" if name == "No response" else "#fff"
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="24" '
                f'fill="{colour}"><title>{name}: {count}</title></rect>'
            )
            if width >= 18:
                parts.append(
                    f'<text x="{x + width / 2:.1f}" y="{y + 16}" font-size="11" '
                    f'text-anchor="middle" fill="{text_fill}">{count}</text>'
                )
            x += width
    parts.append("</svg>")
    return "".join(parts)


def insert_annex_a_chart(markdown: str) -> str:
    if ANNEX_A_PLACEHOLDER not in markdown:
        return markdown
    rows = parse_annex_a(markdown)
    if not rows:
        return markdown
    figure = f'<figure class="kb-figure" markdown="0">{annex_a_svg(rows)}</figure>'
    return markdown.replace(ANNEX_A_PLACEHOLDER, figure)
