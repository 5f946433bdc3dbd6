"""Vocabularies shared by forms, Excel headers and Word documents."""

from django.db import models


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party", "中共党员"
    PROBATIONARY = "probationary", "中共预备党员"
    LEAGUE = "league", "共青团员"
    MASSES = "masses", "群众"
    DEMOCRATIC_PARTY = "democratic", "民主党派"


PARTY_STATUSES = (PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY)


class LeaderPost(models.TextChoices):
    NONE = "", "无"
    SECRETARY = "secretary", "党组织书记"
    PRINCIPAL = "principal", "校长"
    DEPUTY_SECRETARY = "deputy_secretary", "党组织副书记"
    VICE_PRINCIPAL = "vice_principal", "副校长"
    UNION_CHAIR = "union_chair", "工会主席"
    ASSISTANT = "assistant", "校长助理"


class ProfessionalTitle(models.TextChoices):
    NONE = "", "未评"
    SENIOR_PLUS = "senior_plus", "正高级教师"
    SENIOR = "senior", "高级教师"
    FIRST = "first", "一级教师"
    SECOND = "second", "二级教师"
    THIRD = "third", "三级教师"


class KeyTeacherLevel(models.TextChoices):
    NONE = "", "无"
    COUNTY = "county", "县级骨干"
    CITY = "city", "市级骨干"
    PROVINCE = "province", "省级骨干"


class GradeLevel(models.IntegerChoices):
    ONE = 1, "高一"
    TWO = 2, "高二"
    THREE = 3, "高三"


class Term(models.IntegerChoices):
    FIRST = 1, "第一学期"
    SECOND = 2, "第二学期"


class StudentStatus(models.TextChoices):
    ENROLLED = "enrolled", "在读"
    GRADUATED = "graduated", "毕业"
    TRANSFERRED = "transferred", "转出"
    SUSPENDED = "suspended", "休学"
