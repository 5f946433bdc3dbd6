"""Demo data of student support for one demo school: registers, pairings, semester records, aid,
collaborators and outcomes across the demo school years, so that the person-times over the four years
2018-2019 .. 2021-2022 are of the order of the article's 560+.

Deterministic (its own random.Random seeded from the school code, no clock, no database ids in the
draws) and idempotent (a school that already has a register is left alone). Every name comes from
the generated demo school; the notes are fictional and mild."""

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from dangjian.lib import clock
from dangjian.school.enums import PARTY_STATUSES
from dangjian.school.models import Department, Enrollment, School, Semester, Staff, StaffYear

from .enums import (
    KINDS_FOR,
    CaseOutcome,
    CollaboratorRole,
    FundSource,
    OutcomeStatus,
    PairingKind,
    PairingStatus,
    PoorType,
    RecordKind,
    SpecialCategory,
)
from .models import (
    AidEntry,
    Collaborator,
    Pairing,
    PoorStudentRecord,
    SpecialStudentCase,
    StudentOutcome,
    SupportRecord,
    SupportSettings,
)
from .proposals import Candidate, Need, propose

POOR_SHARE, SPECIAL_SHARE = 0.022, 0.0045  # of the year's students: ~64 poor and ~13 special at sfyz
TYPES = [
    (PoorType.FILED, 40),
    (PoorType.SUBSISTENCE, 30),
    (PoorType.DESTITUTE, 5),
    (PoorType.DISABILITY, 5),
    (PoorType.OTHER, 20),
]
SOURCES = {
    PoorType.FILED: "县乡村振兴局建档立卡名单",
    PoorType.SUBSISTENCE: "县民政局低保证明",
    PoorType.DESTITUTE: "县民政局特困供养证明",
    PoorType.DISABILITY: "残疾人证",
    PoorType.OTHER: "班主任走访、年段认定",
}
FAMILY_NOTES = (
    "父母务农，家中有两名在读子女，收入有限。",
    "父亲外出务工，母亲在家照顾老人，经济较紧张。",
    "单亲家庭，由母亲抚养，母亲打零工。",
    "父亲身体不好不能从事重体力劳动，家庭收入较低。",
    "随祖父母生活，父母在外地务工。",
    "家住山区，上学路途较远，家庭收入不稳定。",
)
CASE_NOTES = {
    SpecialCategory.PSYCHOLOGICAL: "考试前容易紧张焦虑，需要多鼓励、多沟通。",
    SpecialCategory.BEHAVIOURAL: "偶有迟到和上课走神，需要帮助养成好习惯。",
    SpecialCategory.FAMILY: "父母长期在外，与家人沟通较少，需要多关心。",
    SpecialCategory.LEARNING: "数学基础较弱，学习信心不足。",
}
RECORD_NOTES = {
    RecordKind.TALK: ("谈心交流，了解近期学习生活，鼓励树立信心。", "交流学习计划和作息安排，学生表示会坚持。"),
    RecordKind.TUTORING: ("辅导数学函数部分，讲解错题。", "检查英语作业，指导背诵方法。", "帮助制定复习计划。"),
    RecordKind.AID: ("送去学习用品和生活补贴。", "学期初资助生活费。"),
    RecordKind.EDUCATION: ("结合班会主题谈集体意识，学生认真倾听。", "谈遵守纪律的重要性，学生表示会改进。"),
    RecordKind.ENCOURAGEMENT: ("表扬近期作业按时完成，鼓励继续保持。", "学生在运动会中表现积极，给予肯定。"),
    RecordKind.COUNSELLING: ("与心理老师一起进行放松训练，情绪平稳。", "谈考试压力，教给几种调节方法。"),
    RecordKind.CORRECTION: ("约定按时起床、不带手机进教室，本周做到。", "复盘迟到原因，制定改进办法。"),
    RecordKind.HOME_VISIT: (
        "入户家访，与家长交流孩子在校表现，家长很配合。",
        "家访了解家庭情况，商定家校共同关心的做法。",
    ),
}
GOODS = (("冬衣一套", 260), ("学习用品", 120), ("课外书籍一批", 150), ("棉被一床", 200))
AMOUNTS = (200, 300, 500, 600, 800, 1000)
FUNDS = [(FundSource.PERSONAL, 45), (FundSource.PARTY, 25), (FundSource.SCHOOL, 15), (FundSource.DONATION, 15)]
DESTINATIONS = (
    "同济大学",
    "厦门大学",
    "福州大学",
    "福建师范大学",
    "华侨大学",
    "集美大学",
    "福建农林大学",
    "龙岩学院",
    "闽西职业技术学院",
)


def _weighted(rng, pairs):
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights, k=1)[0]


def _day(rng, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def seed(*, school: School, years: dict, log=lambda message: None) -> None:
    if PoorStudentRecord.objects.filter(school=school).exists():
        log(f"{school.name}：帮扶数据已存在，跳过。")
        return
    rng = random.Random(f"dangjian-support:{school.code}")
    starts = sorted(years)
    today = clock.today()
    semesters = {  # the semesters that have begun: nothing is recorded ahead of today
        (s.school_year.start_year, s.term): s
        for s in Semester.objects.filter(school_year__in=years.values(), starts_on__lt=today).select_related(
            "school_year"
        )
    }
    enrolled = defaultdict(list)  # start_year -> [(student_id, level, homeroom_id)]
    for start, sid, level, homeroom in (
        Enrollment.objects.filter(student__school=school, school_year__in=years.values())
        .order_by("school_year__start_year", "student__student_number")
        .values_list(
            "school_year__start_year", "student_id", "school_class__grade__level", "school_class__homeroom_teacher_id"
        )
    ):
        enrolled[start].append((sid, level, homeroom))
    members = list(
        Staff.objects.filter(school=school, is_active=True, political_status__in=PARTY_STATUSES)
        .prefetch_related("skills")
        .order_by("staff_number")
    )
    skills = {s.pk: frozenset(k.name for k in s.skills.all()) for s in members}
    staff_grade = {
        (staff, start): level
        for staff, start, level in StaffYear.objects.filter(staff__school=school).values_list(
            "staff_id", "school_year__start_year", "grade__level"
        )
    }
    teacher = Staff.objects.filter(school=school, user__username="teacher", political_status__in=PARTY_STATUSES).first()
    counselling = Department.objects.filter(school=school, name="心理辅导中心").first()
    if not members or not enrolled:
        log(f"{school.name}：没有党员或学生，未生成帮扶数据。")
        return

    with transaction.atomic():
        SupportSettings.objects.get_or_create(school=school)
        poor_rows, case_rows, outcome_rows = [], [], []
        poor_by_year, special_by_year = {}, {}
        previous_poor, previous_special = [], []
        for start in starts:
            students = enrolled.get(start, [])
            if not students:
                continue
            level_of = {sid: level for sid, level, _ in students}
            ids = [sid for sid, _, _ in students]
            n_poor = max(3, round(len(ids) * POOR_SHARE))
            n_special = max(2, round(len(ids) * SPECIAL_SHARE))
            poor = [sid for sid in previous_poor if sid in level_of and rng.random() < 0.92][:n_poor]
            fresh = [sid for sid in ids if level_of[sid] == 1 and sid not in poor]
            rng.shuffle(fresh)
            poor += fresh[: n_poor - len(poor)]
            special = [sid for sid in previous_special if sid in level_of and rng.random() < 0.5][:n_special]
            if start == starts[0] and poor:
                special.append(poor[0])  # one student both poor and special: counted once in the totals
            others = [sid for sid in ids if sid not in special and sid not in poor]
            rng.shuffle(others)
            special += others[: n_special - len(special)]
            poor_by_year[start], special_by_year[start] = poor, special
            previous_poor, previous_special = poor, special
            year = years[start]
            for sid in poor:
                kind = _weighted(rng, TYPES)
                poor_rows.append(
                    PoorStudentRecord(
                        school=school,
                        school_year=year,
                        student_id=sid,
                        type=kind,
                        recognition_source=SOURCES[kind],
                        recognized_on=_day(rng, dt.date(start, 9, 1), dt.date(start, 9, 20)),
                        family_note=rng.choice(FAMILY_NOTES),
                    )
                )
            last_year = start == starts[-1]
            for sid in special:
                cats = rng.sample(SpecialCategory.values, k=rng.choice((1, 1, 2)))
                cats = [c for c in SpecialCategory.values if c in cats]
                outcome = (
                    CaseOutcome.ONGOING
                    if last_year
                    else rng.choice(
                        [CaseOutcome.IMPROVED, CaseOutcome.IMPROVED, CaseOutcome.STABLE, CaseOutcome.CLOSED]
                    )
                )
                case_rows.append(
                    SpecialStudentCase(
                        school=school,
                        school_year=year,
                        student_id=sid,
                        categories=",".join(cats),
                        description=CASE_NOTES[cats[0]],
                        referred_by=rng.choice(("班主任", "班主任", "心理辅导中心", "年段长")),
                        referred_on=_day(rng, dt.date(start, 9, 5), dt.date(start, 10, 10)),
                        outcome=outcome,
                    )
                )
            if not last_year:
                for sid in sorted(set(poor) | set(special)):
                    if level_of[sid] == 3:
                        status, destination = OutcomeStatus.GRADUATED, rng.choice(DESTINATIONS)
                    else:
                        status, destination = OutcomeStatus.CONTINUED, ""
                    outcome_rows.append(
                        StudentOutcome(
                            school=school, student_id=sid, school_year=year, status=status, destination=destination
                        )
                    )
        PoorStudentRecord.objects.bulk_create(poor_rows)
        cases = SpecialStudentCase.objects.bulk_create(case_rows)
        StudentOutcome.objects.bulk_create(outcome_rows)

        homeroom = {(start, sid): h for start, rows in enrolled.items() for sid, _, h in rows}
        collaborators = []
        for case in cases:
            start = case.school_year.start_year
            if homeroom.get((start, case.student_id)):
                collaborators.append(
                    Collaborator(case=case, role=CollaboratorRole.HOMEROOM, staff_id=homeroom[(start, case.student_id)])
                )
            if counselling:
                collaborators.append(Collaborator(case=case, role=CollaboratorRole.COUNSELLING, department=counselling))
        Collaborator.objects.bulk_create(collaborators)

        # Pairings: the same proposal rules as the pages, confirmed at once.
        pairings, previous = [], {}
        last_key = max(semesters)
        for key in sorted(semesters):
            start, _term = key
            if start not in poor_by_year:
                continue
            level_of = {sid: level for sid, level, _ in enrolled[start]}
            needs = [
                Need(sid, "", PairingKind.SPECIAL, level_of.get(sid), previous.get((sid, "special")))
                for sid in special_by_year[start]
            ]
            needs += [
                Need(sid, "", PairingKind.POOR, level_of.get(sid), previous.get((sid, "poor")))
                for sid in poor_by_year[start]
            ]
            if key == last_key:
                needs = needs[:-2]  # two students still to be paired: the checks show them
            candidates = [Candidate(s.pk, s.name, staff_grade.get((s.pk, start)), skills[s.pk]) for s in members]
            chosen = {}
            for p in propose(needs, candidates):
                if p.helper_id:
                    chosen[(p.student_id, p.kind)] = p.helper_id
            if key == last_key and teacher is not None:
                for pair in [k for k in chosen if k[1] == PairingKind.POOR][:2]:
                    chosen[pair] = teacher.pk
            semester = semesters[key]
            for n, ((sid, kind), helper) in enumerate(sorted(chosen.items())):
                status = PairingStatus.PROPOSED if key == last_key and n % 40 == 39 else PairingStatus.CONFIRMED
                pairings.append(
                    Pairing(
                        school=school, semester=semester, student_id=sid, helper_id=helper, kind=kind, status=status
                    )
                )
            previous = chosen
        pairings = Pairing.objects.bulk_create(pairings)

        records, aid_for = [], {}
        for pairing in pairings:
            if pairing.status != PairingStatus.CONFIRMED:
                continue
            semester = pairing.semester
            first = semester.starts_on + dt.timedelta(days=7)
            last = min(semester.ends_on - dt.timedelta(days=5), today - dt.timedelta(days=1))
            is_last = (semester.school_year.start_year, semester.term) == last_key
            if pairing.kind == PairingKind.POOR:
                kinds = list(KINDS_FOR[PairingKind.POOR]) + rng.sample(
                    [RecordKind.TALK, RecordKind.TUTORING], k=rng.randint(0, 2)
                )
                if is_last and rng.random() < 0.06:
                    kinds.remove(RecordKind.AID)  # a few still owe this semester's aid
            else:
                kinds = [rng.choice(KINDS_FOR[PairingKind.SPECIAL]) for _ in range(rng.randint(3, 5))]
                if semester.term == 1:
                    kinds[0] = RecordKind.HOME_VISIT
            days = sorted(_day(rng, first, last) for _ in kinds)
            if pairing.kind == PairingKind.SPECIAL and not (is_last and rng.random() < 0.15):
                days[-1] = _day(rng, last - dt.timedelta(days=20), last)  # contact in the last 30 days
            for kind, day in zip(kinds, sorted(days), strict=True):
                record = SupportRecord(pairing=pairing, kind=kind, date=day, notes=rng.choice(RECORD_NOTES[kind]))
                records.append(record)
                if kind == RecordKind.AID:
                    if rng.random() < 0.7:
                        aid_for[len(records) - 1] = {"amount": Decimal(rng.choice(AMOUNTS))}
                    else:
                        goods, value = rng.choice(GOODS)
                        aid_for[len(records) - 1] = {"goods": goods, "goods_value": Decimal(value)}
        records = SupportRecord.objects.bulk_create(records)
        AidEntry.objects.bulk_create(
            [AidEntry(record=records[i], fund_source=_weighted(rng, FUNDS), **values) for i, values in aid_for.items()]
        )
    log(
        f"{school.name}：帮扶数据 贫困生登记 {len(poor_rows)}、特殊生档案 {len(case_rows)}、"
        f"结对 {len(pairings)}、帮扶记录 {len(records)}、资助 {len(aid_for)} 笔。"
    )
