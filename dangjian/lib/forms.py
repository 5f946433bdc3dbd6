"""Form helpers shared by every app."""

from django import forms


class BootstrapFormMixin:
    """Give every widget its Bootstrap 5 class, so templates stay plain."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


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
