"""Reading back the PDFs the bot makes, as a person's viewer would (pypdf)."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page; fails on anything that is not a readable PDF."""
    assert data.startswith(b"%PDF-"), data[:16]
    reader = PdfReader(io.BytesIO(data), strict=True)
    return [page.extract_text() for page in reader.pages]


def pdf_text(data: bytes) -> str:
    """All the text, with line breaks and runs of spaces folded to single spaces."""
    return " ".join(" ".join(pdf_pages(data)).split())
