"""Server-rendered SVG charts for the Tevredenheid view, as the campaign results draw theirs:
geometry here, drawing in the template, a table of the same numbers beside every chart."""

from __future__ import annotations

import math
from typing import Any


def nice_max(value: float) -> float:
    """The smallest of 1, 2, 5 × 10^n at or above ``value`` (at least 1): a readable axis top."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _tick(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 1)


def columns(
    points: list[tuple[str, float | None]],
    *,
    top_value: float | None = None,
    target: float | None = None,
    width: int = 720,
    height: int = 200,
    left: int = 40,
    bottom: int = 22,
    top: int = 10,
) -> dict[str, Any]:
    """Columns for ``points`` (label, value or None), with an optional target line."""
    count = max(len(points), 1)
    plot_w, plot_h = width - left - 4, height - bottom - top
    if top_value is None:
        top_value = nice_max(max((v or 0 for _label, v in points), default=0))
    slot = plot_w / count
    bar_w = max(slot * 0.6, 1)
    every = max(1, math.ceil(count / 12))
    bars = []
    for i, (label, value) in enumerate(points):
        h = plot_h * (value or 0) / top_value
        bars.append(
            {
                "x": round(left + i * slot + (slot - bar_w) / 2, 2),
                "y": round(top + plot_h - h, 2),
                "w": round(bar_w, 2),
                "h": round(h, 2),
                "label": label,
                "value": value,
                "show_label": i % every == 0,
                "label_x": round(left + i * slot + slot / 2, 2),
            }
        )
    ticks = [
        {"y": round(top + plot_h - plot_h * f, 2), "value": _tick(top_value * f)}
        for f in (0, 0.5, 1)
    ]
    line = None
    if target is not None:
        line = {"y": round(top + plot_h - plot_h * float(target) / top_value, 2), "value": target}
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - 4,
        "base": top + plot_h,
        "label_y": height - 6,
        "bars": bars,
        "ticks": ticks,
        "target": line,
    }


def bars(
    items: list[tuple[str, float | None]],
    *,
    top_value: float | None = None,
    width: int = 720,
    row: int = 26,
    label_w: int = 190,
) -> dict[str, Any]:
    """Horizontal bars for ``items`` (label, value)."""
    if top_value is None:
        top_value = max((v or 0 for _label, v in items), default=0) or 1
    plot_w = width - label_w - 60
    rows = []
    for i, (label, value) in enumerate(items):
        w = plot_w * (value or 0) / top_value
        rows.append(
            {
                "y": i * row,
                "text_y": i * row + row * 0.65,
                "w": round(w, 2),
                "label": label,
                "value": value,
                "value_x": round(label_w + w + 6, 2),
            }
        )
    return {"width": width, "height": max(len(items), 1) * row, "label_w": label_w, "rows": rows}
