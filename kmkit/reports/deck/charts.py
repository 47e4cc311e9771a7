"""Native PowerPoint charts: the data sits in the chart, so the consultant can edit and restyle.

python-pptx writes the chart and its workbook; it has no call for error bars, so the 95%
intervals are added to the chart's XML as custom error bars, which PowerPoint and
LibreOffice both draw and let the user edit.

A Gantt chart is PowerPoint's stacked bar chart with its first series (each bar's offset
from the start) left unfilled and named blank: the usual way to draw one natively, so the
consultant can move a bar by editing a number.

The chart's workbook is written by xlsxwriter, whose `write` turns text that looks like a
formula, a number or a link into one; category and series names come from client data, so
kmkit's writer writes them with `write_string` (see kmkit/inputs/cells.py).
"""

from __future__ import annotations

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.shapes.shapetree import SlideShapes
from pptx.util import Emu, Pt, lazyproperty

from kmkit.present.slides import Chart, Series

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
INK = "222222"
SECOND = "8D99AE"  # the second series: kmkit's neutral grey, beside the brand colour
GRID = "D9D9D9"
FONT = Pt(11)
TYPES = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "gantt": XL_CHART_TYPE.BAR_STACKED}


class TextCategoryWorkbookWriter(CategoryWorkbookWriter):
    """python-pptx's category workbook, with category and series names written as text."""

    def _write_cat_column(self, worksheet: object, col: int, level: object, fmt: object) -> None:
        """One column of category names, each a string cell (a date or number as it is)."""
        worksheet.set_column(col, col, 10)  # wide enough for a date, as python-pptx does
        for offset, name in level:
            write = worksheet.write_string if isinstance(name, str) else worksheet.write
            write(offset + 1, col, name, fmt)

    def _write_series(self, workbook: object, worksheet: object) -> None:
        """Each series: its name as a string cell above its values."""
        depth = self._chart_data.categories.depth
        for index, series in enumerate(self._chart_data):
            fmt = workbook.add_format({"num_format": series.number_format})
            worksheet.write_string(0, index + depth, str(series.name or ""))
            worksheet.write_column(1, index + depth, series.values, fmt)


class TextCategoryChartData(CategoryChartData):
    """Category chart data whose workbook never turns a name into a formula."""

    @lazyproperty
    def _workbook_writer(self) -> TextCategoryWorkbookWriter:
        """The writer python-pptx asks for the workbook and its ranges (its own hook)."""
        return TextCategoryWorkbookWriter(self)


def add_chart(
    shapes: SlideShapes, chart: Chart, box: tuple[Emu, Emu, Emu, Emu], colour: str
) -> object:
    """Draw `chart` into `box` (left, top, width, height) in the brand colour; return the frame."""
    data = TextCategoryChartData(number_format=chart.number_format)
    data.categories = chart.categories
    for series in chart.series:
        data.add_series(series.name, [round(v, 3) for v in series.values])
    frame = shapes.add_chart(TYPES[chart.kind], *box, data)
    drawn = frame.chart
    drawn.font.size = FONT
    drawn.has_title = True
    drawn.chart_title.text_frame.text = chart.title
    drawn.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    drawn.has_legend = chart.legend
    if chart.legend:
        drawn.legend.position = XL_LEGEND_POSITION.BOTTOM
        drawn.legend.include_in_layout = False
    _axes(drawn, chart)
    if chart.kind == "gantt":
        _gantt(drawn, chart, colour)
    else:
        _bars(drawn, chart, colour)
    return frame


def _fill(drawn_series: object, colour: str) -> None:
    drawn_series.format.fill.solid()
    drawn_series.format.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
    drawn_series.invert_if_negative = False


def _bars(drawn: object, chart: Chart, colour: str) -> None:
    """Bars with their figures written on them and their intervals, if any, as error bars."""
    plot = drawn.plots[0]
    plot.gap_width = 60
    has_errors = any(s.low is not None for s in chart.series)
    _labels(plot, chart.number_format, inside=has_errors)
    fills = (colour, SECOND)
    for n, (drawn_series, series) in enumerate(zip(plot.series, chart.series, strict=True)):
        _fill(drawn_series, series.colour or fills[min(n, len(fills) - 1)])
        if series.low is not None and series.high is not None:
            _error_bars(drawn_series._element, series)


def _gantt(drawn: object, chart: Chart, colour: str) -> None:
    """The offsets unfilled, each later series a stage in its colour, the weeks along the foot.

    The offsets' series is named blank, so its legend entry is blank: LibreOffice takes a
    legend entry deleted in the XML (`c:legendEntry`) for the last series' entry, not the
    first's, and shows an empty name as 'Series1'.
    """
    plot = drawn.plots[0]
    plot.gap_width = 40
    plot.overlap = 100  # stacked: each bar continues its offset
    offset, *stages = plot.series
    offset.format.fill.background()
    offset.format.line.fill.background()
    for drawn_series, series in zip(stages, chart.series[1:], strict=True):
        _fill(drawn_series, series.colour or colour)
    weeks = drawn.value_axis
    # The week axis crosses the categories at the last, the foot of the reversed list.
    # python-pptx's `crosses` sets only where the category axis crosses the values.
    weeks._element.find(qn("c:crosses")).set("val", "max")
    weeks.has_major_gridlines = True
    weeks.major_gridlines.format.line.color.rgb = RGBColor.from_string(GRID)


def _axes(drawn: object, chart: Chart) -> None:
    """Scale, number format and reading order: the first category on top, as in the report."""
    values = drawn.value_axis
    if chart.axis_min is not None:
        values.minimum_scale = chart.axis_min
    if chart.axis_max is not None:
        values.maximum_scale = chart.axis_max
    if chart.step is not None:
        values.major_unit = chart.step
    values.has_major_gridlines = False
    values.tick_labels.number_format = chart.number_format
    values.tick_labels.number_format_is_linked = False
    if chart.axis_title:
        values.has_title = True
        values.axis_title.text_frame.text = chart.axis_title
        values.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(10)
    categories = drawn.category_axis
    categories.tick_labels.font.size = Pt(10)
    categories.reverse_order = True


def _labels(plot: object, number_format: str, inside: bool) -> None:
    """Each bar's figure written on it: inside the end where an interval line sits outside."""
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = number_format
    labels.number_format_is_linked = False
    labels.font.size = Pt(10)
    if inside:
        labels.position = XL_LABEL_POSITION.INSIDE_BASE
        labels.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    else:
        labels.position = XL_LABEL_POSITION.OUTSIDE_END


def _numbers(values: list[float]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{v:.4f}</c:v></c:pt>' for i, v in enumerate(values))
    return (
        f'<c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="{len(values)}"/>'
        f"{points}</c:numLit>"
    )


def _error_bars(series_xml: etree._Element, series: Series) -> None:
    """Custom error bars from each value down to its low and up to its high bound."""
    plus = [max(h - v, 0.0) for v, h in zip(series.values, series.high, strict=True)]
    minus = [max(v - lo, 0.0) for v, lo in zip(series.values, series.low, strict=True)]
    xml = (
        f'<c:errBars xmlns:c="{C}" xmlns:a="{A}"><c:errBarType val="both"/>'
        '<c:errValType val="cust"/><c:noEndCap val="0"/>'
        f"<c:plus>{_numbers(plus)}</c:plus><c:minus>{_numbers(minus)}</c:minus>"
        f'<c:spPr><a:ln w="15875"><a:solidFill><a:srgbClr val="{INK}"/></a:solidFill>'
        "</a:ln></c:spPr></c:errBars>"
    )
    # The schema's order puts error bars just before the categories.
    series_xml.find(qn("c:cat")).addprevious(etree.fromstring(xml))
