/**
 * The Electron main process: one sandboxed, context-isolated window loading the renderer from
 * the app:// protocol under a strict CSP; IPC mounts the same dispatcher as the Node host.
 * The only module that imports electron (with preload.ts).
 */
import { app, BrowserWindow, ipcMain, net, protocol, safeStorage, session, shell } from 'electron';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AppError, type ProgressEvent } from '../../../shared/contract/core';
import { createRuntime, type Runtime } from '../../services/runtime';
import { uploadPath } from '../../services/slow-log/slow-log.service';
import { DEFAULT_UPLOAD_RETENTION_MS, receiveUpload, sweepUploads } from '../../services/slow-log/uploads';
import type { SecretBox } from '../../store/secret-box';
import { IPC } from './preload-bridge';

declare const __APP_VERSION__: string | undefined;

const SCHEME = 'app';
// The main process is an ES module (dist/electron/main.mjs), like the CLI and the workers it starts.
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = resolve(here, '..', 'renderer');
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

/** Opens http(s) links in the user's browser; nothing else leaves the app. */
function safeOpenExternal(url: string): void {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' || u.protocol === 'http:') void shell.openExternal(u.toString());
  } catch {
    // not a URL: ignore
  }
}

/** Passwords sealed by the OS keychain through safeStorage. */
function safeStorageBox(): SecretBox {
  if (!safeStorage.isEncryptionAvailable()) throw new Error('The OS keychain is not available; passwords cannot be stored safely');
  return {
    description: `OS keychain (Electron safeStorage, ${process.platform})`,
    keySource: 'the OS keychain entry of DBA Workbench',
    createdKey: false,
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}

function createWindow(runtime: Runtime): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'DBA Workbench',
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    safeOpenExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  const forward = (e: ProgressEvent) => {
    if (!win.isDestroyed()) win.webContents.send(IPC.event, 'progress', e);
  };
  runtime.events.on('progress', forward);
  win.on('closed', () => runtime.events.off('progress', forward));
  void win.loadURL(`${SCHEME}://renderer/index.html`);
  return win;
}

/** Only our own renderer may call. */
function fromRenderer(event: Electron.IpcMainInvokeEvent): boolean {
  return !!event.senderFrame && event.senderFrame.url.startsWith(`${SCHEME}://renderer/`);
}

void app.whenReady().then(() => {
  const workspaceDir = join(app.getPath('userData'), 'workspace');
  const runtime = createRuntime({
    workspaceDir,
    host: 'electron',
    secrets: safeStorageBox(),
    version: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : app.getVersion(),
  });
  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = resolve(rendererDir, normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, ''));
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  ipcMain.handle(IPC.invoke, async (event, method: unknown, payload: unknown, requestId: unknown) => {
    if (!fromRenderer(event)) return { ok: false, error: { code: 'FORBIDDEN_ORIGIN', message: 'Foreign frame' } };
    return runtime.dispatcher.dispatch(String(method), payload, typeof requestId === 'string' ? requestId : randomUUID());
  });
  // Bytes the renderer holds (a large paste) become an upload, as with the Node host's /api/upload:
  // the same cap, gzip check and partial-file removal (receiveUpload), and the same sweep of
  // uploads nobody digested.
  const uploadDir = dirname(uploadPath(workspaceDir, randomUUID()));
  mkdirSync(uploadDir, { recursive: true, mode: 0o700 });
  void sweepUploads(uploadDir, 0);
  setInterval(() => void sweepUploads(uploadDir, DEFAULT_UPLOAD_RETENTION_MS), 60 * 60 * 1000).unref();
  ipcMain.handle(IPC.upload, async (event, bytes: unknown) => {
    if (!fromRenderer(event)) return { ok: false, error: { code: 'FORBIDDEN_ORIGIN', message: 'Foreign frame' } };
    if (!(bytes instanceof ArrayBuffer)) return { ok: false, error: { code: 'VALIDATION', message: 'An upload is an ArrayBuffer' } };
    try {
      return { ok: true, result: await receiveUpload(Readable.from([Buffer.from(bytes)]), uploadDir) };
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('INTERNAL', String(err));
      return { ok: false, error: { code: e.code, message: e.message } };
    }
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (ev) => ev.preventDefault());
  });
  createWindow(runtime);
  app.on('window-all-closed', () => {
    runtime.close();
    app.quit();
  });
});
