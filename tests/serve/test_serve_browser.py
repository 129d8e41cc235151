"""`briefgen serve` in a real browser: Debian's Chromium, driven by Selenium, on a server
listening on 127.0.0.1. The officer's path: open the dashboard with the token, record an
update, see the overdue count fall, make a pack, download its PDF."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from serve_helpers import TOKEN, chromium, chromium_available, running_server
from support import REPO

SEEDS = REPO / "seeds"
MEETING = "2024-02-28-th-us-2plus2"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not chromium_available(), reason="needs chromium and chromedriver"),
]


@pytest.fixture
def session(tmp_path: Path) -> Iterator[tuple[Any, str, Path, Path]]:
    workspace = tmp_path / "ws"
    shutil.copytree(SEEDS, workspace)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with (
        running_server(workspace, tmp_path / "out") as base,
        chromium(downloads, tmp_path / "profile") as driver,
    ):
        yield driver, base, workspace, downloads


def wait_for(driver: Any, css: str, timeout: float = 90) -> Any:
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(
        expected_conditions.presence_of_element_located(("css selector", css))
    )


def text_of(driver: Any, css: str) -> str:
    """The element's text, read again if htmx swapped the page meanwhile."""
    from selenium.common.exceptions import StaleElementReferenceException

    for _ in range(20):
        try:
            text: str = wait_for(driver, css).text
            return text
        except StaleElementReferenceException:
            time.sleep(0.1)
    raise AssertionError(f"{css} kept changing")


def us_overdue(driver: Any) -> int:
    return int(text_of(driver, "#cp-US .overdue-count"))


def test_record_an_update_then_make_and_download_the_pack(
    session: tuple[Any, str, Path, Path],
) -> None:
    driver, base, workspace, downloads = session
    driver.get(f"{base}/?token={TOKEN}")
    assert "?token" not in driver.current_url  # dropped from the address once accepted
    assert us_overdue(driver) == 4
    assert text_of(driver, "#overdue-total") == "4"

    driver.get(f"{base}/")  # the cookie, not the token, lets the browser in from now on
    assert us_overdue(driver) == 4

    # Record an update: Raimondo's visit (the meeting's 3rd commitment) took place.
    driver.find_element("css selector", "#cp-US a").click()
    row = wait_for(driver, f"[id='{MEETING}-3']")
    row.find_element("css selector", "details.update summary").click()
    form = row.find_element("css selector", "form")
    date = form.find_element("name", "date")
    date.clear()
    date.send_keys("2025-12-01")
    form.find_element("css selector", "select[name=status] option[value=done]").click()
    form.find_element("name", "note").send_keys("The visit took place in March 2024.")
    form.find_element("css selector", "button").click()
    wait_for(driver, f"[id='{MEETING}-3'] .status.done")
    record = (workspace / "meetings" / f"{MEETING}.yaml").read_text(encoding="utf-8")
    assert "note: The visit took place in March 2024." in record

    driver.find_element("link text", "Dashboard").click()
    assert text_of(driver, "#overdue-total") == "3"
    assert us_overdue(driver) == 3

    # Make the pack and download its PDF.
    driver.get(f"{base}/pack?counterpart=US")
    wait_for(driver, "form.pack button").click()
    wait_for(driver, ".made .files")
    links = driver.find_elements("css selector", ".files a")
    assert len(links) == 7
    brief = driver.find_element("css selector", ".previews .brief img")
    assert driver.execute_script("return arguments[0].naturalWidth", brief) > 500
    thumbnails = driver.find_elements("css selector", ".thumbs img")
    assert len(thumbnails) >= 3
    pack_link = next(a for a in links if a.text.endswith("_briefing-pack.pdf"))
    pack_link.click()
    target = downloads / pack_link.text
    deadline = time.monotonic() + 30
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert target.exists(), list(downloads.iterdir())
    text = "\n".join(page.extract_text() or "" for page in PdfReader(target).pages)
    assert "Background brief" in text and "Talking points" in text


def test_pages_in_thai(session: tuple[Any, str, Path, Path], tmp_path: Path) -> None:
    driver, base, _, _ = session
    driver.get(f"{base}/?token={TOKEN}&lang=th")
    wait_for(driver, "h1")
    assert driver.find_element("css selector", "h1").text.startswith("ภาพรวม")
    driver.get(f"{base}/counterparts/US")
    assert "ลำดับเวลา" in wait_for(driver, "main").text
    assert driver.find_elements("css selector", "svg.timeline .due.overdue")
    driver.save_screenshot(str(tmp_path / "counterpart-th.png"))
    assert (tmp_path / "counterpart-th.png").stat().st_size > 10_000
