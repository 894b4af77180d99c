"""The borrower's journey in a real browser (headless Chromium driven by selenium).

Link -> one-time code (read from the outbox, never from the page) -> loan page
whose figures equal `parley dues --json` -> case page -> propose own terms with
the keyboard only -> the proposal tops the timeline and the notice shows ->
Hindi, which sticks across pages.

Chromium and chromedriver are required: when they are missing the test fails
(CI installs Debian `chromium` and `chromium-driver`); it never skips.
On failure conftest.py saves artifacts/<test>.png (and the page's HTML).
"""
from __future__ import annotations

import os
import re
import shutil

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import money_text

CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


@pytest.fixture
def driver():
    if not os.path.exists(CHROMEDRIVER):
        pytest.fail(f"chromedriver not found at {CHROMEDRIVER} (apt-get install chromium-driver)")
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=412,1000",
                "--lang=en-US", "--disable-gpu", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    options.binary_location = CHROMIUM
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


def wait(driver, timeout=15):
    return WebDriverWait(driver, timeout)


def figure(driver, name: str) -> str:
    """The value shown for a dues figure, found by its visible name."""
    return driver.find_element(
        By.XPATH, f"//dl[contains(@class,'figs')]/div[dt[normalize-space()='{name}']]//span[@class='val']").text.strip()


def active_id(driver) -> str:
    return driver.switch_to.active_element.get_attribute("id") or ""


def test_borrower_journey(world, driver):
    subject = world.take_open_case(currency="INR", language="en", min_overdue=10_000_000)  # ≥ ₹1,00,000.00
    loan_id, case_id = subject["loan_id"], subject["case_id"]
    dues = world.dues(loan_id)

    # 1. The personal link shows the code form; the code itself is not on the page.
    url = world.issue_link(loan_id)
    driver.get(url)
    code_input = wait(driver).until(EC.presence_of_element_located((By.NAME, "code")))
    code = world.latest_code(loan_id)
    assert code not in driver.page_source, "the one-time code must never be shown on the page"
    assert driver.get_cookie("parley_csrf"), "the code form sets the parley_csrf cookie"
    assert driver.find_element(By.CSS_SELECTOR, "input[type=hidden][name=csrf]").get_attribute("value")
    code_input.click()
    code_input.send_keys(code)
    code_input.send_keys(Keys.ENTER)

    # 2. The loan page: the figures equal `parley dues --json`.
    wait(driver).until(EC.url_contains(f"/portal/loans/{loan_id}"))
    assert driver.get_cookie("parley_borrower"), "signing in sets the parley_borrower cookie"
    assert driver.find_element(By.TAG_NAME, "h1").text.strip() == f"Loan {loan_id}"
    assert figure(driver, "Total overdue") == money_text(dues["total_overdue"], "INR")
    assert figure(driver, "Amount to close the loan today") == money_text(dues["payoff"], "INR")
    # the highlighted figure is the total overdue
    assert driver.find_element(By.CSS_SELECTOR, "dl.figs > div.key span.val").text.strip() == \
        money_text(dues["total_overdue"], "INR")
    choose = driver.find_elements(By.XPATH, "//form[contains(@action,'/choose')]//button")
    assert choose, "an open case offers pathways with Choose buttons"

    # 3. The case page.
    link = driver.find_element(By.CSS_SELECTOR, f"a[href='/portal/cases/{case_id}']")
    link.click()
    wait(driver).until(EC.url_matches(rf"/portal/cases/{case_id}$"))
    assert driver.find_element(By.TAG_NAME, "h1").text.strip() == f"Case {case_id}"

    # 4. Propose own terms, moving between the fields with the keyboard only.
    amount = driver.find_element(By.ID, "f-amount")
    driver.execute_script("arguments[0].scrollIntoView({block:'center'})", amount)
    amount.click()
    assert active_id(driver) == "f-amount"
    driver.switch_to.active_element.send_keys("150000")
    driver.switch_to.active_element.send_keys(Keys.TAB)
    assert active_id(driver) == "f-instalments", "Tab from the amount reaches the number of instalments"
    driver.switch_to.active_element.send_keys("6")
    driver.switch_to.active_element.send_keys(Keys.TAB)
    assert active_id(driver) == "f-first_date", "Tab from the instalments reaches the first date"
    driver.switch_to.active_element.send_keys("12152026")     # en-US date field: month, day, year
    assert driver.find_element(By.ID, "f-first_date").get_attribute("value") == "2026-12-15"
    for _ in range(4):   # Tab through the date field's own parts to the submit button
        driver.switch_to.active_element.send_keys(Keys.TAB)
        if driver.switch_to.active_element.tag_name == "button":
            break
    button = driver.switch_to.active_element
    assert button.tag_name == "button" and button.text.strip() == "Send my proposal", button.text
    assert button.find_element(By.XPATH, "./ancestor::form").get_attribute("action").endswith(
        f"/portal/cases/{case_id}/proposal")
    button.send_keys(Keys.ENTER)

    wait(driver).until(EC.url_contains("done=proposal"))
    notice = driver.find_element(By.CSS_SELECTOR, ".flash[role=status]")
    assert notice.text.strip() == "Your proposal has been sent. Your lender will reply here."
    first = driver.find_element(By.CSS_SELECTOR, "ol.tl > li:first-child")
    assert first.find_element(By.TAG_NAME, "h3").text.strip() == "You proposed terms"
    assert "₹1,50,000.00 in 6 instalment(s) from 2026-12-15" in first.text, first.text
    assert "You" in first.find_element(By.CSS_SELECTOR, "p.by").text

    # ... and it is a case event with the borrower as actor (through the lender's API).
    import requests
    events = requests.get(f"{world.base}/api/v1/cases/{case_id}/events", headers=world.api_headers(),
                          timeout=10).json()["events"]
    last = events[-1]
    assert last["actor"]["kind"] == "borrower" and last["actor"]["id"] == subject["borrower_id"], last
    assert last["data"]["kind"] == "proposal"
    assert (last["data"]["amount"], last["data"]["instalments"], last["data"]["first_date"]) == \
        (15_000_000, 6, "2026-12-15"), last["data"]

    # 5. Hindi: the switch, then it sticks on other pages and on reload.
    driver.find_element(By.CSS_SELECTOR, "a[hreflang=hi]").click()
    wait(driver).until(EC.url_contains("lang=hi"))
    html = driver.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == "hi"
    assert DEVANAGARI.search(driver.find_element(By.TAG_NAME, "h1").text), driver.find_element(By.TAG_NAME, "h1").text
    assert "आपने अपनी शर्तें प्रस्तावित कीं" in driver.find_element(By.CSS_SELECTOR, "ol.tl").text
    assert driver.get_cookie("parley_lang")["value"] == "hi"

    driver.get(f"{world.base}/portal/cases/{case_id}")        # no ?lang=
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "hi"
    driver.refresh()
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "hi"
    assert DEVANAGARI.search(driver.find_element(By.TAG_NAME, "main").text)

    driver.get(f"{world.base}/portal/loans/{loan_id}")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "hi"
    assert figure(driver, "कुल बकाया") == money_text(dues["total_overdue"], "INR")
    assert figure(driver, "आज लोन बंद करने की रकम") == money_text(dues["payoff"], "INR")
