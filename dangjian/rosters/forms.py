"""Row forms: the school's own forms (the same the pages use), with their look-ups served from
objects loaded once per file instead of one query per row; and the upload form."""

import copy

from django import forms
from django.core.exceptions import ValidationError

from dangjian.lib.forms import BootstrapFormMixin
from dangjian.party.forms import PartyMemberForm
from dangjian.school.enums import GradeLevel
from dangjian.school.forms import SchoolClassForm, StaffForm, StudentForm
from dangjian.school.models import SchoolYear, Semester
from dangjian.staffing.models import TeachingAssignment

from .columns import SPECS
from .party_posts import resolve_posts


class PreloadedChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that resolves ids from ``objects`` (id → instance) loaded once per file."""

    objects: dict = {}  # set by row_form_class

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.objects[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class PreloadedMultipleChoiceField(forms.ModelMultipleChoiceField):
    objects: dict = {}  # set by row_form_class

    def clean(self, value):
        value = self.prepare_value(value)
        if not value:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if not isinstance(value, list | tuple):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        objects = self._check_values(value)
        self.run_validators(value)
        return objects

    def _check_values(self, value):
        out = []
        for pk in value:
            try:
                out.append(self.objects[int(pk)])
            except (KeyError, TypeError, ValueError):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                ) from None
        return out


class SharedFields(dict):
    """A row form class's fields, shared by its forms: Django copies a form's fields for every
    instance (so that rendering can change them), which is most of the cost of a row form; row forms
    are validated, never rendered, and validation does not change a field."""

    def __deepcopy__(self, memo):
        return dict(self)


def row_form_class(form_class, lookups: dict[str, dict]):
    """A subclass of ``form_class`` for one import: its preloaded fields know the import's objects
    (id → instance), and its fields are shared by all the rows' forms."""
    cls = type(form_class.__name__, (form_class,), {"__module__": form_class.__module__})
    fields = copy.deepcopy(dict(form_class.base_fields))
    for name, objects in lookups.items():
        fields[name].objects = objects
    cls.base_fields = SharedFields(fields)
    return cls


class PreloadedMixin:
    """What makes a page form a row form.

    - ``__init__`` skips the page form's own set-up, which only prepares widgets for rendering
      (querysets for drop-downs, CSS classes, field order): a row form is validated, never rendered.
      The fields, the ``clean_*`` methods and ``clean()`` are the page form's.
    - Model validation would check each foreign key with a query; the preloaded fields have already
      checked them against the school's objects."""

    def __init__(self, data, *, instance, **context):
        for name, value in context.items():
            setattr(self, name, value)
        forms.models.BaseModelForm.__init__(self, data, instance=instance)

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.update(name for name, field in self.fields.items() if isinstance(field, PreloadedChoiceField))
        return exclude


class StaffRowForm(PreloadedMixin, StaffForm):
    """StaffForm plus 所属年段 (the staff member's grade this school year)."""

    subjects = PreloadedMultipleChoiceField(label="任教学科", queryset=None, required=False)
    department = PreloadedChoiceField(label="处室", queryset=None, required=False)
    skills = PreloadedMultipleChoiceField(label="特长", queryset=None, required=False)
    grade_level = forms.TypedChoiceField(
        label="所属年段", choices=[("", "—"), *GradeLevel.choices], coerce=int, required=False, empty_value=None
    )

    def clean_staff_number(self):
        # The importer resolves 工号 to the existing record and refuses repeats inside the file,
        # so the page's one-query-per-row clash check is not needed here.
        return self.cleaned_data["staff_number"].strip()


class StudentRowForm(PreloadedMixin, StudentForm):
    school_class = PreloadedChoiceField(label="班级", queryset=None, required=False)

    def clean_student_number(self):
        return self.cleaned_data["student_number"].strip()


class SchoolClassRowForm(PreloadedMixin, SchoolClassForm):
    homeroom_teacher = PreloadedChoiceField(label="班主任", queryset=None, required=False)

    def clean(self):
        # The page's clean() asks the database whether the class exists and whether the homeroom
        # teacher already leads another class, row by row. The importer answers both for the whole
        # file at once (the class by its natural key, the teacher against the final state, so that
        # two teachers may swap classes), and keeps the page's range rule here.
        data = forms.ModelForm.clean(self)
        number = data.get("number")
        if number is not None and not 1 <= number <= 99:
            self.add_error("number", "班号应在 1 到 99 之间。")
        self.clean_combination_for_level(data)
        return data


class AssignmentForm(PreloadedMixin, BootstrapFormMixin, forms.ModelForm):
    """One teaching assignment (学期＋班级＋学科 → 任课教师)."""

    semester = PreloadedChoiceField(label="学期", queryset=None)
    school_class = PreloadedChoiceField(label="班级", queryset=None)
    subject = PreloadedChoiceField(label="学科", queryset=None)
    teacher = PreloadedChoiceField(label="任课教师", queryset=None)

    class Meta:
        model = TeachingAssignment
        fields = ["semester", "school_class", "subject", "teacher"]

    def clean(self):
        data = super().clean()
        semester, school_class, teacher = data.get("semester"), data.get("school_class"), data.get("teacher")
        if semester and school_class and school_class.grade.school_year_id != semester.school_year_id:
            self.add_error("school_class", f"{school_class.name}不属于{semester.school_year}。")
        if teacher and (teacher.school_id != self.school.pk or not teacher.is_active):
            self.add_error("teacher", f"{teacher.name} 不是本校在职教职工。")
        return data


class PostsField(forms.Field):
    """党内职务 as parsed (see party_posts): a tuple of pairs, resolved by the form's clean()."""

    def to_python(self, value):
        return tuple(value or ())


class MemberRowForm(PreloadedMixin, PartyMemberForm):
    """PartyMemberForm plus 党内职务 (the member's current posts)."""

    staff = PreloadedChoiceField(label="工号", queryset=None)
    branch = PreloadedChoiceField(label="所在支部", queryset=None)
    group = PreloadedChoiceField(label="所在党小组", queryset=None, required=False)
    posts = PostsField(label="党内职务", required=False)

    def clean(self):
        data = super().clean()
        staff = data.get("staff")
        if staff is not None and self.instance.pk is None and not staff.is_active:
            self.add_error("staff", f"{staff.name}（工号 {staff.staff_number}）已不在职，不能新增党员档案。")
        if "posts" in data:
            data["posts"], errors = resolve_posts(
                data["posts"], branch=data.get("branch"), group=data.get("group"), organizations=self.organizations
            )
            for error in errors:
                self.add_error("posts", error)
        return data


class UploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="文件",
        help_text="Excel（.xlsx）或 CSV（UTF-8 / GBK 编码），不超过 20 MB、5 万行。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.csv"}),
    )
    school_year = forms.ModelChoiceField(label="学年", queryset=SchoolYear.objects.all(), required=False)
    semester = forms.ModelChoiceField(
        label="学期",
        queryset=Semester.objects.select_related("school_year"),
        required=False,
        help_text="文件中「学期」列为空的行按此学期导入。",
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        period = SPECS[kind].period
        if period != "school_year":
            del self.fields["school_year"]
        if period != "semester":
            del self.fields["semester"]
        if period == "school_year":
            self.fields["school_year"].required = True
            self.fields["school_year"].help_text = (
                "年段、班级和班主任都按此学年理解。" if kind != "staff" else "「所属年段」按此学年记录。"
            )
