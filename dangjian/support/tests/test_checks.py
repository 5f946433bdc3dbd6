"""The semester checks as plain functions (no database)."""

import datetime as dt

from dangjian.support.checks import Finding, PairingFacts, Registered, semester_findings, special_overdue, unpaired

START = dt.date(2022, 9, 1)


def pairing(student_id, kind, *, status="confirmed", kinds=(), last=None, helper_id=7):
    return PairingFacts(
        pairing_id=student_id * 10,
        student_id=student_id,
        name=f"学生{student_id}",
        kind=kind,
        status=status,
        helper_id=helper_id,
        helper_name="王老师",
        url=f"/s/a/support/students/{student_id}/",
        record_kinds=frozenset(kinds),
        last_contact=last,
    )


def test_unpaired_and_proposed_students():
    registered = [
        Registered(1, "学生1", "poor", "/u1"),
        Registered(2, "学生2", "special", "/u2"),
        Registered(3, "学生3", "poor"),
    ]
    pairings = [pairing(2, "special", status="proposed"), pairing(3, "poor"), pairing(1, "special")]
    assert unpaired(registered, pairings) == [
        Finding("danger", "学生1（贫困生）本学期尚未结对帮扶", "/u1", None, 1),
        Finding("warning", "学生2（特殊生）的结对建议尚待确认", "/u2", None, 2),
    ]


def test_poor_pairing_needs_all_three_kinds():
    pairings = [pairing(1, "poor", kinds={"talk", "tutoring", "aid"}), pairing(2, "poor", kinds={"talk"})]
    findings = semester_findings(
        [], pairings, today=dt.date(2022, 12, 1), semester_start=START, semester_over=False, interval_days=30
    )
    assert [(f.level, f.message) for f in findings] == [
        ("warning", "学生2（帮扶人 王老师）本学期尚缺：学习辅导、钱物资助")
    ]
    over = semester_findings(
        [], pairings, today=dt.date(2023, 1, 31), semester_start=START, semester_over=True, interval_days=30
    )
    assert [(f.level, f.message) for f in over] == [
        ("danger", "学生2（帮扶人 王老师）本学期未开展：学习辅导、钱物资助")
    ]


def test_special_contact_interval_boundaries():
    today = dt.date(2022, 12, 1)
    pairings = [
        pairing(1, "special", last=today - dt.timedelta(days=30)),  # exactly 30 days: fine
        pairing(2, "special", last=today - dt.timedelta(days=31)),
        pairing(3, "special"),  # never contacted, paired since the start of the semester
        pairing(4, "special", status="proposed"),  # not active: not checked here
        pairing(5, "poor", kinds={"talk", "tutoring", "aid"}),
    ]
    findings = special_overdue(pairings, today=today, interval_days=30, starts={3: START})
    assert [f.message for f in findings] == [
        "学生2（帮扶人 王老师）已 31 天未联系，要求每 30 天至少一次",
        "学生3（帮扶人 王老师）结对 91 天尚无联系记录，要求每 30 天至少一次",
    ]
    assert [f.helper_id for f in findings] == [7, 7]


def test_new_referral_starts_the_clock_late():
    registered = [Registered(3, "学生3", "special", since=dt.date(2022, 11, 20))]
    findings = semester_findings(
        registered,
        [pairing(3, "special")],
        today=dt.date(2022, 12, 1),
        semester_start=START,
        semester_over=False,
        interval_days=30,
    )
    assert findings == []


def test_dangers_come_first():
    registered = [Registered(9, "学生9", "poor")]
    pairings = [pairing(1, "poor", kinds={"talk"})]
    findings = semester_findings(
        registered, pairings, today=dt.date(2022, 12, 1), semester_start=START, semester_over=False, interval_days=30
    )
    assert [f.level for f in findings] == ["danger", "warning"]
