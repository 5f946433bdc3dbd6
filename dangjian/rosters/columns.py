"""One column spec per roster kind, shared by the template, the importer, the exporter and the notes
sheet, so that export → edit → import round-trips. Pure data: no database."""

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from dangjian.party.enums import MemberStatus
from dangjian.school.enums import (
    Gender,
    GradeLevel,
    KeyTeacherLevel,
    LeaderPost,
    PoliticalStatus,
    ProfessionalTitle,
    StudentStatus,
)

from .values import normalise_header

# Column types: how a cell is parsed (see importers.parse_cell).
TEXT, CODE, PHONE, DATE, CHOICE, BOOL, GRADE, CLASS, SEMESTER, NAMES, NAME, STAFF, CHECK, POSTS, COMBINATION = (
    "text",
    "code",
    "phone",
    "date",
    "choice",
    "bool",
    "grade",
    "class",
    "semester",
    "names",  # several names of a school vocabulary (subjects, skills), separated by 、
    "name",  # one name of a school vocabulary (department, subject)
    "staff",  # a teacher by 工号
    "check",  # a name shown next to a 工号, checked against it, never written
    "posts",  # 党内职务: posts in the Party organization tree, separated by 、 (see party_posts)
    "combination",  # a 3+1+2 选科组合 (see school.combinations)
)


def choice_map(choices, extra: dict[str, str] | None = None) -> dict[str, object]:
    """Label, stored value and extra aliases (all lower case) → stored value."""
    mapping = {}
    for value, label in choices:
        mapping[str(label).lower()] = value
        if value != "":
            mapping[str(value).lower()] = value
    for alias, value in (extra or {}).items():
        mapping[alias.lower()] = value
    return mapping


@dataclass(frozen=True)
class Column:
    key: str  # the form field it feeds
    header: str
    type: str = TEXT
    aliases: tuple[str, ...] = ()
    required: bool = False  # the column must be in the file
    note: str = ""
    example: object = ""
    choices: tuple[tuple[object, str], ...] = ()  # (stored value, label) of enumerated columns
    # CHOICE: other spellings → stored value; NAMES/NAME: other spellings → the vocabulary's name.
    value_aliases: dict[str, object] = field(default_factory=dict)
    vocabulary: str = ""  # for NAMES/NAME: which school vocabulary (subjects, departments, skills)
    # NAMES/NAME of an open list (free text such as 特长): a name not in the list is a warning, and is
    # added to the list on confirmation or ignored; in a closed list it is a problem with the row.
    open_list: bool = False
    keep_if_blank: bool = False  # a blank cell keeps the current value (fields the form requires)
    width: int = 12

    @property
    def labels(self) -> list[str]:
        return [str(label) for _, label in self.choices]

    @property
    def mapping(self) -> dict[str, object]:
        return choice_map(self.choices, self.value_aliases)


@dataclass(frozen=True)
class RosterSpec:
    kind: str
    label: str  # 教职工
    columns: tuple[Column, ...]
    find_by: tuple[str, ...]  # keys whose headers identify the header row
    key_columns: tuple[str, ...]  # the natural key
    intro: str
    period: str = "school_year"  # what the import is read against: school_year, semester, or "" (none)

    def column(self, key: str) -> Column:
        return self._by_key[key]

    @cached_property
    def _by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}

    @property
    def headers(self) -> dict[str, str]:
        """Normalised header and aliases → key (the first spelling wins)."""
        out: dict[str, str] = {}
        for column in self.columns:
            for name in (column.header, *column.aliases):
                out.setdefault(normalise_header(name), column.key)
        return out

    @property
    def required(self) -> list[Column]:
        return [c for c in self.columns if c.required]

    @property
    def example_row(self) -> list:
        return [c.example for c in self.columns]


# Spellings offices use for the skills of the default list (school migration 0002_default_skills).
SKILL_ALIASES = {
    "心理咨询师": "心理咨询师证书",
    "心理咨询师证": "心理咨询师证书",
    "国家心理咨询师": "心理咨询师证书",
    "心理健康": "心理健康教育",
    "学生工作": "学生工作经验",
    "班主任": "班主任经验",
    "班主任工作经验": "班主任经验",
    "家庭教育": "家庭教育指导",
    "团队": "团队工作",
    "教研组长": "教研组长经验",
}

GENDER = {"choices": tuple(Gender.choices), "value_aliases": {"男性": "M", "女性": "F"}}

STAFF = RosterSpec(
    kind="staff",
    label="教职工",
    intro="每行一位教职工，按「工号」识别：工号已存在则更新该教职工，否则新增。",
    find_by=("staff_number", "name"),
    key_columns=("staff_number",),
    columns=(
        Column(
            "staff_number",
            "工号",
            CODE,
            ("教工号", "职工号", "教师工号", "教职工号"),
            required=True,
            note="本校内唯一，必填；已存在的工号会更新该教职工。",
            example="T9001",
        ),
        Column("name", "姓名", aliases=("教师姓名", "教职工姓名"), required=True, note="必填。", example="张明"),
        Column("gender", "性别", CHOICE, required=True, note="必填：男 或 女。", example="男", **GENDER),
        Column(
            "birth_date",
            "出生日期",
            DATE,
            ("出生年月", "生日"),
            note="日期，如 1985-05-01。",
            example=dt.date(1985, 5, 1),
        ),
        Column(
            "started_teaching_on",
            "参加工作时间",
            DATE,
            ("参加工作日期", "工作时间", "参工时间"),
            note="日期，如 2008-08-01；只写年月（200808）则记为当月 1 日。",
            example=dt.date(2008, 8, 1),
            width=14,
        ),
        Column(
            "subjects",
            "任教学科",
            NAMES,
            ("学科", "所教学科", "任教科目"),
            note="本校学科名称，多个用顿号分隔，如 语文、数学。",
            example="语文",
            vocabulary="subjects",
        ),
        Column(
            "political_status",
            "政治面貌",
            CHOICE,
            note="中共党员、中共预备党员、共青团员、群众、民主党派；空白按群众（已有教职工则不变）。",
            example="中共党员",
            choices=tuple(PoliticalStatus.choices),
            value_aliases={"党员": "party", "正式党员": "party", "预备党员": "probationary", "团员": "league"},
            keep_if_blank=True,
        ),
        Column(
            "joined_party_on",
            "入党时间",
            DATE,
            ("入党日期",),
            note="党员和预备党员填写，日期。",
            example=dt.date(2010, 7, 1),
        ),
        Column(
            "grade_level",
            "所属年段",
            GRADE,
            ("年段", "年级"),
            note="本学年所在年段：高一、高二、高三；空白表示不属于任何年段。",
            example="高一",
            choices=tuple(GradeLevel.choices),
        ),
        Column(
            "department",
            "处室",
            NAME,
            ("部门", "所在处室"),
            note="本校处室名称，如 教务处；列表中没有的处室会在预览中提示，确认时可加入列表，否则该格不导入。",
            example="",
            value_aliases={"德育处": "政教处", "学生处": "政教处", "教导处": "教务处"},
            vocabulary="departments",
            open_list=True,
        ),
        Column(
            "leader_post",
            "校级职务",
            CHOICE,
            note="校级领导才填写：党组织书记、校长、副校长等。",
            choices=tuple(LeaderPost.choices),
        ),
        Column("position", "职务", aliases=("岗位",), note="如 年段长、教研组长、教务处主任。", example="教研组长"),
        Column(
            "title",
            "职称",
            CHOICE,
            note="正高级教师、高级教师、一级教师、二级教师、三级教师 或 未评。",
            example="一级教师",
            choices=tuple(ProfessionalTitle.choices),
            value_aliases={"无": ""},
        ),
        Column(
            "key_teacher_level",
            "骨干教师级别",
            CHOICE,
            ("骨干级别", "骨干教师"),
            note="县级骨干、市级骨干、省级骨干 或 无。",
            choices=tuple(KeyTeacherLevel.choices),
            value_aliases={"县级": "county", "市级": "city", "省级": "province", "否": ""},
            width=14,
        ),
        Column(
            "phone",
            "手机号",
            PHONE,
            ("手机", "手机号码", "联系电话", "电话"),
            note="11 位手机号码。",
            example="13800000000",
        ),
        Column(
            "skills",
            "特长",
            NAMES,
            note="特长名称，如 心理咨询师证书、心理健康教育，多个用顿号分隔；列表中没有的特长会在预览中提示，"
            "确认时可加入列表，否则忽略。",
            value_aliases=SKILL_ALIASES,
            vocabulary="skills",
            open_list=True,
        ),
        Column(
            "is_active",
            "在职",
            BOOL,
            ("是否在职",),
            note="是 或 否；空白按在职（已有教职工则不变）。",
            example="是",
            choices=((True, "是"), (False, "否")),
            keep_if_blank=True,
        ),
    ),
)

STUDENTS = RosterSpec(
    kind="students",
    label="学生",
    intro="每行一名学生，按「学号」识别：学号已存在则更新该学生，否则新增。年段和班级指所选学年的班级。",
    find_by=("student_number", "name"),
    key_columns=("student_number",),
    columns=(
        Column(
            "student_number",
            "学号",
            CODE,
            ("学生学号",),
            required=True,
            note="本校内唯一，必填；已存在的学号会更新该学生。",
            example="S9000001",
        ),
        Column("name", "姓名", aliases=("学生姓名",), required=True, note="必填。", example="李华"),
        Column("gender", "性别", CHOICE, required=True, note="必填：男 或 女。", example="女", **GENDER),
        Column(
            "birth_date",
            "出生日期",
            DATE,
            ("出生年月", "生日"),
            note="日期，如 2007-03-15；推优入党的学生须填写（入党申请人须年满十八岁）。",
            example=dt.date(2007, 3, 15),
        ),
        Column(
            "grade_level",
            "年段",
            GRADE,
            ("年级",),
            note="高一、高二、高三；班级写成 高一（3）班 时可不填。",
            example="高一",
            choices=tuple(GradeLevel.choices),
        ),
        Column(
            "school_class",
            "班级",
            CLASS,
            ("班别", "所在班级", "班级名称"),
            note="所选学年已有的班级，如 3、（3）班、高一（3）班、高一3班 或 1-3；空白表示不编班。",
            example="高一（1）班",
        ),
        Column(
            "is_league_member",
            "是否团员",
            BOOL,
            ("团员", "共青团员", "是否共青团员"),
            note="是 或 否；空白按否。",
            example="否",
            choices=((True, "是"), (False, "否")),
        ),
        Column(
            "status",
            "学籍状态",
            CHOICE,
            ("状态",),
            note="在读、毕业、转出、休学；空白按在读（已有学生则不变）。",
            example="在读",
            choices=tuple(StudentStatus.choices),
            keep_if_blank=True,
        ),
    ),
)

CLASSES = RosterSpec(
    kind="classes",
    label="班级",
    intro="每行一个班级，按「年段＋班级」识别：所选学年已有该班则更新班主任，否则新增该班。",
    find_by=("number",),
    key_columns=("level", "number"),
    columns=(
        Column(
            "level",
            "年段",
            GRADE,
            ("年级",),
            note="高一、高二、高三；班级写成 高一（3）班 时可不填。",
            example="高一",
            choices=tuple(GradeLevel.choices),
        ),
        Column(
            "number",
            "班级",
            CLASS,
            ("班号", "班别", "班级名称"),
            required=True,
            note="必填：3、（3）班、高一（3）班 或 1-3。",
            example="高一（1）班",
        ),
        Column(
            "homeroom_teacher",
            "班主任工号",
            STAFF,
            ("班主任教师工号",),
            note="本校在职教职工的工号；空白表示暂无班主任。",
            example="T9001",
            width=14,
        ),
        Column(
            "homeroom_name",
            "班主任姓名",
            CHECK,
            ("班主任",),
            note="可不填；填写时须与工号对应的姓名一致（用于核对，不会写入）。",
            example="张明",
            width=14,
        ),
        Column(
            "combination",
            "选科组合",
            COMBINATION,
            ("选科", "科目组合", "选考组合"),
            note="高二、高三班级的 3+1+2 选科组合：物理或历史打头，再选化学、生物、政治、地理中的两科，"
            "如 物化生、物化政、史政地、史地生，也可写全称 物理、化学、生物；高一不分科，留空。",
            example="",
            width=10,
        ),
    ),
)

ASSIGNMENTS = RosterSpec(
    kind="assignments",
    label="任课安排",
    intro="每行一条任课安排，按「学期＋班级＋学科」识别：已有则更新任课教师，否则新增。",
    period="semester",
    find_by=("school_class", "subject"),
    key_columns=("semester", "school_class", "subject"),
    columns=(
        Column(
            "semester",
            "学期",
            SEMESTER,
            note="如 2022-2023-1 或 2022-2023学年第一学期；空白按导入时选择的学期。",
            example="2022-2023-1",
            width=14,
        ),
        Column(
            "grade_level",
            "年段",
            GRADE,
            ("年级",),
            note="班级写成 高一（3）班 时可不填。",
            choices=tuple(GradeLevel.choices),
        ),
        Column(
            "school_class",
            "班级",
            CLASS,
            ("班别", "班级名称"),
            required=True,
            note="必填：该学期所在学年已有的班级，如 高一（3）班、高一3班 或 1-3。",
            example="高一（1）班",
        ),
        Column(
            "subject",
            "学科",
            NAME,
            ("科目", "任教学科"),
            required=True,
            note="必填：本校学科名称。",
            example="语文",
            vocabulary="subjects",
        ),
        Column(
            "teacher",
            "教师工号",
            STAFF,
            ("任课教师工号", "工号"),
            required=True,
            note="必填：本校在职教职工的工号。",
            example="T9001",
        ),
        Column(
            "teacher_name",
            "教师姓名",
            CHECK,
            ("任课教师", "教师", "姓名"),
            note="可不填；填写时须与工号对应的姓名一致（用于核对，不会写入）。",
            example="张明",
        ),
    ),
)

MEMBERS = RosterSpec(
    kind="members",
    label="党员名册",
    intro="每行一名党员（含预备党员、发展对象、积极分子和入党申请人），按「工号」识别：该教职工已有党员档案则更新，"
    "否则新增。教职工须先在教职工名册中；支部和党小组按本校党组织名称填写。",
    find_by=("staff_number", "branch"),
    key_columns=("staff_number",),
    period="",
    columns=(
        Column(
            "staff_number",
            "工号",
            CODE,
            ("教工号", "职工号", "教师工号", "教职工号"),
            required=True,
            note="必填：本校教职工的工号（须已在教职工名册中）。",
            example="T9001",
        ),
        Column(
            "name",
            "姓名",
            CHECK,
            ("党员姓名", "教师姓名"),
            note="可不填；填写时须与工号对应的姓名一致（用于核对，不会写入；改名请导入教职工名册）。",
            example="张明",
            width=10,
        ),
        Column(
            "branch",
            "所在支部",
            NAME,
            ("支部", "党支部", "所在党支部"),
            required=True,
            note="必填：本校党支部的名称，如 第一党支部。",
            example="第一党支部",
            vocabulary="branches",
            width=16,
        ),
        Column(
            "group",
            "所在党小组",
            NAME,
            ("党小组", "小组"),
            note="本支部下党小组的名称；空白表示不在党小组。",
            vocabulary="groups",
            width=16,
        ),
        Column(
            "status",
            "状态",
            CHOICE,
            ("党员状态", "人员类别", "发展阶段"),
            note="正式党员、预备党员、发展对象、入党积极分子、入党申请人 或 已转出；空白则不变（新增时必填）。",
            example="正式党员",
            choices=tuple(MemberStatus.choices),
            value_aliases={
                "正式": "full",
                "党员": "full",
                "中共党员": "full",
                "预备": "probationary",
                "中共预备党员": "probationary",
                "积极分子": "activist",
                "申请人": "applicant",
                "申请入党": "applicant",
                "转出": "transferred_out",
            },
            keep_if_blank=True,
        ),
        Column(
            "applied_on",
            "递交入党申请日期",
            DATE,
            ("入党申请日期", "申请入党日期", "申请入党时间", "递交申请书时间"),
            note="日期，如 2008-03-01；入党申请人填写。",
            example=dt.date(2008, 3, 1),
            width=16,
        ),
        Column(
            "activist_on",
            "确定为积极分子日期",
            DATE,
            ("确定积极分子日期", "确定为入党积极分子日期", "确定积极分子时间"),
            note="日期；状态为入党积极分子及以后时必填。",
            example=dt.date(2008, 9, 1),
            width=16,
        ),
        Column(
            "candidate_on",
            "确定为发展对象日期",
            DATE,
            ("确定发展对象日期", "确定发展对象时间"),
            note="日期；状态为发展对象及以后时必填。",
            example=dt.date(2009, 3, 1),
            width=16,
        ),
        Column(
            "admitted_on",
            "接收为预备党员日期",
            DATE,
            ("入党时间", "入党日期", "接收预备党员日期", "接收预备党员时间"),
            note="即入党时间；状态为预备党员及以后时必填。",
            example=dt.date(2009, 7, 1),
            width=16,
        ),
        Column(
            "full_on",
            "转为正式党员日期",
            DATE,
            ("转正日期", "转正时间", "转为正式党员时间"),
            note="日期；状态为正式党员时必填。",
            example=dt.date(2010, 7, 1),
            width=16,
        ),
        Column(
            "posts",
            "党内职务",
            POSTS,
            ("党内职务名称", "支部职务"),
            note="现任党内职务，多个用顿号分隔：书记、副书记、组织委员、宣传委员、纪检委员、委员（均指本人所在支部）、"
            "党小组长（本人所在党小组）；其他党组织的职务在前面写组织名称，如 党委委员、第二党支部纪检委员。空白表示无党内职务。",
            example="组织委员",
            width=16,
        ),
    ),
)

SPECS = {spec.kind: spec for spec in (STAFF, STUDENTS, CLASSES, ASSIGNMENTS, MEMBERS)}
