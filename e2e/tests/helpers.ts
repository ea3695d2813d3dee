/** Shared steps of the web end-to-end tests. */
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

/**
 * Opens the app through the Node host (the global one, or another `dbw serve` a test started).
 * The active connection is kept in the workspace, which every spec of a run shares: each test
 * starts with none active, as a first start does, so no test depends on the one before it.
 */
export async function openApp(page: Page, url = process.env.DBW_E2E_URL): Promise<void> {
  if (!url) throw new Error('DBW_E2E_URL is not set: the global setup did not start dbw serve');
  const { origin, hash } = new URL(url);
  const token = new URLSearchParams(hash.slice(1)).get('token') ?? '';
  const res = await fetch(`${origin}/api/call/connections.setActive`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ payload: { id: null } }),
  });
  expect(((await res.json()) as { ok: boolean }).ok, 'the active connection is reset before the test').toBe(true);
  await page.goto(url);
  await expect(page.getByText('DBA Workbench').first()).toBeVisible();
}

/** Opens a panel from the side navigation. */
export async function openPanel(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name }).click();
}

/** Saves a screenshot under e2e/screenshots/ for people to look at. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync('e2e/screenshots', { recursive: true });
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: false });
}

/** Adds a connection through the form and waits for its test result. */
export async function addConnection(
  page: Page,
  c: { name: string; kind?: 'mysql' | 'redis'; port: number; user?: string; password?: string; production?: boolean },
  /** 'fails': the test is expected to fail, so nothing is saved and the form stays open with the error. */
  expect_: 'saves' | 'fails' = 'saves',
): Promise<void> {
  await openPanel(page, /Connections/);
  // The panel loads lazily; with no saved connection it opens on the form, otherwise on the list.
  await expect(page.getByRole('heading', { name: 'Connections' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Connection settings' });
  if (!(await form.isVisible())) await page.getByRole('button', { name: 'Add connection' }).click();
  await expect(form).toBeVisible();
  await form.locator('input[name=name]').fill(c.name);
  if (c.kind === 'redis') await form.locator('select[name=kind]').selectOption('redis');
  await form.locator('input[name=port]').fill(String(c.port));
  if (c.user !== undefined) await form.locator('input[name=user]').fill(c.user);
  if (c.password) await form.locator('input[name=password]').fill(c.password);
  if (c.production) await form.locator('input[name=production]').check();
  await form.getByRole('button', { name: 'Save' }).click();
  if (expect_ === 'fails') await expect(page.getByTestId('save-test-failed')).toBeVisible({ timeout: 15_000 });
  else await expect(page.getByTestId(`connection-${c.name}`)).toBeVisible({ timeout: 15_000 });
}
