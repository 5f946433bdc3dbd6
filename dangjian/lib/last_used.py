"""What a person chose last, kept in their session: a create form opens on the organization they saved a
record for last time (the secretary of one branch never picks it twice)."""

SESSION_KEY = "last_organization"


def remember_organization(request, school, form) -> None:
    """After a form with an ``organization`` field was saved: keep its choice for this school."""
    org = form.cleaned_data.get("organization") if school is not None else None
    if getattr(org, "pk", None) is None:
        return
    kept = dict(request.session.get(SESSION_KEY, {}))
    kept[str(school.pk)] = org.pk
    request.session[SESSION_KEY] = kept


def last_organization(request, school) -> int | None:
    """The organization this person saved a record for last in ``school``, if any."""
    return request.session.get(SESSION_KEY, {}).get(str(school.pk))
