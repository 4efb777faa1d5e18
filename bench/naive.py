"""The naive scripts the issues quote as references, run on this machine to tell how fast it is.

Each reads the Markdown export of the content (`# ` headings, `- ` bullets) and writes one document the
obvious way, with no care for speed: python-docx looking styles up by name, python-pptx one slide per
heading, WeasyPrint on plain HTML with its default stylesheet.

Usage: python bench/naive.py docx|pptx|pdf plan.md output
"""

from __future__ import annotations

import html
import sys
from pathlib import Path


def blocks(markdown: Path) -> list[tuple[str, str]]:
    """(kind, text) with kind in h1, h2, h3, li, p; the pandoc title block is skipped."""
    out = []
    for line in markdown.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("%"):
            continue
        if stripped.startswith("#"):
            level = len(stripped) - len(stripped.lstrip("#"))
            out.append((f"h{level}", stripped[level:].strip()))
        elif stripped.startswith("- "):
            out.append(("li", stripped[2:]))
        else:
            out.append(("p", stripped))
    return out


def docx(items: list[tuple[str, str]], target: Path) -> None:
    from docx import Document

    document = Document()
    for kind, text in items:
        if kind.startswith("h"):
            document.add_heading(text, level=int(kind[1]))
        else:
            document.add_paragraph(text, style="List Bullet" if kind == "li" else "Normal")
    document.save(str(target))


def pptx(items: list[tuple[str, str]], target: Path) -> None:
    from pptx import Presentation

    deck = Presentation()
    body = None
    for kind, text in items:
        if kind.startswith("h"):
            slide = deck.slides.add_slide(deck.slide_layouts[1])
            slide.shapes.title.text = text
            body = slide.placeholders[1].text_frame
        elif body is not None:
            body.add_paragraph().text = text
    deck.save(str(target))


def plain_html(items: list[tuple[str, str]]) -> str:
    parts = ["<!DOCTYPE html><html lang='fr'><meta charset='utf-8'><body>"]
    for kind, text in items:
        tag = "p" if kind == "li" else kind
        parts.append(f"<{tag}>{'• ' if kind == 'li' else ''}{html.escape(text)}</{tag}>")
    return "".join(parts)


def pdf(items: list[tuple[str, str]], target: Path) -> None:
    import weasyprint

    weasyprint.HTML(string=plain_html(items)).write_pdf(str(target))


if __name__ == "__main__":
    kind, source, output = sys.argv[1:4]
    {"docx": docx, "pptx": pptx, "pdf": pdf}[kind](blocks(Path(source)), Path(output))
