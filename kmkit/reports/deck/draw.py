"""The deck's look in python-pptx: a branded title slide, one layout per finding, references.

Every slide has a real title (PowerPoint's outline, screen readers and the tests read it),
a small section line above it in the consultant's colour, and a footer with the methods
cited, the client and the slide number.
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from kmkit.present.slides import Chart, Slide, Table
from kmkit.reports.deck.charts import add_chart
from kmkit.reports.deck.citations import short

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.6)
INNER = WIDTH - 2 * MARGIN
TITLE_ONLY, BLANK = 5, 6  # layouts of python-pptx's default template
INK, GREY, PALE = RGBColor(0x22, 0x22, 0x22), RGBColor(0x66, 0x66, 0x66), "F1F4F7"
BODY = Pt(13)


def presentation() -> Presentation:
    """An empty 16:9 presentation on python-pptx's plain template."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    return prs


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _text(slide: object, box: tuple, text: str, size: Pt, colour: RGBColor, bold: bool = False):
    shape = slide.shapes.add_textbox(*box)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.text = text
    for run in frame.paragraphs[0].runs:
        run.font.size, run.font.bold, run.font.color.rgb = size, bold, colour
    return shape


def _title(slide: object, text: str, box: tuple, size: Pt, colour: RGBColor) -> None:
    """Fill the layout's title placeholder, moved to `box`, left-aligned."""
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = box
    frame = title.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.text = text
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    for run in paragraph.runs:
        run.font.size, run.font.color.rgb = size, colour


def _band(slide: object, box: tuple, colour: str) -> None:
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *box)
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(colour)
    band.line.fill.background()


def title_slide(
    prs: Presentation, *, client: str, consultant: str, colour: str, logo: bytes | None, when: str
) -> None:
    """The cover: what the meeting is about, for whom, by whom, in the consultant's colours."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    _band(slide, (0, 0, Inches(0.35), HEIGHT), colour)
    left = Inches(1.1)
    _text(
        slide,
        (left, Inches(1.6), Inches(9), Inches(0.5)),
        "Steering meeting",
        Pt(18),
        _rgb(colour),
        bold=True,
    )
    _title(
        slide,
        "Knowledge management: where we stand and what comes next",
        (left, Inches(2.2), Inches(10.5), Inches(1.9)),
        Pt(40),
        INK,
    )
    _text(slide, (left, Inches(4.3), Inches(10.5), Inches(0.7)), client, Pt(28), _rgb(colour))
    _text(
        slide,
        (left, Inches(5.2), Inches(10.5), Inches(0.5)),
        f"Prepared by {consultant}, {when}",
        Pt(16),
        GREY,
    )
    if logo is not None:
        _picture(
            slide,
            logo,
            (Inches(10.3), Inches(0.5), Inches(2.4), Inches(1.2)),
            "Logo of " + consultant,
        )


def finding_slide(
    prs: Presentation, finding: Slide, *, colour: str, footer: str, number: int
) -> None:
    """One finding: section line, headline, the visual and the points that explain it."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    _band(slide, (0, 0, WIDTH, Inches(0.12)), colour)
    _text(
        slide,
        (MARGIN, Inches(0.3), INNER, Inches(0.35)),
        finding.section.upper(),
        Pt(12),
        _rgb(colour),
        bold=True,
    )
    _title(slide, finding.headline, (MARGIN, Inches(0.65), INNER, Inches(1.3)), Pt(22), INK)
    top, bottom = Inches(2.05), Inches(6.85)
    if finding.wide:
        visual = (MARGIN, top, INNER, Inches(3.55))
        words = (MARGIN, top + Inches(3.7), INNER, bottom - top - Inches(3.7))
    else:
        split = Inches(7.9)
        visual = (MARGIN, top, split, bottom - top)
        words = (MARGIN + split + Inches(0.3), top, INNER - split - Inches(0.3), bottom - top)
    _visual(slide, finding.visual, visual, colour)
    _points(slide, finding.points, words, small=finding.wide)
    cited = "; ".join(short(k) for k in finding.cites)
    _footer(slide, f"Method: {cited}" if cited else "", f"{footer}  |  {number}")
    if finding.notes:
        slide.notes_slide.notes_text_frame.text = finding.notes


def _visual(slide: object, visual: object, box: tuple, colour: str) -> None:
    if isinstance(visual, Chart):
        add_chart(slide.shapes, visual, box, colour)
    elif isinstance(visual, Table):
        _table(slide, visual, box, colour)


def _points(slide: object, points: tuple[str, ...], box: tuple, small: bool) -> None:
    frame = slide.shapes.add_textbox(*box).text_frame
    frame.word_wrap = True
    for n, point in enumerate(points):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        paragraph.text = point
        paragraph.space_after = Pt(6 if small else 9)
        for run in paragraph.runs:
            run.font.size, run.font.color.rgb = Pt(12) if small else BODY, INK


def _table(slide: object, table: Table, box: tuple, colour: str) -> None:
    left, top, width, _ = box
    rows, cols = len(table.rows) + 1, len(table.header)
    shape = slide.shapes.add_table(rows, cols, left, top, width, Inches(0.3) * rows)
    grid = shape.table
    size = Pt(11) if rows <= 7 else Pt(10) if rows <= 10 else Pt(9)  # long tables, smaller type
    total = sum(table.widths)
    for n, share in enumerate(table.widths):
        grid.columns[n].width = Emu(int(width * share / total))
    for r, row in enumerate([table.header, *table.rows]):
        for c, value in enumerate(row):
            cell = grid.cell(r, c)
            cell.text = value
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            for run in cell.text_frame.paragraphs[0].runs:
                run.font.size = size
                run.font.bold = r == 0 or (r - 1) in table.highlight
                run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF) if r == 0 else INK
            cell.fill.solid()
            fill = colour if r == 0 else PALE if (r - 1) in table.highlight else "FFFFFF"
            cell.fill.fore_color.rgb = _rgb(fill)


def _picture(slide: object, png: bytes, box: tuple, description: str) -> None:
    """The image as large as fits in `box`, keeping its proportions, with alternative text."""
    from PIL import Image

    left, top, width, height = box
    with Image.open(io.BytesIO(png)) as image:
        w, h = image.size
    scale = min(width / w, height / h)
    picture = slide.shapes.add_picture(
        io.BytesIO(png), left, top, Emu(int(w * scale)), Emu(int(h * scale))
    )
    picture._element.nvPicPr.cNvPr.set("descr", description)


def _footer(slide: object, left: str, right: str) -> None:
    y, h, split = Inches(6.95), Inches(0.35), Inches(6.5)
    _text(slide, (MARGIN, y, split, h), left, Pt(10), GREY)
    box = _text(slide, (MARGIN + split, y, INNER - split, h), right, Pt(10), GREY)
    box.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT


def references_slide(prs: Presentation, entries: list[str], *, colour: str, footer: str) -> None:
    """The methods cited on the slides, in full, in the order they first appear."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    _band(slide, (0, 0, WIDTH, Inches(0.12)), colour)
    _title(
        slide,
        "The methods behind these findings",
        (MARGIN, Inches(0.5), INNER, Inches(0.9)),
        Pt(26),
        INK,
    )
    _points(slide, tuple(entries), (MARGIN, Inches(1.6), INNER, Inches(5.2)), small=True)
    _footer(slide, "", footer)
