"""Person-times and aid totals on hand-counted fixtures (no database)."""

from decimal import Decimal

from dangjian.support.figures import (
    AidFact,
    AidTotal,
    PairingFact,
    PersonTimes,
    aid_grand_total,
    aid_totals,
    person_times,
    person_times_by,
)

# semesters 1, 2 in year 2022; 3 in year 2023
FACTS = [
    PairingFact(1, 1, "poor", "confirmed", 3),  # counts
    PairingFact(1, 1, "special", "confirmed", 1),  # same student and semester: once in the combined figure
    PairingFact(1, 2, "poor", "confirmed", 0),  # no record: does not count
    PairingFact(2, 1, "poor", "proposed", 4),  # not confirmed: does not count
    PairingFact(2, 2, "special", "confirmed", 2),  # counts
    PairingFact(3, 3, "poor", "confirmed", 1),  # counts
    PairingFact(3, 3, "special", "confirmed", 1),  # combined once
]


def test_person_times_hand_counted():
    assert person_times(FACTS) == PersonTimes(poor=2, special=3, combined=3)


def test_person_times_by_year_and_semester():
    year = {1: 2022, 2: 2022, 3: 2023}
    assert person_times_by(FACTS, lambda s: year[s]) == {
        2022: PersonTimes(poor=1, special=2, combined=2),
        2023: PersonTimes(poor=1, special=1, combined=1),
    }
    assert person_times_by(FACTS, lambda s: s)[2] == PersonTimes(poor=0, special=1, combined=1)


def test_aid_totals():
    facts = [
        AidFact(1, 7, 1, "personal", Decimal("500"), None),
        AidFact(1, 7, 2, "party", None, Decimal("260")),
        AidFact(2, 8, 1, "personal", Decimal("300.50"), Decimal("100")),
    ]
    assert aid_totals(facts, lambda f: f.fund_source) == {
        "personal": AidTotal(Decimal("800.50"), Decimal("100"), 2),
        "party": AidTotal(Decimal("0"), Decimal("260"), 1),
    }
    assert aid_totals(facts, lambda f: f.student_id)[1].total == Decimal("760")
    assert aid_grand_total(facts) == AidTotal(Decimal("800.50"), Decimal("360"), 3)
    assert aid_grand_total([]) == AidTotal()
