"""Matching at scale: 200 young teachers and 600 possible mentors (pure, no database).

    python bench/mentoring.py            # three random schools, the median and worst time
    python bench/mentoring.py --runs 5

Target: under 5 s per matching on a 2-core machine. Prints the data size, the solver status, how many
(young teacher, dimension) slots were filled, the mentors' load and the time."""

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dangjian.mentoring.matching import Mentee, Mentor, Pair, Problem, propose

SUBJECTS = {
    "语文": 30,
    "数学": 30,
    "英语": 29,
    "物理": 18,
    "化学": 15,
    "生物": 14,
    "政治": 11,
    "历史": 11,
    "地理": 11,
    "体育": 12,
    "音乐": 4,
    "美术": 4,
    "信息技术": 5,
    "心理健康": 3,
}
TARGET_S = 5.0


def school(seed: int, n_young: int = 200, n_mentors: int = 600) -> Problem:
    rng = random.Random(seed)
    names, weights = list(SUBJECTS), list(SUBJECTS.values())
    mentees = tuple(
        Mentee(i, f"青年{i}", frozenset({rng.choices(names, weights)[0]}), rng.randint(1, 3)) for i in range(n_young)
    )
    mentors = tuple(
        Mentor(
            10_000 + i,
            f"导师{i}",
            frozenset({rng.choices(names, weights)[0]}),
            rng.randint(1, 3),
            is_leader=i < 12,
            is_party_member=rng.random() < 0.4,
            homeroom_experienced=rng.random() < 0.5,
            moral_leader=i < 20,
        )
        for i in range(n_mentors)
    )
    # A third of the young teachers continue with last year's professional mentor.
    continuing = []
    for mentee in mentees[: n_young // 3]:
        same = [m for m in mentors if m.subjects & mentee.subjects]
        if same:
            continuing.append(Pair(mentee.id, rng.choice(same).id, "professional"))
    return Problem(mentees, mentors, continuing=tuple(continuing))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    propose(school(0, 5, 10))  # import OR-Tools outside the timing
    times, cpus = [], []
    print(f"matching: 200 young teachers x 3 dimensions, 600 possible mentors, capacity 2 ({args.runs} schools)")
    for seed in range(args.runs):
        problem = school(seed)
        start, cpu = time.perf_counter(), time.process_time()
        proposal = propose(problem)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        times.append(elapsed)
        cpus.append(cpu)
        kept = sum(1 for p in proposal.pairs if p.origin == "kept")
        load = Counter(proposal.loads.values())
        print(
            f"  school {seed}: {proposal.status}{f' (gap ≤ {proposal.gap})' if proposal.gap else ''}, {len(proposal.pairs)}/600 slots filled "
            f"({kept} kept of {len(problem.continuing)} continuing), {len(proposal.unmatched)} open, "
            f"mentors used {len(proposal.loads)} (load {dict(sorted(load.items()))}), {elapsed:.2f} s ({cpu:.2f} s CPU)"
        )
        for line in proposal.explanations[:3]:
            print(f"    {line}")
    print(
        f"median {statistics.median(times):.2f} s, worst {max(times):.2f} s wall; "
        f"worst {max(cpus):.2f} s CPU (target < {TARGET_S:.0f} s; wall time grows when the machine is shared)"
    )
    return 0 if max(cpus) < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
