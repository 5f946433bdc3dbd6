"""Import 1,000 staff and 10,000 students from generated .xlsx files into a fresh SQLite database;
print the time, the peak memory and the rows per second of each import, then of re-importing the
same files (every row unchanged).

    python bench/import_roster.py
    python bench/import_roster.py --students 3000 --staff 250

Target on a 2-core machine: each import under 10 s and the process under 300 MB peak memory (RSS).
The import is single-threaded, so on an idle machine its wall time equals its CPU time; the target is
checked on CPU time so that a busy shared machine does not fail it (both are printed).
Exits 1 if a target is missed."""

import argparse
import datetime as dt
import io
import json
import os
import random
import resource
import sys
import time

from harness import run_worker, setup_django

TIME_TARGET_S = 10
MEMORY_TARGET_MB = 300
SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "生物", "政治", "历史", "地理", "信息技术", "体育", "音乐", "美术"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"


def name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def xlsx(rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名单")
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def staff_file(count: int, rng) -> bytes:
    rows = [
        [
            "工号",
            "姓名",
            "性别",
            "出生日期",
            "参加工作时间",
            "任教学科",
            "政治面貌",
            "入党时间",
            "所属年段",
            "职务",
            "职称",
            "骨干教师级别",
            "手机号",
        ]
    ]
    for i in range(count):
        birth = dt.date(1965 + rng.randrange(35), rng.randrange(1, 13), rng.randrange(1, 29))
        party = rng.random() < 0.4
        rows.append(
            [
                f"T{i + 1:05d}",
                name(rng),
                rng.choice("男女"),
                birth,
                dt.date(birth.year + 22, 8, 1),
                rng.choice(SUBJECTS),
                "中共党员" if party else "群众",
                dt.date(birth.year + 25, 7, 1) if party else None,
                rng.choice(["高一", "高二", "高三", ""]),
                "",
                rng.choice(["高级教师", "一级教师", "二级教师", "未评"]),
                rng.choice(["", "", "县级骨干"]),
                f"13{rng.randrange(10**9):09d}",
            ]
        )
    return xlsx(rows)


def student_file(count: int, rng, classes_per_grade: int) -> bytes:
    rows = [["学号", "姓名", "性别", "年段", "班级", "是否团员"]]
    for i in range(count):
        level = i % 3
        rows.append(
            [
                f"2022{i + 1:06d}",
                name(rng),
                rng.choice("男女"),
                ["高一", "高二", "高三"][level],
                f"{rng.randrange(1, classes_per_grade + 1)}班",
                "是" if rng.random() < 0.7 else "否",
            ]
        )
    return xlsx(rows)


def worker(students: int, staff: int) -> dict:
    setup_django()
    from django.core.management import call_command

    from dangjian.rosters.services import roster_import
    from dangjian.school.models import County, Grade, School, SchoolClass, SchoolYear, Staff, Student, Subject

    call_command("migrate", verbosity=0)
    county = County.objects.create(code="bench", name="基准县")
    school = School.objects.create(county=county, code="bench", name="基准中学")
    year = SchoolYear.objects.create(start_year=2022, starts_on=dt.date(2022, 9, 1), ends_on=dt.date(2023, 8, 31))
    Subject.objects.bulk_create([Subject(school=school, name=n, order=i) for i, n in enumerate(SUBJECTS)])
    classes_per_grade = max(1, students // 3 // 50)
    for level in (1, 2, 3):
        grade = Grade.objects.create(school=school, school_year=year, level=level)
        SchoolClass.objects.bulk_create([SchoolClass(grade=grade, number=n) for n in range(1, classes_per_grade + 1)])
    rng = random.Random(2022)
    files = {"staff": staff_file(staff, rng), "students": student_file(students, rng, classes_per_grade)}
    results = []
    for round_ in ("first import", "re-import"):
        for kind, data in files.items():
            start, cpu = time.perf_counter(), time.process_time()
            plan, applied = roster_import(
                kind=kind, school=school, data=data, filename=f"{kind}.xlsx", school_year=year
            )
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            assert applied and plan.ok, [str(p) for p in plan.problems[:5]]
            rows = sum(plan.counts.values())
            results.append(
                {
                    "round": round_,
                    "kind": kind,
                    "rows": rows,
                    "bytes": len(data),
                    "seconds": seconds,
                    "cpu_seconds": cpu,
                    "counts": plan.counts,
                    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                }
            )
    assert Staff.objects.filter(school=school).count() == staff
    assert Student.objects.filter(school=school).count() == students
    return {"results": results, "classes": classes_per_grade * 3}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--staff", type=int, default=1_000)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.students, args.staff)))
        return 0
    run = run_worker(__file__, "--students", args.students, "--staff", args.staff)
    print(f"data: {args.staff} staff, {args.students} students in {run['classes']} classes; fresh SQLite database")
    load = os.getloadavg()[0]
    print(
        f"machine: {os.cpu_count()} CPUs, load average {load:.1f} (wall time suffers when other work shares the CPUs)"
    )
    print(
        "round          roster      rows   file KB   wall s    CPU s  rows/CPU-s  peak RSS MB  created/updated/unchanged"
    )
    ok = True
    for r in run["results"]:
        c = r["counts"]
        ok &= r["cpu_seconds"] < TIME_TARGET_S and r["peak_rss_mb"] < MEMORY_TARGET_MB
        print(
            f"{r['round']:<14} {r['kind']:<9} {r['rows']:>6} {r['bytes'] / 1024:>9.0f} {r['seconds']:>8.2f} {r['cpu_seconds']:>8.2f} "
            f"{r['rows'] / r['cpu_seconds']:>11.0f} {r['peak_rss_mb']:>12.0f}  {c['create']}/{c['update']}/{c['unchanged']}"
        )
    print(
        f"targets: each import < {TIME_TARGET_S} s (CPU), peak RSS < {MEMORY_TARGET_MB} MB: {'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
