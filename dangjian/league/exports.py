"""Excel exports of the League module."""

from dangjian.lib.xlsx import xlsx_response


def _mark(covered: dict, term: int) -> str:
    if term not in covered:
        return "未开始"
    return "达标" if covered[term] else "未达标"


def branches_xlsx(branches, cov, school_year):
    headers = [
        "学年",
        "团支部",
        "年段",
        "班号",
        "团支部书记",
        "在读学生",
        "团员",
        "第一学期党员团课",
        "第一学期",
        "第二学期党员团课",
        "第二学期",
    ]
    coverage = cov["coverage"]
    rows = (
        [
            str(school_year),
            b.name,
            b.school_class.grade.get_level_display(),
            b.school_class.number,
            b.secretary.name if b.secretary_id else "",
            b.student_count,
            b.member_count,
            coverage[b.pk].lessons.get(1, 0),
            _mark(coverage[b.pk].covered, 1),
            coverage[b.pk].lessons.get(2, 0),
            _mark(coverage[b.pk].covered, 2),
        ]
        for b in branches
    )
    return xlsx_response(f"团支部-{school_year.code}.xlsx", [("团支部", headers, rows)])


def lessons_xlsx(lessons, school_year):
    headers = ["日期", "状态", "主题", "授课党员", "听课团支部", "参加人数", "备注"]
    rows = (
        [
            lesson.date,
            lesson.get_status_display(),
            lesson.topic,
            lesson.lecturer.name,
            "、".join(b.name for b in lesson.branches.all()),
            lesson.attendance,
            lesson.notes,
        ]
        for lesson in lessons
    )
    return xlsx_response(f"党员团课-{school_year.code}.xlsx", [("党员团课", headers, rows)])


def theme_activities_xlsx(activities, school_year):
    headers = ["日期", "主题系列", "活动名称", "参加班级", "参加人数", "指导党员", "照片数", "活动记录"]
    rows = (
        [
            a.date,
            a.series.name,
            a.title,
            "、".join(b.name for b in a.branches.all()),
            a.participants,
            a.guide.name,
            a.photo_count,
            a.notes,
        ]
        for a in activities
    )
    return xlsx_response(f"主题教育活动-{school_year.code}.xlsx", [("主题教育活动", headers, rows)])


def recommendations_xlsx(recommendations, school_year):
    headers = ["推荐日期", "学生", "学号", "团支部", "状态", "推荐理由"]
    rows = (
        [r.date, r.student.name, r.student.student_number, r.branch.name, r.get_status_display(), r.reason]
        for r in recommendations
    )
    return xlsx_response(f"推优入党-{school_year.code}.xlsx", [("推优入党", headers, rows)])
