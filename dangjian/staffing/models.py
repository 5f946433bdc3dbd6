from django.db import models

from dangjian.school.models import SchoolClass, Semester, Staff, Subject


class TeachingAssignment(models.Model):
    """Who teaches a subject in a class during a semester (任课安排)."""

    semester = models.ForeignKey(Semester, models.PROTECT, related_name="+", verbose_name="学期")
    school_class = models.ForeignKey(
        SchoolClass, models.CASCADE, related_name="teaching_assignments", verbose_name="班级"
    )
    subject = models.ForeignKey(Subject, models.PROTECT, related_name="teaching_assignments", verbose_name="学科")
    teacher = models.ForeignKey(Staff, models.PROTECT, related_name="teaching_assignments", verbose_name="任课教师")

    class Meta:
        verbose_name = verbose_name_plural = "任课安排"
        ordering = ["semester", "school_class", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["semester", "school_class", "subject"], name="unique_teaching_slot")
        ]

    def __str__(self):
        return f"{self.semester} {self.school_class} {self.subject}：{self.teacher.name}"
