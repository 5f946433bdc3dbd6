"""The screenshots command says what is missing instead of failing halfway."""

import pytest
from django.core.management import CommandError, call_command


def test_screenshots_need_chromium(monkeypatch, tmp_path):
    monkeypatch.setattr("dangjian.demo.management.commands.screenshots.CHROMIUM", str(tmp_path / "chromium"))
    with pytest.raises(CommandError, match="找不到"):
        call_command("screenshots", "--output", str(tmp_path))
    assert not any(tmp_path.iterdir())
