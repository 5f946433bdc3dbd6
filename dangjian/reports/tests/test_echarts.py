"""The dashboards' ECharts options (issue 18, "Look and hierarchy"): rate axes scaled to the data with the 100%
target line, values with their unit on hover, the county chart's legend clear of the plot and as many school
years as the school dashboards."""

import pytest

from dangjian.reports import echarts
from dangjian.reports import figures as fig
from dangjian.reports.queries import county_table
from dangjian.tests import factories as f

from .test_figures_batched import TODAY


@pytest.mark.parametrize(
    ("values", "floor"), [([97.6, 100], 90), ([100, 100], 90), ([50.0, None, 88], 40), ([0, 100], 0), ([None], 0)]
)
def test_a_rate_axis_starts_at_the_ten_below_the_data(values, floor):
    assert echarts.rate_floor(values) == floor


def test_a_rate_is_a_line_against_its_target_and_a_count_a_bar():
    rate = echarts.trend(["2021-2022", "2022-2023"], [("三会一课完成率", [96.5, 100])], "%")
    assert rate["yAxis"] == {"type": "value", "min": 90, "max": 100, "axisLabel": {"formatter": "{value}%"}}
    assert rate["series"][0]["type"] == "line"
    assert rate["series"][0]["markLine"]["data"] == [{"yAxis": 100}]
    assert rate["tooltip"]["formatter"] == "{b0}\n{a0}：{c0}%"
    count = echarts.trend(["2022-2023"], [("团课", [3])], "次")
    assert count["series"][0]["type"] == "bar" and "markLine" not in count["series"][0]
    assert count["tooltip"]["formatter"] == "{b0}\n{a0}：{c0} 次"
    assert "legend" not in count


def test_the_county_chart_has_the_dashboards_years_and_its_legend_above_the_plot(world):
    for start in range(2018, 2022):
        f.SemesterFactory(school_year=f.SchoolYearFactory(start_year=start))
    chart = county_table(world.school.county, world.year, TODAY)["chart"]
    assert chart["xAxis"]["data"] == [y.code for y in fig.school_years(world.year)]
    assert len(chart["xAxis"]["data"]) == fig.SPAN == 5
    assert chart["legend"]["top"] == 0 and chart["grid"]["top"] >= 48 and chart["grid"]["containLabel"]
    assert "name" not in chart["yAxis"]  # the unit is on the labels, not a title under the legend
    assert chart["tooltip"]["formatter"].count("{c") == len(chart["series"])
