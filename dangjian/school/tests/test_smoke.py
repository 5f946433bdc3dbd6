def test_world_builds(world):
    assert world.school.code == "a"
    assert world.users["teacher"].staff.school == world.school
