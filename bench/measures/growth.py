"""How a cost grows with the work: a straight line fitted to (size, seconds), and where the
cost of one more item changes."""

from __future__ import annotations

from typing import Any

# A segment whose cost per item differs from the fitted slope by more than this factor is
# where the line bends (the machine's noise alone moves a segment by up to about 30 %).
BEND = 1.5


def growth(points: list[tuple[int, float]], unit: str) -> dict[str, Any]:
    """Fixed cost and cost per `unit` of a least-squares line through the points, its R², the
    cost per item between consecutive sizes, and a verdict: linear, or where it bends."""
    points = sorted(points)
    result: dict[str, Any] = {"unit": unit, "points": [[n, round(t, 4)] for n, t in points]}
    if len(points) < 2:
        result["verdict"] = "one size only: no growth to fit"
        return result
    sizes = [float(n) for n, _ in points]
    times = [t for _, t in points]
    mean_n, mean_t = sum(sizes) / len(sizes), sum(times) / len(times)
    spread_n = sum((n - mean_n) ** 2 for n in sizes)
    slope = sum((n - mean_n) * (t - mean_t) for n, t in zip(sizes, times, strict=True)) / spread_n
    fixed = mean_t - slope * mean_n
    residual = sum((t - fixed - slope * n) ** 2 for n, t in zip(sizes, times, strict=True))
    total = sum((t - mean_t) ** 2 for t in times)
    marginal = [
        {
            "from": int(a),
            "to": int(b),
            "ms_per_item": 1000 * (tb - ta) / (b - a),
        }
        for (a, ta), (b, tb) in zip(zip(sizes, times, strict=True),
                                    list(zip(sizes, times, strict=True))[1:], strict=False)
    ]  # fmt: skip
    result.update(
        fixed_seconds=fixed,
        ms_per_item=1000 * slope,
        r_squared=1 - residual / total if total else 1.0,
        marginal=marginal,
    )
    last = marginal[-1]["ms_per_item"]
    bends = [
        segment
        for segment in marginal[:-1]
        if last > 0 and not 1 / BEND <= segment["ms_per_item"] / last <= BEND
    ]
    if not bends:
        result["verdict"] = (
            f"linear: {fixed:.2f} s + {1000 * slope:.3f} ms per {unit} "
            f"(R² {result['r_squared']:.3f})"
        )
    else:
        where = bends[-1]["to"]
        result["verdict"] = (
            f"bends at about {where:,} {unit}s: {bends[-1]['ms_per_item']:.3f} ms per {unit} "
            f"below, {last:.3f} ms above (a fixed cost dominates the small sizes)"
            if bends[-1]["ms_per_item"] < last
            else f"bends at about {where:,} {unit}s: {bends[-1]['ms_per_item']:.3f} ms per "
            f"{unit} below, {last:.3f} ms above"
        )
    return result
