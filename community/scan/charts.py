"""Server-side SVG charts (no JavaScript): the scores per theme, and a member's scans over time.

Each function returns the numbers a template draws; the same numbers are always shown as text
beside the chart.
"""

from __future__ import annotations

from typing import Any

BAR_ROW = 34
BAR_WIDTH = 220
LABEL_X = 0


def theme_bars(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """``rows`` of ``{name, score}`` as bars in a 300-wide view box, one row each."""
    bars = []
    for index, row in enumerate(rows):
        top = index * BAR_ROW
        bars.append(
            {
                "name": row["name"],
                "score": row["score"],
                "label_y": top + 12,
                "bar_y": top + 16,
                "width": round(BAR_WIDTH * row["score"] / 100),
                "value_x": round(BAR_WIDTH * row["score"] / 100) + 6,
            }
        )
    return {"bars": bars, "height": max(len(rows) * BAR_ROW, BAR_ROW), "track": BAR_WIDTH}


def progress_line(values: list[int], width: int = 240, height: int = 64) -> dict[str, Any]:
    """Scores (0-100, oldest first) as a polyline with a dot per scan."""
    pad = 6
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = [
        {
            "x": round(pad + i * step, 1),
            "y": round(height - pad - (height - 2 * pad) * v / 100, 1),
            "value": v,
        }
        for i, v in enumerate(values)
    ]
    return {
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "width": width,
        "height": height,
    }
