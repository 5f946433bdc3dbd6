from django.db import models


class StepKind(models.TextChoices):
    """The steps of 《中国共产党发展党员工作细则》 that the system records, in their order."""

    APPLICATION = "application", "递交入党申请"
    TALK = "talk", "派人谈话"
    ACTIVIST = "activist", "确定入党积极分子"
    ASSESSMENT = "assessment", "积极分子半年考察"
    CANDIDATE = "candidate", "确定发展对象"
    POLITICAL_REVIEW = "political_review", "政治审查"
    TRAINING = "training", "短期集中培训"
    COMMITTEE_REVIEW = "committee_review", "支部委员会审查"
    PRE_REVIEW = "pre_review", "上级党委预审"
    PUBLICITY = "publicity", "公示"
    ASSEMBLY = "assembly", "支部大会讨论接收"
    APPROVAL = "approval", "上级党委审批"
    OATH = "oath", "入党宣誓"
    PROBATION_ASSESSMENT = "probation_assessment", "预备期考察"
    FULL = "full", "转为正式党员"
    EXTEND = "extend", "延长预备期"
    CANCEL = "cancel", "取消预备党员资格"


class Stage(models.TextChoices):
    """Where a development file stands: the five stages, or cancelled."""

    APPLICANT = "applicant", "入党申请人"
    ACTIVIST = "activist", "入党积极分子"
    CANDIDATE = "candidate", "发展对象"
    PROBATIONARY = "probationary", "预备党员"
    FULL = "full", "正式党员"
    CANCELLED = "cancelled", "已取消预备党员资格"
