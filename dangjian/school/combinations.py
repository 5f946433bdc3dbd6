"""3+1+2 subject combinations (选科组合, Fujian senior high schools since 2021).

A 高二 or 高三 class takes the compulsory subjects, one first subject (物理 or 历史) and two of 化学、生物、
政治、地理; 高一 classes take every subject and have no combination. A combination is stored in its short
form, first subject then the two others in the fixed order 化政地生, the order schools write them in:
物化生, 物化政, 史政地, 史地生.
Pure functions: no database."""

FIRST = ("物理", "历史")
SECOND = ("化学", "政治", "地理", "生物")
ELECTIVES = FIRST + SECOND  # the subjects a combination chooses among; every other subject is compulsory
SHORT = {"物理": "物", "历史": "史", "化学": "化", "生物": "生", "政治": "政", "地理": "地"}
FULL = {short: full for full, short in SHORT.items()}
ALIASES = {"思想政治": "政治", "思政": "政治", "生物学": "生物"}
SEPARATORS = "、，,+＋/／ 　·"
FORMS = "物理或历史打头，再选化学、生物、政治、地理中的两科，如 物化生、物化政、史政地、史地生，或 物理+化学+生物"


class CombinationError(ValueError):
    """Not a 3+1+2 combination; the message says why and names the valid forms (Chinese)."""


def parse_combination(value: str) -> tuple[str, str, str]:
    """``物化生``, ``史地生``, ``物理、化学、生物``, ``物理+思想政治+地理`` … → the three chosen subjects
    (full names, first subject first, the others in the order 化学、政治、地理、生物)."""
    text = str(value or "").strip()
    if not text:
        raise CombinationError(f"选科组合为空（应为：{FORMS}）。")
    for sep in SEPARATORS:
        text = text.replace(sep, " ")
    parts = text.split()
    if len(parts) == 1:
        parts = _split(parts[0])
    subjects = [FULL.get(p) or ALIASES.get(p, p) for p in parts]
    unknown = [p for p, s in zip(parts, subjects, strict=True) if s not in SHORT]
    if unknown:
        raise CombinationError(f"“{value}”中的“{'、'.join(unknown)}”不是选考科目（应为：{FORMS}）。")
    if len(subjects) != 3 or len(set(subjects)) != 3:
        raise CombinationError(f"“{value}”应为三门不同的科目（{FORMS}）。")
    first = [s for s in subjects if s in FIRST]
    if len(first) != 1:
        raise CombinationError(f"“{value}”须在物理、历史中选且只选一科（{FORMS}）。")
    others = sorted((s for s in subjects if s in SECOND), key=SECOND.index)
    return (first[0], *others)


def _split(word: str) -> list[str]:
    """物化生 → 物 化 生; 物理化学生物 → 物理 化学 生物: the longest known name at each place, else one
    character (reported as unknown)."""
    names = sorted({*SHORT, *FULL, *ALIASES}, key=len, reverse=True)
    parts, i = [], 0
    while i < len(word):
        part = next((n for n in names if word.startswith(n, i)), word[i])
        parts.append(part)
        i += len(part)
    return parts


def combination_code(value: str) -> str:
    """Any accepted spelling → the stored short form (物化生)."""
    return "".join(SHORT[s] for s in parse_combination(value))


def combination_for_level(level: int, value: str) -> str:
    """The stored form of a class's combination for its grade level (1 = 高一): blank stays blank (not yet
    chosen); 高一 has none."""
    if not str(value or "").strip():
        return ""
    if level == 1:
        raise CombinationError("高一不分选科组合，请留空。")
    return combination_code(value)


def combination_subjects(code: str) -> tuple[str, ...]:
    """A stored combination → its three subjects; "" (高一, or not yet chosen) → ()."""
    return parse_combination(code) if code else ()


def class_subjects(code: str, offered: list[str]) -> list[str]:
    """The subjects a class of this combination takes, among ``offered`` (in their order): every compulsory
    subject and the combination's three electives."""
    chosen = set(combination_subjects(code))
    return [s for s in offered if s not in ELECTIVES or s in chosen]


def all_combinations() -> list[str]:
    """The twelve combinations, 物理类 first."""
    return [SHORT[f] + SHORT[a] + SHORT[b] for f in FIRST for i, a in enumerate(SECOND) for b in SECOND[i + 1 :]]
