"""The 党员队伍 figures of a school year, read from the member-life modules (发展党员 and the others as
they land): small tables of counts for the dashboard, the annual report, its spreadsheet and the API."""

from dataclasses import dataclass

from dangjian.development.enums import Stage
from dangjian.development.queries import development_figures
from dangjian.school.models import School, SchoolYear


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    help: str
    rows: list[tuple[str, int]]  # (label, count)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.rows)


def tables(school: School, year: SchoolYear) -> list[Table]:
    """Each module's table for ``year`` (counted 1 September to 31 August, as the modules count)."""
    developed = development_figures(school, year.start_year)
    return [
        Table(
            "development",
            "发展党员",
            "本学年进入各阶段的人数：预备党员自支部大会通过之日、正式党员自预备期满之日计。",
            [(Stage(stage).label, n) for stage, n in developed.items()],
        )
    ]
