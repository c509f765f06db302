#!/usr/bin/python3
"""The reading room as a person uses it, in headless Chromium (Debian's
chromium, chromium-driver and python3-selenium): home -> search -> a month
facet -> an article -> download the original -> the month -> its edition
PDF.  Asserts what a person would see at each step and saves a screenshot
(PNG) of each page into OUTDIR.  Prints TAP lines; exit status 1 on any
failure.

    reading_room.py BASE_URL OUTDIR ORIGINAL_FILE
"""
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

base, outdir, original = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
downloads = os.path.join(outdir, "downloads")
os.makedirs(downloads, exist_ok=True)
for old in os.listdir(downloads):  # only what this run downloads counts
    os.remove(os.path.join(downloads, old))
n = 0
failed = 0


def ok(cond, what):
    global n, failed
    n += 1
    print(("ok" if cond else "not ok") + f" {n} - {what}")
    if not cond:
        failed += 1


def shot(driver, name, width=1280):
    driver.set_window_size(width, 900)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(height, 600), 4000))
    path = os.path.join(outdir, name + ".png")
    driver.save_screenshot(path)
    ok(os.path.getsize(path) > 5000, f"screenshot {name}.png saved")


def wait_file(predicate, seconds=20):
    end = time.time() + seconds
    while time.time() < end:
        names = [f for f in os.listdir(downloads) if not f.endswith(".crdownload")]
        hits = [f for f in names if predicate(f)]
        if hits:
            return os.path.join(downloads, hits[0])
        time.sleep(0.2)
    return None


opts = Options()
opts.add_argument("--headless=new")
opts.add_argument("--no-sandbox")
opts.add_argument("--disable-gpu")
opts.add_argument("--lang=zh-CN")
opts.add_experimental_option("prefs", {
    "download.default_directory": downloads,
    "download.prompt_for_download": False,
    "plugins.always_open_pdf_externally": True,
})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
# A page loaded after a click may not be there yet when the next step
# looks: each look waits up to 10 s for what it looks for.
driver.implicitly_wait(10)
try:
    driver.get(base + "/")
    ok(driver.find_element(By.TAG_NAME, "h1").text == "档案阅览室", "home: the heading")
    ok(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN", "home: lang zh-CN")
    months = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#h-months + ul a, ul.counts a")]
    ok("2019-01" in months, "home: the month 2019-01 is listed")
    shot(driver, "1-home")
    shot(driver, "1-home-phone", width=390)

    box = driver.find_element(By.ID, "quick-q")
    box.send_keys("百丈")
    driver.find_element(By.CSS_SELECTOR, "form.quick button").click()
    total = driver.find_element(By.CSS_SELECTOR, "p.total").text
    ok("共 4 篇" in total, f"search 百丈: the count says 4 ({total})")
    marks = driver.find_elements(By.CSS_SELECTOR, "ol.results mark")
    ok(marks and all(m.text == "百丈" for m in marks), "search: the matches are highlighted")
    ok("q=%E7%99%BE%E4%B8%88" in driver.current_url, "search: the query is in the URL")
    shot(driver, "2-search")

    driver.find_element(By.LINK_TEXT, "2019-01").click()
    total = driver.find_element(By.CSS_SELECTOR, "p.total").text
    ok("共 3 篇" in total, f"facet 2019-01: 3 articles ({total})")
    ok("month=2019-01" in driver.current_url, "facet: kept in the URL")
    ok(driver.find_element(By.ID, "month").get_attribute("value") == "2019-01",
       "facet: the month field shows it")
    shot(driver, "3-facet")

    first = driver.find_element(By.CSS_SELECTOR, "ol.results h2 a")
    title = first.text
    first.click()
    ok(driver.find_element(By.TAG_NAME, "h1").text == title, f"article: the heading is {title}")
    ok(driver.find_elements(By.CSS_SELECTOR, ".body p"), "article: the body is shown as paragraphs")
    shot(driver, "4-article")

    driver.get(base + "/search?q=%E5%9B%BE%E4%B9%A6%E9%A6%86%E6%98%A5%E8%8A%82")
    driver.find_element(By.CSS_SELECTOR, "ol.results h2 a").click()
    driver.find_element(By.LINK_TEXT, "下载原件").click()
    got = wait_file(lambda f: f.endswith(".md"))
    ok(got is not None, "download the original: a file arrives")
    if got:
        ok(open(got, "rb").read() == open(original, "rb").read(),
           "the downloaded original is the file ingested, byte for byte")
        ok(os.path.basename(got) == os.path.basename(original), "with its own file name")

    driver.get(base + "/month/2019-01")
    ok("2019-01 的文章" in driver.find_element(By.TAG_NAME, "h1").text, "month: the heading")
    ok(len(driver.find_elements(By.CSS_SELECTOR, "main li a")) == 4, "month: its 4 articles")
    shot(driver, "5-month")
    driver.find_element(By.PARTIAL_LINK_TEXT, "本月版面").click()
    pdf = wait_file(lambda f: f.endswith(".pdf"), seconds=60)
    ok(pdf is not None, "the month's edition: a PDF arrives")
    if pdf:
        ok(open(pdf, "rb").read(5) == b"%PDF-", "and it is a PDF")
finally:
    driver.quit()
print(f"1..{n}")
sys.exit(1 if failed else 0)
