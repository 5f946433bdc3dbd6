"""ECharts options of the dashboards (rendered by base.js, whose palette is neutral: red marks problems only).
A rate's axis is scaled to the data, with its 100% target as a dashed line; every value shows on hover."""

TARGET_RATE = 100
TARGET_COLOUR = "#37474f"


def rate_floor(values) -> int:
    """The bottom of a rate axis: the ten below the lowest rate (0 without any), so that 96% and 100% differ."""
    present = [v for v in values if v is not None]
    if not present:
        return 0
    floor = int(min(present) // 10 * 10)
    return max(0, floor - 10 if floor == min(present) else floor)


def value_axis(unit: str, values) -> dict:
    if unit == "%":
        return {"type": "value", "min": rate_floor(values), "max": TARGET_RATE, "axisLabel": {"formatter": "{value}%"}}
    return {"type": "value", "name": unit, "minInterval": 1}


def target_line() -> dict:
    return {
        "silent": True,
        "symbol": "none",
        "lineStyle": {"type": "dashed", "color": TARGET_COLOUR},
        "label": {"formatter": f"目标 {TARGET_RATE}%", "position": "insideEndTop", "color": TARGET_COLOUR},
        "data": [{"yAxis": TARGET_RATE}],
    }


def tooltip(series: int, unit: str) -> dict:
    """On hover: the school year, then each series' name and value with its unit ("-" when there is none).
    A text template: base.js draws tooltips as rich text (the CSP refuses their HTML)."""
    suffix = unit if unit == "%" else f" {unit}"
    lines = "\n".join(f"{{a{i}}}：{{c{i}}}{suffix}" for i in range(series))
    return {
        "trigger": "axis",
        "axisPointer": {"type": "line" if unit == "%" else "shadow"},
        "formatter": "{b0}\n" + lines,
    }


def trend(categories: list[str], series: list[tuple[str, list]], unit: str) -> dict:
    """One or more figures over the school years: lines against the target for rates, bars for counts."""
    values = [v for _, data in series for v in data]
    rate = unit == "%"
    drawn = [
        {"type": "line" if rate else "bar", "name": name, "data": data, "connectNulls": True} for name, data in series
    ]
    if rate and drawn:
        drawn[0]["markLine"] = target_line()
    option = {
        "tooltip": tooltip(len(series), unit),
        "grid": {"left": 8, "right": 16, "top": 28, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": categories},
        "yAxis": value_axis(unit, values),
        "series": drawn,
    }
    if len(series) > 1:  # the legend above the plot, the plot below it
        option["legend"] = {"type": "scroll", "top": 0}
        option["grid"]["top"] = 56
    return option
