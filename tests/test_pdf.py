"""The printed report: page numbers, a running header, and no page left mostly empty."""

import html
import re
import shutil

import numpy as np
import pytest
from helpers import AS_OF, SHIPPED_CLIENTS, run_kmkit

pytestmark = pytest.mark.slow

CLIENT = "Harbour & Finch Chartered Accountants"  # demo-accounting's name
TOP_MM, BOTTOM_MM = 20, 18  # the page margins of report.css, where header and number sit
GAP_MM = 8  # white at least this tall is empty space; the white between lines is not
SCALE = 0.5


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """`kmkit report demo-accounting --pdf` run once on a copy of the demo clients."""
    root = tmp_path_factory.mktemp("pdf") / "clients"
    shutil.copytree(SHIPPED_CLIENTS, root, ignore=shutil.ignore_patterns("reports"))
    done = run_kmkit(
        "report", "demo-accounting", "--pdf", "--as-of", AS_OF.isoformat(), clients=root
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "demo-accounting" / "reports", done


@pytest.fixture(scope="module")
def pages(printed):
    """Each page's text, whitespace folded, and its rendered pixels."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(printed[0] / "report.pdf")
    return [
        (
            " ".join(page.get_textpage().get_text_range().split()),
            page.render(scale=SCALE).to_numpy()[..., :3],
        )
        for page in pdf
    ]


def blank_share(pixels: np.ndarray) -> float:
    """Share of a page's text area that is empty: near-white rows in runs of GAP_MM or more."""
    mm = pixels.shape[0] / 297  # A4 height
    area = pixels[round(TOP_MM * mm) : pixels.shape[0] - round(BOTTOM_MM * mm)]
    white = (area > 235).all(axis=-1).all(axis=-1).astype(int)
    edges = np.flatnonzero(np.diff(np.r_[0, white, 0]))
    runs = edges[1::2] - edges[::2]
    return float(runs[runs >= GAP_MM * mm].sum() / len(white))


def test_report_pdf_writes_the_pdf(printed):
    reports, done = printed
    assert (reports / "report.pdf").stat().st_size > 10_000
    assert str(reports / "report.pdf") in done.stdout
    assert (reports / "report.pdf").read_bytes().startswith(b"%PDF")


def test_every_page_has_its_number_and_the_running_header(pages):
    total = len(pages)
    assert total >= 10
    for number, (text, _) in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text, f"page {number}: {text[:120]!r}"
        assert f"{CLIENT} · {AS_OF.isoformat()}" in text, f"page {number}: {text[:120]!r}"


def test_no_page_but_a_sections_last_is_more_than_half_blank(printed, pages):
    """Only a section's last page may be more than half empty.

    Each phase (an h1) starts a new page, so a page is a section's last when the next page
    begins with an h1 title of the report, or when it is the report's last page; the cover
    counts as one (the first phase starts after it). Blank space is measured inside the page
    margins, as near-white pixel rows in runs of at least GAP_MM: the white between lines and
    paragraphs is part of a full page, a heading left behind by its chart is not.
    """
    source = (printed[0] / "report.html").read_text(encoding="utf-8")
    titles = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", t)).split())
        for t in re.findall(r'<h1 id="[^"]*">(.*?)</h1>', source, flags=re.S)
    ]
    assert len(titles) >= 5
    header = f"{CLIENT} · {AS_OF.isoformat()}"

    def body(number: int) -> str:
        text = pages[number][0].replace(header, "")
        return text.replace(f"Page {number + 1} of {len(pages)}", "").strip()

    too_blank = []
    for number in range(len(pages) - 1):
        share = blank_share(pages[number][1])
        last_of_section = any(body(number + 1).startswith(t) for t in titles)
        if share > 0.5 and not last_of_section:
            too_blank.append(f"page {number + 1}: {share:.0%} blank, {body(number)[:60]!r}")
    assert not too_blank, "; ".join(too_blank)
    starts = sum(any(body(n).startswith(t) for t in titles) for n in range(len(pages)))
    assert starts == len(titles)  # every phase found at the top of a page: the rule is live
