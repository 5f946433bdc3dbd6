"""The development rules at their boundaries, without the database."""

import datetime as dt

import pytest

from dangjian.development import rules
from dangjian.development.enums import Stage
from dangjian.development.enums import StepKind as K
from dangjian.development.rules import NextStep, Step, next_step, stage, step_error
from dangjian.lib.dates import add_months

D = dt.date
BIRTH = D(1995, 5, 1)
TODAY = D(2030, 1, 1)
VOTE = {"voters_eligible": 9, "voters_present": 8, "votes_for": 8, "full_introducers": 2}


def path_to(kind: str) -> list[Step]:
    """A lawful file from the application up to and including ``kind``."""
    full = [
        Step(K.APPLICATION, D(2020, 3, 1)),
        Step(K.TALK, D(2020, 3, 20)),
        Step(K.ACTIVIST, D(2020, 4, 10), contacts=2),
        Step(K.ASSESSMENT, D(2020, 10, 10)),
        Step(K.ASSESSMENT, D(2021, 4, 9)),
        Step(K.CANDIDATE, D(2021, 4, 10)),
        Step(K.POLITICAL_REVIEW, D(2021, 5, 1)),
        Step(K.TRAINING, D(2021, 5, 10), training_days=3),
        Step(K.COMMITTEE_REVIEW, D(2021, 5, 20)),
        Step(K.PRE_REVIEW, D(2021, 6, 1)),
        Step(K.PUBLICITY, D(2021, 6, 5)),
        Step(K.ASSEMBLY, D(2021, 6, 15), **VOTE),
        Step(K.APPROVAL, D(2021, 7, 1)),
        Step(K.OATH, D(2021, 7, 1)),
    ]
    index = next(i for i, s in enumerate(full) if s.kind == kind)
    return full[: index + 1]


def error(steps, kind, day, birth=BIRTH, today=TODAY, **facts):
    return step_error(steps, Step(kind, day, **facts), birth_date=birth, today=today)


def test_add_months_keeps_the_day_or_takes_the_month_end():
    assert add_months(D(2021, 1, 31), 1) == D(2021, 2, 28)
    assert add_months(D(2020, 11, 15), 3) == D(2021, 2, 15)
    assert add_months(D(2020, 2, 29), 12) == D(2021, 2, 28)


def test_applicant_must_be_eighteen_on_the_day():
    assert error([], K.APPLICATION, D(2013, 4, 30)) == "入党申请人须年满十八岁（按递交申请之日计算）。"
    assert error([], K.APPLICATION, D(2013, 5, 1)) is None
    assert error([], K.APPLICATION, D(2020, 1, 1), birth=None).startswith("请先在教职工档案中填写出生日期")


def test_steps_go_in_order():
    message = error(path_to(K.APPLICATION), K.ACTIVIST, D(2020, 4, 1), contacts=2)
    assert message == "不能登记“确定入党积极分子”：发展程序须按顺序进行，当前下一步应为：派人谈话。"
    assert error([], K.TALK, D(2020, 4, 1)).endswith("当前下一步应为：递交入党申请。")


def test_a_step_may_not_precede_the_last_nor_be_in_the_future():
    steps = path_to(K.APPLICATION)
    assert error(steps, K.TALK, D(2020, 2, 29)) == "“派人谈话”的日期不能早于上一步“递交入党申请”（2020-03-01）。"
    assert error(steps, K.TALK, D(2020, 3, 1)) is None
    assert error(steps, K.TALK, D(2020, 3, 5), today=D(2020, 3, 4)) == "“派人谈话”的日期不能晚于今天。"


def test_talk_is_due_within_one_month_of_the_application():
    assert next_step(path_to(K.APPLICATION), TODAY) == NextStep(K.TALK, deadline=D(2020, 4, 1))


def test_activist_needs_two_contacts():
    steps = path_to(K.TALK)
    assert error(steps, K.ACTIVIST, D(2020, 4, 10), contacts=1).startswith("确定入党积极分子时须指定两名培养联系人")
    assert error(steps, K.ACTIVIST, D(2020, 4, 10), contacts=2) is None


def test_candidate_one_year_after_activist_with_two_assessments():
    steps = path_to(K.ASSESSMENT)[:-1] + [Step(K.ASSESSMENT, D(2020, 10, 10)), Step(K.ASSESSMENT, D(2021, 4, 9))]
    assert (
        error(steps, K.CANDIDATE, D(2021, 4, 9)) == "确定为发展对象须在确定为入党积极分子满一年后（最早 2021-04-10）。"
    )
    assert error(steps, K.CANDIDATE, D(2021, 4, 10)) is None
    one = path_to(K.ACTIVIST) + [Step(K.ASSESSMENT, D(2020, 10, 10))]
    assert "现有 1 次" in error(one, K.CANDIDATE, D(2021, 5, 1))


def test_activists_are_assessed_every_six_months_then_become_candidates():
    activist = path_to(K.ACTIVIST)
    assert next_step(activist, TODAY) == NextStep(K.ASSESSMENT, deadline=D(2020, 10, 10))
    two = path_to(K.ASSESSMENT)[:-1] + [Step(K.ASSESSMENT, D(2020, 10, 10)), Step(K.ASSESSMENT, D(2021, 4, 1))]
    assert next_step(two, D(2021, 4, 9)) == NextStep(K.ASSESSMENT, deadline=D(2021, 10, 1))
    assert next_step(two, D(2021, 4, 10)) == NextStep(K.CANDIDATE, earliest=D(2021, 4, 10))


def test_training_three_days_or_twenty_four_hours():
    steps = path_to(K.POLITICAL_REVIEW)
    expected = "短期集中培训时间一般不少于 3 天或不少于 24 个学时。"
    assert error(steps, K.TRAINING, D(2021, 5, 10), training_days=2, training_hours=23) == expected
    assert error(steps, K.TRAINING, D(2021, 5, 10), training_hours=24) is None
    assert error(steps, K.TRAINING, D(2021, 5, 10), training_days=3) is None


@pytest.mark.parametrize(
    "facts, message",
    [
        ({**VOTE, "full_introducers": 1}, "支部大会讨论接收预备党员须有两名入党介绍人，且均为正式党员（不能是本人）。"),
        ({**VOTE, "votes_for": None}, "请填写应到会有表决权的正式党员人数、实到人数和赞成票数。"),
        ({**VOTE, "voters_present": 10}, "票数不合理：赞成票数不能多于实到人数，实到人数不能多于应到人数。"),
        (
            {**VOTE, "voters_eligible": 10, "voters_present": 5, "votes_for": 5},
            "支部大会须有超过半数有表决权的正式党员到会方可进行表决。",
        ),
        (
            {**VOTE, "voters_eligible": 10, "voters_present": 6, "votes_for": 5},
            "赞成人数须超过应到会有表决权的正式党员的半数，方能通过决议。",
        ),
        ({**VOTE, "voters_eligible": 10, "voters_present": 6, "votes_for": 6}, None),
    ],
)
def test_branch_assembly_vote(facts, message):
    assert error(path_to(K.PUBLICITY), K.ASSEMBLY, D(2021, 6, 15), **facts) == message


def test_approval_is_due_within_three_months_of_the_vote():
    assert next_step(path_to(K.ASSEMBLY), TODAY) == NextStep(K.APPROVAL, deadline=D(2021, 9, 15))


def test_full_membership_one_year_after_the_vote():
    steps = path_to(K.OATH)
    expected = "预备期为一年，自支部大会通过之日算起：转正最早于预备期满之日（2022-06-15）。"
    assert error(steps, K.FULL, D(2022, 6, 14), **VOTE) == expected
    assert error(steps, K.FULL, D(2022, 6, 15), **VOTE) is None
    assert error(steps, K.FULL, D(2022, 6, 15)) == "请填写应到会有表决权的正式党员人数、实到人数和赞成票数。"
    done = steps + [Step(K.FULL, D(2022, 6, 20), **VOTE)]
    assert stage(done) == Stage.FULL
    assert rules.stage_dates(done) == {
        Stage.APPLICANT: D(2020, 3, 1),
        Stage.ACTIVIST: D(2020, 4, 10),
        Stage.CANDIDATE: D(2021, 4, 10),
        Stage.PROBATIONARY: D(2021, 6, 15),
        Stage.FULL: D(2022, 6, 15),
    }


def test_probation_assessments_then_full_membership_due():
    steps = path_to(K.OATH)
    assert next_step(steps, D(2021, 8, 1)) == NextStep(K.PROBATION_ASSESSMENT, deadline=D(2021, 12, 15))
    later = steps + [Step(K.PROBATION_ASSESSMENT, D(2021, 12, 15))]
    assert next_step(later, D(2022, 1, 1)) == NextStep(K.FULL, earliest=D(2022, 6, 15), deadline=D(2022, 7, 15))


def test_extension_six_to_twelve_months_once_then_later_full():
    steps = path_to(K.OATH)
    assert error(steps, K.EXTEND, D(2022, 6, 14), extension_months=6).startswith("延长预备期须在预备期满时讨论决定")
    assert error(steps, K.EXTEND, D(2022, 6, 15), extension_months=5).startswith("延长预备期的时间不能少于半年")
    assert error(steps, K.EXTEND, D(2022, 6, 15), extension_months=13).startswith("延长预备期的时间不能少于半年")
    assert error(steps, K.EXTEND, D(2022, 6, 15), extension_months=12) is None
    extended = steps + [Step(K.EXTEND, D(2022, 6, 15), extension_months=6)]
    assert rules.probation_end(extended) == D(2022, 12, 15)
    assert error(extended, K.FULL, D(2022, 12, 14), **VOTE).endswith("（2022-12-15）。")
    assert error(extended, K.FULL, D(2022, 12, 15), **VOTE) is None
    assert (
        error(extended, K.EXTEND, D(2022, 12, 15), extension_months=6)
        == "延长预备期只能一次（发展党员工作细则第三十四条）。"
    )


def test_cancellation_closes_the_file():
    steps = path_to(K.APPROVAL) + [Step(K.CANCEL, D(2021, 9, 1))]
    assert stage(steps) == Stage.CANCELLED
    assert next_step(steps, TODAY) is None
    assert error(steps, K.OATH, D(2021, 9, 2)).endswith("当前下一步应为：无（发展程序已结束）。")


def test_stages_follow_the_steps():
    assert stage([]) is None
    assert stage(path_to(K.TALK)) == Stage.APPLICANT
    assert stage(path_to(K.ASSESSMENT)) == Stage.ACTIVIST
    assert stage(path_to(K.ASSEMBLY)) == Stage.CANDIDATE
    assert stage(path_to(K.APPROVAL)) == Stage.PROBATIONARY


def test_due_soon_and_overdue():
    nxt = NextStep(K.TALK, deadline=D(2020, 4, 1))
    assert (nxt.is_overdue(D(2020, 4, 1)), nxt.is_due_soon(D(2020, 4, 1))) == (False, True)
    assert (nxt.is_overdue(D(2020, 4, 2)), nxt.is_due_soon(D(2020, 4, 2))) == (True, False)
    assert nxt.is_due_soon(D(2020, 3, 2)) and not nxt.is_due_soon(D(2020, 3, 1))
