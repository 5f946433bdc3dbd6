"""Writes to the school's people and classes. Each owns its transaction and audit entry."""

from django.db import transaction

from dangjian.accounts.services import audit, leavers_lock

from .forms import SchoolClassForm, StaffForm, StudentForm
from .models import Enrollment, SchoolClass, Staff, Student


def staff_save(*, form: StaffForm, actor, request=None) -> Staff:
    with transaction.atomic():
        created = form.instance.pk is None
        staff = form.save()
        audit(actor, "staff.create" if created else "staff.update", staff, school=staff.school, request=request)
        if not staff.is_active:
            leavers_lock(school=staff.school, actor=actor, request=request)
    return staff


def student_save(*, form: StudentForm, actor, request=None) -> Student:
    with transaction.atomic():
        created = form.instance.pk is None
        student = form.save()
        school_class = form.cleaned_data.get("school_class")
        if form.school_year:
            if school_class:
                Enrollment.objects.update_or_create(
                    student=student, school_year=form.school_year, defaults={"school_class": school_class}
                )
            else:
                Enrollment.objects.filter(student=student, school_year=form.school_year).delete()
        audit(
            actor,
            "student.create" if created else "student.update",
            student,
            school=student.school,
            request=request,
        )
    return student


def school_class_save(*, form: SchoolClassForm, actor, request=None) -> SchoolClass:
    with transaction.atomic():
        created = form.instance.pk is None
        school_class = form.save(commit=False)
        school_class.grade = form.grade()
        school_class.save()
        audit(
            actor,
            "class.create" if created else "class.update",
            school_class,
            school=form.school,
            request=request,
        )
    return school_class
