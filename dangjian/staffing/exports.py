"""The coverage check as an .xlsx workbook."""

from dangjian.lib.xlsx import xlsx_response

from .checks import Coverage


def coverage_xlsx(coverage: Coverage, *, school, semester):
    subjects: list[str] = []
    for row in coverage.rows:
        for subject, _ in row.team:
            if subject not in subjects:
                subjects.append(subject)
    classes = []
    for row in coverage.rows:
        team = dict(row.team)
        classes.append(
            [
                row.school_class.grade_name,
                row.school_class.name,
                row.homeroom.name if row.homeroom else "",
                *[(team[s].name if team.get(s) else ("（缺）" if s in team else "")) for s in subjects],
                len(row.party_members),
                "、".join(t.name for t in row.party_members),
                row.covered,
            ]
        )
    problems = (
        [["未覆盖班级", r.school_class.name, "任课教师和班主任中没有党员"] for r in coverage.uncovered]
        + [["党员不足", r.school_class.name, f"党员教师少于 {coverage.min_party} 名"] for r in coverage.below_minimum]
        + [["学科无教师", r.school_class.name, s] for r, s in coverage.missing]
        + [["超工作量", t.name, f"{n} 个班次，上限 {m}"] for t, n, m in coverage.overloaded]
        + [
            ["超出任教范围", o.row.school_class.name, f"{o.subject}：{o.teacher.name}{o.reason}"]
            for o in coverage.outside
        ]
    )
    return xlsx_response(
        f"{school.short_name or school.name}-{semester.code}-任课安排检查.xlsx",
        [
            ("班级任课", ["年段", "班级", "班主任", *subjects, "党员人数", "党员", "已覆盖"], classes),
            ("问题清单", ["类型", "对象", "说明"], problems),
        ],
    )
