import pytest

from dangjian.school.combinations import (
    CombinationError,
    all_combinations,
    class_subjects,
    combination_code,
    combination_for_level,
    combination_subjects,
    parse_combination,
)

OFFERED = ["语文", "数学", "英语", "物理", "化学", "生物", "政治", "历史", "地理", "体育", "信息技术"]


@pytest.mark.parametrize(
    "value, subjects",
    [
        ("物化生", ("物理", "化学", "生物")),
        ("物化政", ("物理", "化学", "政治")),
        ("史政地", ("历史", "政治", "地理")),
        ("史地生", ("历史", "地理", "生物")),
        ("生史地", ("历史", "地理", "生物")),  # any order
        ("物理、化学、生物", ("物理", "化学", "生物")),
        ("物理+思想政治+地理", ("物理", "政治", "地理")),
        ("历史 生物学 化学", ("历史", "化学", "生物")),
        ("物理化学生物", ("物理", "化学", "生物")),
        (" 史／政／地 ", ("历史", "政治", "地理")),
    ],
)
def test_parse_accepts_short_and_full_names(value, subjects):
    assert parse_combination(value) == subjects


@pytest.mark.parametrize(
    "value, says",
    [
        ("", "为空"),
        ("物史地", "只选一科"),  # both first subjects
        ("化生地", "只选一科"),  # no first subject
        ("物化", "三门"),
        ("物化生地", "三门"),
        ("物化化", "三门"),
        ("物化音", "不是选考科目"),
        ("物理、化学、语文", "“语文”不是选考科目"),
    ],
)
def test_parse_refuses_with_the_valid_forms(value, says):
    with pytest.raises(CombinationError) as error:
        parse_combination(value)
    assert says in str(error.value)
    assert "物化生" in str(error.value)  # names the valid forms


def test_code_is_the_short_form_in_a_fixed_order():
    assert combination_code("物理、生物、化学") == "物化生"
    assert combination_code("地理 生物 历史") == "史地生"
    assert combination_code("政治+历史+地理") == "史政地"


def test_twelve_combinations_each_its_own_code():
    codes = all_combinations()
    assert len(codes) == len(set(codes)) == 12
    assert {"物化生", "物化政", "史政地", "史地生"} <= set(codes)
    assert all(combination_code(c) == c for c in codes)


def test_gao_yi_has_no_combination_and_blank_means_not_chosen():
    assert combination_for_level(1, "") == ""
    assert combination_for_level(2, "  ") == ""
    assert combination_for_level(2, "物理、化学、生物") == "物化生"
    with pytest.raises(CombinationError, match="高一不分选科组合"):
        combination_for_level(1, "物化生")


def test_class_subjects_are_the_compulsory_ones_and_the_three_chosen():
    assert class_subjects("史政地", OFFERED) == ["语文", "数学", "英语", "政治", "历史", "地理", "体育", "信息技术"]
    assert combination_subjects("") == ()
