"""Form helpers shared by every app."""

from django import forms

from .people import PersonSelect

DB_INT_MAX = 2**63 - 1  # the largest id any database here stores
BLANK, PLEASE_CHOOSE = "---------", "请选择…"  # Django's empty choice, and ours


def refuse_huge_ids(clean):
    """A model choice field's ``clean`` that refuses ids beyond the database's integer range (the database
    would raise an overflow error, an HTTP 500) as an ordinary invalid choice."""

    def bounded(value):
        for item in value if isinstance(value, list | tuple) else [value]:
            text = str(item).strip()
            try:
                huge = text.isascii() and text.isdigit() and int(text) > DB_INT_MAX
            except ValueError:  # more digits than int() accepts
                huge = True
            if huge:
                raise forms.ValidationError(f"所选项不存在：{text[:20]}。", code="invalid_choice")
        return clean(value)

    return bounded


class BootstrapFormMixin:
    """Give every widget its Bootstrap 5 class, so templates stay plain; refuse out-of-range ids."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.clean = refuse_huge_ids(field.clean)
                if field.empty_label == BLANK:
                    field.empty_label = PLEASE_CHOOSE
                if _is_staff_select(field):
                    field.widget = _person_select(field)
            elif isinstance(field, forms.ChoiceField) and field.choices and field.choices[0] == ("", BLANK):
                field.choices = [("", PLEASE_CHOOSE), *field.choices[1:]]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


def _is_staff_select(field) -> bool:
    return (
        not isinstance(field, forms.ModelMultipleChoiceField)
        and type(field.widget) is forms.Select
        and field.queryset is not None
        and field.queryset.model._meta.label == "school.Staff"
    )


def _person_select(field) -> PersonSelect:
    widget = PersonSelect(attrs=field.widget.attrs)
    widget.choices, widget.is_required = field.choices, field.widget.is_required
    return widget


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def form_errors(form) -> dict[str, list[str]]:
    """A form's errors keyed by the field's Chinese label (or "__all__"), for API answers."""
    out = {}
    for name, errors in form.errors.items():
        label = str(form.fields[name].label) if name in form.fields else name
        out[label] = [str(e) for e in errors]
    return out
