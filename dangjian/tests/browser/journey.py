"""Counting a user's interactions in a journey (issue 18, "Measured"): every click, tap, fill, select, check
and upload goes through a ``Journey``, which fails the test when the journey needs more than its target."""

from dataclasses import dataclass, field


@dataclass
class Journey:
    page: object
    target: int | None = None  # None: a helper's steps, not a measured journey
    steps: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.steps)

    def _step(self, what: str) -> None:
        self.steps.append(what)

    def click(self, locator, *, navigates: bool = False) -> None:
        self._step(f"click {locator}")
        if navigates:
            with self.page.expect_navigation():
                locator.click()
            self.page.wait_for_load_state()
        else:
            locator.click()

    def fill(self, locator, value: str) -> None:
        self._step(f"fill {locator}")
        locator.fill(value)

    def select(self, locator, value: str) -> None:
        self._step(f"select {locator}")
        locator.select_option(value)

    def check(self, locator) -> None:
        self._step(f"check {locator}")
        locator.check()

    def upload(self, locator, files) -> None:
        self._step(f"upload {locator}")
        locator.set_input_files(files)

    def nav(self, label: str) -> None:
        """Follow a link of the main menu, as a user would: the collapsed menu and the dropdown that holds the
        link are opened first when they are closed (each a tap)."""
        page = self.page
        toggler = page.locator(".navbar-toggler")
        if toggler.is_visible():
            self.click(toggler)
            page.locator(".navbar-collapse.show").wait_for()  # the end of the collapse transition
        in_nav = page.get_by_role("link", name=label, exact=True, include_hidden=True)
        link = page.locator("#main-nav").locator(in_nav).first
        if not link.is_visible():
            dropdown = page.locator("#main-nav .dropdown").filter(has=in_nav)
            self.click(dropdown.locator(".dropdown-toggle"))
            dropdown.locator(".dropdown-menu").wait_for()
        self.click(link, navigates=True)

    def done(self) -> None:
        print(f"\njourney: {self.count} interactions (target {self.target})")
        assert self.count <= self.target, f"{self.count} interactions > {self.target}:\n" + "\n".join(self.steps)
