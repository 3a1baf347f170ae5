"""Whose words a paragraph is, which original paragraph it summarises, and how to cite it.

One home for the label a reader sees beside a paragraph ("Para 40", "Para 40?", "KB ¶5"), the
citation "Copy citation" copies and `kb export` records, and the shareable URL of a paragraph.
Pure functions over the content model.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_tools.content.model import ContentModel, Page, Paragraph

__all__ = [
    "Provenance",
    "cite_url",
    "counts",
    "paragraph_provenance",
    "section_provenance",
]

AUTHOR = "Crown Prosecution Service"
SUMMARY_NOTE = "summary in the knowledge base's own words, not the CPS wording"
OUR_NUMBERING = "paragraph numbering by this knowledge base"


@dataclass(frozen=True)
class Provenance:
    """What the knowledge base can honestly say about one guideline paragraph."""

    id: str
    label: str  # shown beside the paragraph
    marker: str  # how the label is styled: "confirmed", "inferred" or "ours"
    explanation: str  # its tooltip: where the paragraph comes from and how sure we are
    source_para: str | None  # the CPS paragraph number, only when confirmed
    source_status: str  # confirmed | inferred | unknown
    source_basis: str | None
    source_evidence: str
    source_heading: str | None
    citation: str  # exactly what "Copy citation" copies
    url: str  # exactly what "Copy link" copies


def cite_url(page: Page, anchor: str | None, base_url: str | None) -> str:
    """A shareable address: the public base URL when one is configured, else the stable
    site-relative path (never a file:// or loopback address)."""
    path = page.url + (f"#{anchor}" if anchor else "")
    if base_url:
        return base_url.rstrip("/") + "/" + path
    return path


def _date(value: object) -> str:
    return f"{value:%-d %B %Y}" if value is not None else "date not recorded"


def paragraph_provenance(
    page: Page, para: Paragraph, model: ContentModel, *, base_url: str | None = None
) -> Provenance:
    version = model.targets.get(f"version:{page.version}")
    vmeta = version.page.version_meta if version else None
    numbered = bool(vmeta and vmeta.numbered)
    source = page.source_of(para.id)
    ours = para.id[1:]
    status = source.status if source else "unknown"
    evidence = source.evidence if source else "no source recorded"
    original = source.para if source else None
    heading = source.heading if source else None
    if numbered and original and status == "confirmed":
        label, marker = f"Para {original}", "confirmed"
        explanation = f"CPS paragraph {original} (confirmed: {evidence}). {SUMMARY_NOTE}."
        where = f"para {original}"
    elif numbered and original and status == "inferred":
        label, marker = f"Para {original}?", "inferred"
        explanation = (
            f"Probably CPS paragraph {original}, not confirmed ({evidence}). Our paragraph "
            f"{ours}. {SUMMARY_NOTE}."
        )
        where = f"paragraph {ours} ({OUR_NUMBERING}; probably CPS para {original}, not confirmed)"
    else:
        label, marker = f"KB ¶{ours}", "ours"
        under = f" under the CPS heading '{heading}'" if heading else ""
        state = "CPS paragraph number not known" if numbered else "the CPS text is unnumbered"
        explanation = (
            f"Our paragraph {ours}{under}; {state} ({status}: {evidence}). {SUMMARY_NOTE}."
        )
        where = f"paragraph {ours} ({OUR_NUMBERING})"
    url = cite_url(page, para.id, base_url)
    title = vmeta.title if vmeta else "CPS guidelines"
    in_force = _date(vmeta.in_force) if vmeta else "date not recorded"
    citation = (
        f"{AUTHOR}, {title} ({page.version}, in force from {in_force}), section "
        f"'{page.title}', {where}; {SUMMARY_NOTE}. {url}"
    )
    return Provenance(
        id=para.id,
        label=label,
        marker=marker,
        explanation=explanation,
        source_para=original if status == "confirmed" else None,
        source_status=status,
        source_basis=source.basis if source else None,
        source_evidence=evidence,
        source_heading=heading,
        citation=citation,
        url=url,
    )


def section_provenance(
    page: Page, model: ContentModel, *, base_url: str | None = None
) -> list[Provenance]:
    """Provenance of every guideline paragraph of a section, in page order."""
    return [
        paragraph_provenance(page, p, model, base_url=base_url) for p in page.guideline_paragraphs
    ]


def counts(pages: list[Page]) -> dict[str, int]:
    """How many guideline paragraphs are confirmed, inferred, unknown."""
    found = {"confirmed": 0, "inferred": 0, "unknown": 0}
    for page in pages:
        for para in page.guideline_paragraphs:
            source = page.source_of(para.id)
            found[source.status if source else "unknown"] += 1
    return found
