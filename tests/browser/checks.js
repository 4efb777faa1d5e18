// Browser checks of the web site in headless Chromium (playwright-core, Debian's chromium), one session for all.
// Usage: node checks.js site CONFIG_JSON | node checks.js preview CONFIG_JSON. Prints one JSON result on stdout.
"use strict";
const fs = require("fs");
const { chromium } = require("playwright-core");

const FOCUSABLE = 'a[href], input:not([type="hidden"]), select, textarea, button, [tabindex]:not([tabindex="-1"])';

async function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-extensions"],
  });
}

// What Tab reaches, in order, until it comes back to the start: [{tag, href, id, outline}].
async function tabOrder(page, limit) {
  const seen = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press("Tab");
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      return { tag: el.tagName.toLowerCase(), href: el.getAttribute("href"), id: el.id,
               outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 };
    });
    if (info === null) break;
    if (seen.length && info.tag === seen[0].tag && info.href === seen[0].href && info.id === seen[0].id) break;
    seen.push(info);
  }
  return seen;
}

async function site(config) {
  const browser = await launch();
  const result = { pages: {}, search: {}, nojs: {} };
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const name of config.pages) {
      const entry = { widths: {}, axe: {} };
      for (const width of config.widths) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(config.base + name);
        entry.widths[width] = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
        }));
        // axe-core as @axe-core/cli ships it, at widths its own Chromium window cannot reach (under 500 px).
        await page.addScriptTag({ path: config.axe });
        entry.axe[width] = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } })
          .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target) }))),
        config.tags);
      }
      entry.text = await page.evaluate(() => document.body.innerText);
      entry.expected = await page.evaluate((sel) => Array.from(document.querySelectorAll(sel))
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => ({ tag: el.tagName.toLowerCase(), href: el.getAttribute("href"), id: el.id })), FOCUSABLE);
      await page.goto(config.base + name);
      entry.tabs = await tabOrder(page, entry.expected.length + 5);
      await page.goto(config.base + name);
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      entry.afterSkip = await page.evaluate(() => document.activeElement.id);
      result.pages[name] = entry;
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    const visible = () => page.evaluate(() => Array.from(document.querySelectorAll("#liste > li"))
      .filter((li) => !li.hidden).map((li) => li.querySelector("a").getAttribute("href")));
    await page.goto(config.base + "recherche.html");
    for (const word of config.words) {
      await page.fill("#mot", word);
      result.search["mot:" + word] = { shown: await visible(), status: await page.textContent("#resultat") };
    }
    await page.fill("#mot", "");
    await page.selectOption("#filtre-axe", config.axis);
    result.search["axe:" + config.axis] = { shown: await visible() };
    await page.selectOption("#filtre-axe", "");
    await page.selectOption("#filtre-lieu", config.place);
    result.search["lieu:" + config.place] = { shown: await visible() };
    const nojs = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await nojs.goto(config.base + "recherche.html");
    result.nojs = await nojs.evaluate(() => ({
      formShown: document.getElementById("filtres").getClientRects().length > 0,
      links: Array.from(document.querySelectorAll("#liste a")).filter((a) => a.getClientRects().length > 0).length,
    }));
  } finally {
    await browser.close();
  }
  return result;
}

// Open the preview, edit a content file, and see the page reload with the new text; then an error and its fix.
async function preview(config) {
  const browser = await launch();
  const steps = {};
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(config.url);
    await page.waitForFunction(() => window.EventSource !== undefined);
    await page.waitForTimeout(300); // the event stream is open
    const original = fs.readFileSync(config.file, "utf8");
    fs.writeFileSync(config.file, original.replace(config.from, config.to));
    await page.waitForFunction((text) => document.body.innerText.includes(text), config.expect, { timeout: 20000 });
    steps.reloaded = await page.evaluate(() => document.querySelector("h1").innerText);
    fs.writeFileSync(config.file, original.replace(config.from, config.broken));
    await page.waitForSelector("#apercu-erreurs", { timeout: 20000 });
    steps.overlay = await page.textContent("#apercu-erreurs");
    fs.writeFileSync(config.file, original);
    await page.waitForSelector("#apercu-erreurs", { state: "detached", timeout: 20000 });
    await page.waitForFunction((text) => !document.body.innerText.includes(text), config.expect, { timeout: 20000 });
    steps.fixed = await page.evaluate(() => document.querySelector("h1").innerText);
  } finally {
    await browser.close();
  }
  return steps;
}

const [mode, file] = process.argv.slice(2);
const config = JSON.parse(fs.readFileSync(file, "utf8"));
(mode === "site" ? site(config) : preview(config)).then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (error) => { console.error(error); process.exit(1); },
);
