// The offline copy in Firefox, from file:// (tests/test_offline.py runs this and checks what it prints).
// Usage: node offline_check.mjs <folder of the unzipped copy>. Prints one JSON object; exits 0 unless the browser fails.
import path from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const root = pathToFileURL(path.resolve(process.argv[2]) + "/").href;
const found = { requests: [], errors: [] };
const browser = await puppeteer.launch({ browser: "firefox", executablePath: "/usr/bin/firefox-esr", headless: true });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on("request", (request) => found.requests.push(request.url()));
  page.on("pageerror", (error) => found.errors.push(String(error)));
  page.on("console", (message) => message.type() === "error" && found.errors.push(message.text()));

  await page.goto(root + "index.html");
  found.home = await page.$eval("h1", (h) => h.textContent);
  // search: the worker through the iframe shim, the index as a script
  await page.click(".md-search__input");
  await page.keyboard.type("dobrowolnych powrotow", { delay: 5 });
  await page.waitForSelector(".md-search-result__item", { timeout: 20000 });
  found.results = await page.$$eval("a.md-search-result__link", (links) => links.map((a) => a.href));
  // the catalogue: its data as a script, a facet narrows the list
  await page.goto(root + "practices/index.html");
  await page.waitForSelector(".pw-cat--ready", { timeout: 15000 });
  const shown = () => page.$$eval("[data-pw-cards] > li:not([hidden])", (cards) => cards.length);
  found.cards = [await shown()];
  await page.click("input[name=group][value=minors]");
  await page.waitForFunction((n) => document.querySelectorAll("[data-pw-cards] > li:not([hidden])").length < n,
    { timeout: 10000 }, found.cards[0]);
  found.cards.push(await shown());
  // the training pack, from the address
  await page.goto(root + "pack.html?c=psn/05-unaccompanied-minors&p=avr-project");
  await page.waitForFunction("document.querySelectorAll('[data-pw-pack-items] > section').length === 2", { timeout: 15000 });
  found.pack = await page.$$eval("[data-pw-pack-toc] a", (links) => links.map((a) => a.textContent));
  // the language switch
  await page.goto(root + "index.html");
  found.english = await page.$eval("a.md-select__link[hreflang=en]", (a) => a.href);
  await page.goto(found.english);
  found.lang = await page.$eval("html", (html) => html.lang);
} finally {
  await browser.close();
}
console.log(JSON.stringify(found));
