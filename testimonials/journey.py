"""The emotion curve of a case: the journey's phases as points on a server-drawn SVG.

No JavaScript: the template draws a polyline through the points and labels each phase; a table
next to it carries the same information as text.
"""

from dataclasses import dataclass

from .models.choices import EMOTION_VALENCE

WIDTH = 640
HEIGHT = 260
PAD_X = 60
PAD_TOP = 30
PAD_BOTTOM = 50


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    step: object


def _y(valence):
    # +2 at the top, -2 at the bottom.
    usable = HEIGHT - PAD_TOP - PAD_BOTTOM
    return round(PAD_TOP + (2 - valence) * usable / 4, 1)


def journey_chart(steps):
    """Coordinates for ``steps`` (in phase order): points, the polyline and the guide lines."""
    n = len(steps)
    span = WIDTH - 2 * PAD_X
    points = []
    for i, step in enumerate(steps):
        x = WIDTH / 2 if n == 1 else PAD_X + i * span / (n - 1)
        points.append(Point(round(x, 1), _y(EMOTION_VALENCE.get(step.emotion, 0)), step))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "points": points,
        "polyline": " ".join(f"{p.x},{p.y}" for p in points),
        "top": _y(2),
        "middle": _y(0),
        "bottom": _y(-2),
        "label_y": HEIGHT - 18,
        "left": PAD_X - 30,
        "right": WIDTH - PAD_X + 30,
    }
