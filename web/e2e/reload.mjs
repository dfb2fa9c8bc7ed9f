// Browser test of `botrt dev` hot reload, run by sim/web's TestBrowserDevReload: a real bot script
// answers !ping; the script is edited while the page stays open, and the new answer shows up in it.
// Env: SIM_URL, CHROMIUM, ARTIFACTS, BOT_FILE (the script to edit), PHONE.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const base = env('SIM_URL');
const artifacts = env('ARTIFACTS');
const botFile = env('BOT_FILE');
mkdirSync(artifacts, { recursive: true });

const browser = await chromium.launch({
  executablePath: env('CHROMIUM'),
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let page;
const snap = (name) => page.screenshot({ path: join(artifacts, `${name}.png`) });
try {
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.setDefaultTimeout(20_000);
  await page.goto(base + '/');
  await page.getByLabel('Phone number').fill(env('PHONE'));
  await page.getByLabel('Name', { exact: true }).fill('Alice');
  await page.getByRole('button', { name: 'Create person' }).click();
  await page.getByRole('button', { name: /Alice/, pressed: true }).waitFor();
  // The bot's account is the only one that is not a person.
  await page.getByRole('button', { name: /^Chat with / }).first().click();
  const messages = page.getByRole('list', { name: 'Messages' });
  const send = async (text) => {
    await page.getByLabel('Message', { exact: true }).fill(text);
    await page.getByLabel('Message', { exact: true }).press('Enter');
  };
  await send('!ping');
  await messages.locator('.bubble.theirs').getByText('pong', { exact: true }).waitFor();
  await snap('01-before-edit');

  // A marker that a page reload would lose.
  await page.evaluate(() => { window.__sameDocument = true; });
  writeFileSync(botFile, readFileSync(botFile, 'utf8').replace("'pong'", "'pong, reloaded'"));
  // The reload is asynchronous: until it lands the old generation answers; ask again until the new one does.
  const reloaded = messages.locator('.bubble.theirs').getByText('pong, reloaded', { exact: true });
  for (let i = 0; ; i++) {
    await send('!ping');
    try {
      await reloaded.first().waitFor({ timeout: 3000 });
      break;
    } catch (err) {
      if (i === 5) throw new Error(`no answer from the edited script: ${err.message}`);
    }
  }
  if (!(await page.evaluate(() => window.__sameDocument === true))) throw new Error('the page was reloaded');
  const log = page.getByRole('log');
  await log.getByText('bot reloaded').first().waitFor();
  await snap('02-after-edit');

  // A broken edit: the panel shows the load error at its file:line, and the old generation keeps answering.
  writeFileSync(botFile, readFileSync(botFile, 'utf8') + '\nconst = 1\n');
  await log.locator('.entry.level-error').getByText(/at ping\.js:\d+/).first().waitFor();
  await snap('03-broken-edit');
  console.log('reload.mjs: all steps passed');
} catch (err) {
  if (page) await snap('failure').catch(() => {});
  console.error(`reload.mjs: ${err.stack || err}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
