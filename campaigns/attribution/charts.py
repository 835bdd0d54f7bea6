"""Server-rendered SVG charts for the results page: geometry here, drawing in the template.

No chart library and nothing loaded from elsewhere: a column chart per day and horizontal bars
per channel, each with a table of the same numbers for screen readers and copying.
"""

import math


def nice_max(value):
    """The smallest of 1, 2, 5 × 10^n at or above ``value`` (at least 1): a readable axis top."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def columns(points, *, width=720, height=180, left=40, bottom=22, top=8):
    """Columns for ``points`` (label, value); every seventh label is shown under the axis."""
    count = max(len(points), 1)
    plot_w, plot_h = width - left - 4, height - bottom - top
    top_value = nice_max(max((value for _label, value in points), default=0))
    slot = plot_w / count
    bar_w = max(slot * 0.7, 1)
    bars = []
    for i, (label, value) in enumerate(points):
        h = plot_h * value / top_value
        bars.append(
            {
                "x": round(left + i * slot + (slot - bar_w) / 2, 2),
                "y": round(top + plot_h - h, 2),
                "w": round(bar_w, 2),
                "h": round(h, 2),
                "label": label,
                "value": value,
                "show_label": i % 7 == 0,
                "label_x": round(left + i * slot + slot / 2, 2),
            }
        )
    ticks = [
        {"y": round(top + plot_h - plot_h * f, 2), "value": int(top_value * f)} for f in (0, 0.5, 1)
    ]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - 4,
        "base": top + plot_h,
        "label_y": height - 6,
        "bars": bars,
        "ticks": ticks,
    }


def bars(items, *, width=720, row=26, label_w=190):
    """Horizontal bars for ``items`` (label, value), longest first as given."""
    top_value = max((value for _label, value in items), default=0) or 1
    plot_w = width - label_w - 60
    rows = []
    for i, (label, value) in enumerate(items):
        rows.append(
            {
                "y": i * row,
                "text_y": i * row + row * 0.65,
                "w": round(plot_w * value / top_value, 2),
                "label": label,
                "value": value,
                "value_x": round(label_w + plot_w * value / top_value + 6, 2),
            }
        )
    return {"width": width, "height": max(len(items), 1) * row, "label_w": label_w, "rows": rows}
