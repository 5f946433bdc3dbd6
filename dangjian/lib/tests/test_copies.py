import datetime as dt
from decimal import Decimal

from dangjian.dues.models import DuesPayment
from dangjian.lib.copies import copy_for
from dangjian.tests import factories as f


def test_a_copy_has_the_values_not_the_key_and_takes_the_overrides(db):
    old, new = f.PartyMemberFactory(), f.PartyMemberFactory()
    paid = DuesPayment.objects.create(
        member=old, month=dt.date(2026, 3, 1), amount=Decimal("90.00"), paid_on=dt.date(2026, 3, 5), note="微信"
    )
    copy = copy_for(paid, member=new, carried_from_id=paid.pk)
    assert copy.pk is None
    assert (copy.member, copy.carried_from_id, copy.month, copy.amount, copy.note) == (
        new,
        paid.pk,
        dt.date(2026, 3, 1),
        Decimal("90.00"),
        "微信",
    )
