import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from '../electron-binary';

const binary = electronBinary();

test.describe('desktop app (Electron)', () => {
  // The binary comes from the optional `electron` package, whose installer downloads it; where
  // that download is impossible (our CI) these tests are reported as skipped with this reason.
  test.skip(!binary, 'Electron binary not installed (its download is not possible on this machine); the web project covers the same renderer');

  test('opens the sandboxed window on the app:// protocol and reaches the core over IPC', async () => {
    const app = await electron.launch({ executablePath: binary!, args: ['dist/electron/main.mjs'] });
    const win = await app.firstWindow();
    await expect(win.getByText('DBA Workbench').first()).toBeVisible();
    expect(win.url()).toMatch(/^app:\/\/renderer\//);
    const exposed = await win.evaluate(() => Object.keys((window as unknown as { dbw: object }).dbw).sort());
    expect(exposed).toEqual(['invoke', 'subscribe']);
    const hasNode = await win.evaluate(
      () => typeof (globalThis as { process?: unknown }).process !== 'undefined' || typeof (globalThis as { require?: unknown }).require !== 'undefined',
    );
    expect(hasNode).toBe(false);
    await app.close();
  });
});
