"""Vocabularies of student support (帮好每名贫困生、每名特殊生), shared by forms, Excel and the API."""

from django.db import models


class PoorType(models.TextChoices):
    FILED = "filed", "建档立卡"
    SUBSISTENCE = "subsistence", "低保"
    DESTITUTE = "destitute", "特困供养"
    DISABILITY = "disability", "残疾"
    OTHER = "other", "其他"


class SpecialCategory(models.TextChoices):
    PSYCHOLOGICAL = "psychological", "心理"
    BEHAVIOURAL = "behavioural", "行为"
    FAMILY = "family", "家庭"
    LEARNING = "learning", "学习"


class CaseOutcome(models.TextChoices):
    ONGOING = "ongoing", "跟踪帮扶中"
    IMPROVED = "improved", "明显好转"
    STABLE = "stable", "趋于稳定"
    REFERRED = "referred", "已转介专业机构"
    CLOSED = "closed", "已结案"


class PairingKind(models.TextChoices):
    POOR = "poor", "贫困生"
    SPECIAL = "special", "特殊生"


class PairingStatus(models.TextChoices):
    PROPOSED = "proposed", "建议（待确认）"
    CONFIRMED = "confirmed", "已确认"


class RecordKind(models.TextChoices):
    # poor students
    TALK = "talk", "思想交流"
    TUTORING = "tutoring", "学习辅导"
    AID = "aid", "钱物资助"
    # special students
    EDUCATION = "education", "思想教育"
    ENCOURAGEMENT = "encouragement", "正面激励"
    COUNSELLING = "counselling", "心理辅导"
    CORRECTION = "correction", "矫正恶习"
    HOME_VISIT = "home_visit", "入户家访"


KINDS_FOR = {
    PairingKind.POOR: (RecordKind.TALK, RecordKind.TUTORING, RecordKind.AID),
    PairingKind.SPECIAL: (
        RecordKind.EDUCATION,
        RecordKind.ENCOURAGEMENT,
        RecordKind.COUNSELLING,
        RecordKind.CORRECTION,
        RecordKind.HOME_VISIT,
    ),
}


class FundSource(models.TextChoices):
    PERSONAL = "personal", "党员个人"
    PARTY = "party", "学校党组织"
    SCHOOL = "school", "学校资助金"
    DONATION = "donation", "社会捐助"
    OTHER = "other", "其他"


class CollaboratorRole(models.TextChoices):
    HOMEROOM = "homeroom", "班主任"
    COUNSELLING = "counselling", "心理辅导中心"
    OFFICE = "office", "学校处室"
    OTHER = "other", "其他"


class OutcomeStatus(models.TextChoices):
    CONTINUED = "continued", "继续在读"
    GRADUATED = "graduated", "毕业"
    TRANSFERRED = "transferred", "转出"


# Skills (school.Skill names) that qualify a Party member to support a special student, with their weight.
SPECIAL_SKILLS = {"心理咨询师证书": 3, "学生工作经验": 2, "心理健康教育": 2}
