"""Charts as inline SVG: bar, line, pie/donut and stacked bar.

WeasyPrint draws SVG natively, so charts stay vector graphics and their
labels stay real, extractable text in the PDF; nothing is rasterised and no
network or browser is involved. A chart is plain data (part of a report's
``charts`` list)::

    {"kind": "bar", "title": "满意度分布", "labels": ["非常满意", "满意"],
     "series": [{"name": "10月", "values": [120, 30]}], "unit": "人"}

``kind`` is ``bar``, ``line``, ``pie``, ``donut`` or ``stacked_bar``; pie and
donut use the first series.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from core.errors import ValidationError

KINDS = ("bar", "line", "pie", "donut", "stacked_bar")
PALETTE = ("#1f5fa8", "#e07b24", "#3a9a4f", "#c0392b", "#7d5ba6", "#8c6d46", "#d35d9c", "#6b7b8c")
WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 40, 52


def _a(value: Any) -> str:
    return escape(str(value), quote=True)


def nice_max(value: float) -> float:
    """The axis maximum: the data maximum rounded up to 1, 2, 2.5 or 5 × 10ⁿ."""
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def _fmt(v: float) -> str:
    """0.25 stays "0.25", 12.5 "12.5", 3 "3": up to two decimals, no trailing zeros."""
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def series_colour(i: int) -> str:
    """The i-th series/slice colour: the palette, then further distinct hues (no repeat after 8 slices)."""
    if i < len(PALETTE):
        return PALETTE[i]
    import colorsys

    hue = (0.13 + (i - len(PALETTE)) * 0.381966) % 1.0  # golden-angle steps keep neighbours apart
    light = 0.42 if (i - len(PALETTE)) % 2 == 0 else 0.6
    r, g, b = colorsys.hls_to_rgb(hue, light, 0.55)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def _check(spec: Mapping[str, Any]) -> tuple[str, list[str], list[dict[str, Any]]]:
    kind = spec.get("kind", "bar")
    if kind not in KINDS:
        raise ValidationError(f"chart {spec.get('title', '')!r}: kind {kind!r} is not one of {', '.join(KINDS)}")
    labels = [str(x) for x in spec.get("labels", [])]
    series = [dict(s) for s in spec.get("series", [])]
    for s in series:
        values = [float(v or 0) for v in s.get("values", [])]
        if len(values) != len(labels):
            raise ValidationError(f"chart {spec.get('title', '')!r}: series {s.get('name', '')!r} has "
                                  f"{len(values)} values for {len(labels)} labels")
        s["values"] = values
    return kind, labels, series


def svg(spec: Mapping[str, Any], *, font_family: str = "sans-serif") -> str:
    """One chart as an ``<svg>`` element."""
    kind, labels, series = _check(spec)
    font = _a(font_family)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" font-family="{font}" font-size="11">']
    title = spec.get("title", "")
    if title:
        parts.append(f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="14" '
                     f'font-weight="bold">{_a(title)}</text>')
    if not labels or not series:
        parts.append(f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" fill="#888">无数据</text>')
    elif kind in ("pie", "donut"):
        parts.extend(_pie(labels, series[0]["values"], donut=kind == "donut", unit=spec.get("unit", "")))
    else:
        parts.extend(_axes_chart(kind, labels, series, unit=spec.get("unit", "")))
    parts.append("</svg>")
    return "".join(parts)


def _legend(names: Sequence[str], y: float) -> list[str]:
    out, x = [], LEFT
    for i, name in enumerate(names):
        colour = series_colour(i)
        out.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
                   f'<text x="{x + 14}" y="{y}">{_a(name)}</text>')
        x += 28 + 12 * len(name)
    return out


def _axes_chart(kind: str, labels: list[str], series: list[dict[str, Any]], *, unit: str) -> list[str]:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    if kind == "stacked_bar":
        peak = max(sum(s["values"][i] for s in series) for i in range(len(labels)))
    else:
        peak = max(max(s["values"]) for s in series)
    top = nice_max(peak)
    out: list[str] = []

    def y_of(v: float) -> float:
        return TOP + plot_h - plot_h * v / top

    for t in range(5):
        v = top * t / 4
        y = y_of(v)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#ddd"/>'
                   f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{_fmt(v)}</text>')
    if unit:
        out.append(f'<text x="{LEFT - 6}" y="{TOP - 10}" text-anchor="end" fill="#555">{_a(unit)}</text>')
    slot = plot_w / len(labels)
    for i, label in enumerate(labels):
        out.append(f'<text x="{LEFT + slot * (i + 0.5):.1f}" y="{TOP + plot_h + 16}" '
                   f'text-anchor="middle">{_a(label)}</text>')
    if kind == "bar":
        width = slot * 0.7 / len(series)
        for si, s in enumerate(series):
            colour = series_colour(si)
            for i, v in enumerate(s["values"]):
                x = LEFT + slot * i + slot * 0.15 + width * si
                y = y_of(v)
                out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{TOP + plot_h - y:.1f}" '
                           f'fill="{colour}"/><text x="{x + width / 2:.1f}" y="{y - 3:.1f}" '
                           f'text-anchor="middle" font-size="10">{_fmt(v)}</text>')
    elif kind == "stacked_bar":
        width = slot * 0.6
        for i in range(len(labels)):
            base = 0.0
            x = LEFT + slot * i + slot * 0.2
            for si, s in enumerate(series):
                v = s["values"][i]
                y0, y1 = y_of(base), y_of(base + v)
                out.append(f'<rect x="{x:.1f}" y="{y1:.1f}" width="{width:.1f}" height="{y0 - y1:.1f}" '
                           f'fill="{series_colour(si)}"/>')
                base += v
            out.append(f'<text x="{x + width / 2:.1f}" y="{y_of(base) - 3:.1f}" text-anchor="middle" '
                       f'font-size="10">{_fmt(base)}</text>')
    else:  # line
        for si, s in enumerate(series):
            colour = series_colour(si)
            points = [(LEFT + slot * (i + 0.5), y_of(v)) for i, v in enumerate(s["values"])]
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
            for (x, y), v in zip(points, s["values"]):
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'
                           f'<text x="{x:.1f}" y="{y - 6:.1f}" text-anchor="middle" font-size="10">{_fmt(v)}</text>')
    out.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#333"/>')
    if len(series) > 1 or kind == "stacked_bar":
        out.extend(_legend([str(s.get("name", "")) for s in series], HEIGHT - 10))
    return out


def _pie(labels: list[str], values: list[float], *, donut: bool, unit: str) -> list[str]:
    total = sum(v for v in values if v > 0)
    cx, cy, r = 170, HEIGHT / 2 + 12, 100
    out: list[str] = []
    if total <= 0:
        return [f'<text x="{cx}" y="{cy}" text-anchor="middle" fill="#888">无数据</text>']
    angle = -math.pi / 2
    for i, v in enumerate(values):
        if v <= 0:
            continue
        colour = series_colour(i)
        share = v / total
        if share >= 0.9999:
            out.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{colour}"/>')
        else:
            end = angle + 2 * math.pi * share
            x0, y0 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            x1, y1 = cx + r * math.cos(end), cy + r * math.sin(end)
            large = 1 if share > 0.5 else 0
            out.append(f'<path d="M{cx},{cy} L{x0:.2f},{y0:.2f} A{r},{r} 0 {large} 1 {x1:.2f},{y1:.2f} Z" '
                       f'fill="{colour}" stroke="#fff" stroke-width="1"/>')
            angle = end
    if donut:
        out.append(f'<circle cx="{cx}" cy="{cy}" r="{r * 0.55}" fill="#fff"/>'
                   f'<text x="{cx}" y="{cy + 5}" text-anchor="middle" font-size="14">{_fmt(total)}{_a(unit)}</text>')
    y = 60
    for i, (label, v) in enumerate(zip(labels, values)):
        share = v / total * 100 if v > 0 else 0.0
        out.append(f'<rect x="330" y="{y - 10}" width="12" height="12" fill="{series_colour(i)}"/>'
                   f'<text x="348" y="{y}">{_a(label)}  {_fmt(v)}{_a(unit)}（{share:.1f}%）</text>')
        y += 22
    return out
