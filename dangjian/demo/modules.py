"""Demo data of the module apps. Each entry is the dotted path of a function
``seed(*, school, years, log)`` that adds the module's demo data to one school. It must be deterministic
(its own ``random.Random`` seeded from the school code) and idempotent (a second run changes nothing)."""

MODULE_SEEDERS: list[str] = [
    "dangjian.publicity.demo.seed",
    "dangjian.staffing.demo.seed",
    "dangjian.subjects.demo.seed",
    "dangjian.league.demo.seed",
    "dangjian.development.demo.seed",
    "dangjian.mentoring.demo.seed",
    "dangjian.support.demo.seed",
    "dangjian.meetings.demo.seed",
    "dangjian.dues.demo.seed",  # before transfers: the sfyz → sfez transfer carries the months paid at sfyz
    "dangjian.transfers.demo.seed",
]
