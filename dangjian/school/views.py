from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from dangjian.lib.access import not_found, require
from dangjian.lib.listing import paginate
from dangjian.lib.views import form_page
from dangjian.party.queries import organization_tree, tree_findings
from dangjian.rosters import exports as roster_exports
from dangjian.rosters.uploads import recently_changed
from dangjian.staffing.permissions import can_manage_staffing
from dangjian.staffing.queries import class_team

from . import permissions as perms
from . import queries
from .enums import GradeLevel, PoliticalStatus, StudentStatus
from .forms import SchoolClassForm, StaffForm, StudentForm
from .services import school_class_save, staff_save, student_save


def _school_page(request, code: str, *, member: bool = True):
    get = perms.get_member_school_for_user if member else perms.get_school_for_user
    school = get(request.user, code)
    request.current_school = school
    return school


@login_required
def home(request):
    schools = list(perms.schools_for_user(request.user)[:2])
    if len(schools) == 1:
        return redirect(schools[0].get_absolute_url())
    return redirect("school:list")


@login_required
def school_list(request):
    schools = perms.schools_for_user(request.user).order_by("county__code", "code")
    return render(request, "school/school_list.html", {**paginate(request, schools)})


@login_required
def school_home(request, code):
    school = _school_page(request, code, member=False)
    if not perms.get_access(request.user).is_member_of(school.pk):
        # The county committee sees counts only: its entry to a school is the school's statistics page.
        return redirect("reports:county_school", school.county.code, school.code)
    year = queries.current_school_year()
    context = {
        "school": school,
        "school_year": year,
        "overview": queries.school_overview(school, year),
        "findings": tree_findings(organization_tree(school)),
    }
    return render(request, "school/home.html", context)


# Staff -----------------------------------------------------------------------


@login_required
def staff_list(request, code):
    school = _school_page(request, code)
    require(perms.can_list_staff(request.user, school))
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "political_status", "subject", "department")}
    filters["active"] = request.GET.get("active", "1")
    qs = queries.search_staff(perms.staff_for_user(request.user, school), **filters)
    if (imported := recently_changed(request, "staff")) is not None:
        qs = qs.filter(staff_number__in=imported)
    if request.GET.get("export") == "xlsx":
        return roster_exports.staff_export(school, qs, queries.current_school_year())
    return render(
        request,
        "school/staff_list.html",
        {
            "school": school,
            "filters": filters,
            **paginate(request, qs),
            "imported": imported,
            "political_choices": [("party_any", "党员（含预备）"), *PoliticalStatus.choices],
            "subjects": school.subjects.all(),
            "departments": school.departments.all(),
            "can_edit": perms.can_edit_staff(request.user, school),
        },
    )


@login_required
def staff_detail(request, code, pk):
    school = _school_page(request, code)
    staff = perms.get_staff_for_user(request.user, school, pk)
    return render(
        request,
        "school/staff_detail.html",
        {
            "school": school,
            "staff": staff,
            **queries.staff_detail_data(staff),
            "can_edit": perms.can_edit_staff(request.user, school),
        },
    )


@login_required
def staff_create(request, code):
    school = _school_page(request, code)
    require(perms.can_edit_staff(request.user, school))
    form = StaffForm(request.POST or None, school=school)
    return form_page(
        request,
        form=form,
        save=staff_save,
        title="新增教职工",
        school=school,
        cancel_url=reverse("school:staff_list", args=[code]),
    )


@login_required
def staff_edit(request, code, pk):
    school = _school_page(request, code)
    staff = perms.get_staff_for_user(request.user, school, pk, write=True)
    form = StaffForm(request.POST or None, instance=staff, school=school)
    return form_page(
        request,
        form=form,
        save=staff_save,
        title=f"编辑教职工：{staff.name}",
        school=school,
        cancel_url=staff.get_absolute_url(),
    )


# Students --------------------------------------------------------------------


@login_required
def student_list(request, code):
    school = _school_page(request, code)
    require(perms.can_list_students(request.user, school))
    year = queries.school_year_from_param(request.GET.get("year"))
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "grade", "school_class", "league")}
    filters["status"] = request.GET.get("status", StudentStatus.ENROLLED).strip()  # opens on 在读; "" for all
    qs = queries.search_students(school, year, **filters)
    if (imported := recently_changed(request, "students")) is not None:
        qs = qs.filter(student_number__in=imported)
    if request.GET.get("export") == "xlsx":
        return roster_exports.students_export(school, qs)
    return render(
        request,
        "school/student_list.html",
        {
            "school": school,
            "school_year": year,
            "filters": filters,
            **paginate(request, qs),
            "imported": imported,
            "grade_choices": GradeLevel.choices,
            "status_choices": StudentStatus.choices,
            "classes": queries.class_choices(school, year),
            "can_edit": perms.can_edit_students(request.user, school),
        },
    )


@login_required
def student_detail(request, code, pk):
    school = _school_page(request, code)
    student = perms.get_student_for_user(request.user, school, pk)
    enrollments = student.enrollments.select_related("school_year", "school_class__grade").order_by(
        "-school_year__start_year"
    )
    return render(
        request,
        "school/student_detail.html",
        {
            "school": school,
            "student": student,
            "enrollments": enrollments,
            "can_edit": perms.can_edit_students(request.user, school),
        },
    )


@login_required
def student_create(request, code):
    school = _school_page(request, code)
    require(perms.can_edit_students(request.user, school))
    form = StudentForm(request.POST or None, school=school, school_year=queries.current_school_year())
    return form_page(
        request,
        form=form,
        save=student_save,
        title="新增学生",
        school=school,
        cancel_url=reverse("school:student_list", args=[code]),
    )


@login_required
def student_edit(request, code, pk):
    school = _school_page(request, code)
    student = perms.get_student_for_user(request.user, school, pk, write=True)
    form = StudentForm(request.POST or None, instance=student, school=school, school_year=queries.current_school_year())
    return form_page(
        request,
        form=form,
        save=student_save,
        title=f"编辑学生：{student.name}",
        school=school,
        cancel_url=student.get_absolute_url(),
    )


# Classes ---------------------------------------------------------------------


@login_required
def class_list(request, code):
    school = _school_page(request, code)
    require(perms.can_list_classes(request.user, school))
    year = queries.school_year_from_param(request.GET.get("year"))
    filters = {k: request.GET.get(k, "").strip() for k in ("grade", "q")}
    qs = queries.classes_of_year(school, year, **filters)
    if request.GET.get("export") == "xlsx":
        return roster_exports.classes_export(school, qs)
    return render(
        request,
        "school/class_list.html",
        {
            "school": school,
            "school_year": year,
            "filters": filters,
            **paginate(request, qs),
            "grade_choices": GradeLevel.choices,
            "years": queries.SchoolYear.objects.all(),
            "can_edit": perms.can_edit_classes(request.user, school),
            "can_start_year": perms.can_start_school_year(request.user, school),
        },
    )


@login_required
def class_detail(request, code, pk):
    school = _school_page(request, code)
    school_class = perms.get_class_for_user(request.user, school, pk)
    can_see_students = perms.can_list_students(request.user, school)
    students = queries.class_students(school_class) if can_see_students else None
    return render(
        request,
        "school/class_detail.html",
        {
            "school": school,
            "school_class": school_class,
            "league_branch": getattr(school_class, "league_branch", None),
            "team": class_team(school, school_class),
            "can_see_party": can_manage_staffing(request.user, school),
            "students": students,
            "can_edit": perms.can_edit_classes(request.user, school),
        },
    )


@login_required
def class_create(request, code):
    school = _school_page(request, code)
    require(perms.can_edit_classes(request.user, school))
    year = queries.current_school_year()
    if year is None:
        not_found()
    form = SchoolClassForm(request.POST or None, school=school, school_year=year)
    return form_page(
        request,
        form=form,
        save=school_class_save,
        title=f"新增班级（{year}）",
        school=school,
        cancel_url=reverse("school:class_list", args=[code]),
    )


@login_required
def class_edit(request, code, pk):
    school = _school_page(request, code)
    school_class = perms.get_class_for_user(request.user, school, pk, write=True)
    form = SchoolClassForm(
        request.POST or None, instance=school_class, school=school, school_year=school_class.grade.school_year
    )
    return form_page(
        request,
        form=form,
        save=school_class_save,
        title=f"编辑班级：{school_class}",
        school=school,
        cancel_url=school_class.get_absolute_url(),
    )
