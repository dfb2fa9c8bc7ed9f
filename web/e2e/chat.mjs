// Browser test of the chat page, run by sim/web's TestBrowserChat against a simulator with a test bot.
// Env: SIM_URL (the simulator), CHROMIUM (executable), ARTIFACTS (screenshot folder), BOT_NAME, PHONE.
// Exits non-zero with a message on the first failed step.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const base = env('SIM_URL');
const artifacts = env('ARTIFACTS');
const bot = env('BOT_NAME');
const phone = env('PHONE');
const timeout = 20_000;
mkdirSync(artifacts, { recursive: true });

// A 2x2 PNG to upload.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

const browser = await chromium.launch({
  executablePath: env('CHROMIUM'),
  headless: true,
  // Playwright adds --headless and a fresh --user-data-dir of its own.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
let page;
let shot = 0;
const snap = async (name) => page.screenshot({ path: join(artifacts, `${String(++shot).padStart(2, '0')}-${name}.png`) });
const external = [];
try {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  ctx.setDefaultTimeout(timeout);
  // The page must not reach beyond the simulator: anything else is recorded and refused.
  await ctx.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    external.push(url);
    return route.abort();
  });
  page = await ctx.newPage();
  const consoleErrors = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(base + '/');
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();

  // The bot panel shows what the CLI published, with the error's file:line.
  const log = page.getByRole('log');
  await log.getByText('at bot.js:7').waitFor();

  // Create a person (keyboard only: labels and Enter).
  await page.getByLabel('Phone number').fill(phone);
  await page.getByLabel('Name', { exact: true }).fill('Alice');
  await page.getByLabel('Name', { exact: true }).press('Enter');
  await page.getByRole('button', { name: /Alice/, pressed: true }).waitFor();
  await snap('person-created');

  // Accounts that appear while the page is open show up without a reload (here a person made by API).
  const made = await fetch(`${base}/api/people`, { method: 'POST', body: JSON.stringify({ phone: '15550003333', name: 'Bob' }) });
  if (!made.ok) throw new Error(`POST /api/people: ${made.status} ${await made.text()}`);
  await page.getByRole('button', { name: 'Chat with Bob' }).waitFor();

  // !ping → pong.
  await page.getByRole('button', { name: `Chat with ${bot}` }).click();
  const messages = page.getByRole('list', { name: 'Messages' });
  await page.getByLabel('Message', { exact: true }).fill('!ping');
  await page.getByLabel('Message', { exact: true }).press('Enter');
  await messages.locator('.bubble.mine').getByText('!ping').waitFor();
  await messages.locator('.bubble.theirs').getByText('pong', { exact: true }).waitFor();
  // The bot marked !ping read: its ticks say so.
  await messages.locator('.bubble.mine', { hasText: '!ping' }).getByLabel('read').waitFor();
  await snap('ping-pong');

  // "!type" makes the bot start typing and say nothing: the hint shows.
  await page.getByLabel('Message', { exact: true }).fill('!type');
  await page.getByLabel('Message', { exact: true }).press('Enter');
  await page.getByRole('status').filter({ hasText: `${bot} is typing…` }).waitFor();

  // Upload an image; the bot answers with an image shown inline.
  await page.getByLabel('Attach image or file').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: png });
  await page.getByRole('button', { name: 'Send' }).click();
  await messages.locator('.bubble.mine img').waitFor();
  const reply = messages.locator('.bubble.theirs img');
  await reply.waitFor();
  await page.waitForFunction((img) => img.complete && img.naturalWidth === 32, await reply.elementHandle());
  await snap('image-reply');

  // Reply to the bot's pong with a quote.
  await page.getByRole('button', { name: 'Reply to pong' }).click();
  await page.getByRole('status').filter({ hasText: 'Replying to: pong' }).waitFor();
  await page.getByLabel('Message', { exact: true }).fill('!ping');
  await page.getByLabel('Message', { exact: true }).press('Enter');
  await messages.locator('.bubble.mine').filter({ has: page.locator('.quoted', { hasText: 'pong' }) }).waitFor();
  await snap('quoted-reply');

  // React to the first pong; the reaction shows under it.
  await page.getByRole('button', { name: 'React 👍 to pong' }).first().click();
  await messages.locator('.bubble.theirs', { hasText: 'pong' }).first().getByLabel('Reactions').getByText('👍').waitFor();

  // A file that is not an image goes as a document, shown as a download link.
  await page.getByLabel('Attach image or file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await page.getByLabel('Message', { exact: true }).fill('my notes');
  await page.getByRole('button', { name: 'Send' }).click();
  await messages.locator('.bubble.mine').getByRole('link', { name: 'notes.txt' }).waitFor();
  await messages.locator('.bubble.mine').getByText('my notes').waitFor();
  await snap('reaction-and-document');

  // A group with the bot gets a welcome.
  await page.getByLabel('Group subject').fill('Test group');
  await page.getByRole('checkbox', { name: `${bot} (bot)` }).check();
  await page.getByRole('button', { name: 'Create group' }).click();
  await page.getByRole('heading', { name: 'Test group' }).waitFor();
  await messages.getByText('welcome to Test group').waitFor();
  await snap('group-welcome');

  // @<number> in the composer mentions the bot, which thanks for it.
  const accounts = await (await fetch(`${base}/api/accounts`)).json();
  const botPhone = accounts.find((a) => a.name === bot).jid.split('@')[0];
  await page.getByLabel('Message', { exact: true }).fill(`@${botPhone} hello`);
  await page.getByLabel('Message', { exact: true }).press('Enter');
  await messages.getByText('thanks for the mention').waitFor();
  await snap('group-mention');

  // A group the bot made with the person shows under its subject.
  await page.getByRole('button', { name: `Chat with ${bot}` }).click();
  await page.getByLabel('Message', { exact: true }).fill('!group');
  await page.getByLabel('Message', { exact: true }).press('Enter');
  await page.getByRole('button', { name: /Bot's club/ }).click();
  await messages.getByText('hello, club').waitFor();
  await snap('bot-made-group');

  // Accessibility: axe-core's WCAG 2 A/AA rules (labels, names, contrast, structure) on the full page.
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  if (axe.length) throw new Error(`accessibility violations:\n${axe.join('\n')}`);

  if (external.length) throw new Error(`the page requested external URLs: ${external.join(', ')}`);
  if (consoleErrors.length) throw new Error(`console errors: ${consoleErrors.join(' | ')}`);
  console.log('chat.mjs: all steps passed');
} catch (err) {
  if (page) await snap('failure').catch(() => {});
  console.error(`chat.mjs: ${err.stack || err}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
