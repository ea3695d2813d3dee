/**
 * The Node host: serves the built renderer and mounts the runtime's dispatcher over HTTP
 * (`POST /api/call/<method>`) and a WebSocket (`/api/events`) for progress, on 127.0.0.1 only.
 * Its callers are not trusted: malformed requests (a bad `%` escape, a body that is not a JSON
 * object, the wrong content type, a body or upload over its limit, a corrupt .gz upload) get a
 * typed error with the 4xx status `httpStatus` gives its code, never a 500.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppError, type ErrorCode, type ProgressEvent } from '../../../shared/contract/core';
import { toAppError } from '../../dispatch/dispatcher';
import type { Runtime } from '../../services/runtime';
import { DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_UPLOAD_RETENTION_MS, receiveUpload, sweepUploads, uploadTooLarge } from '../../services/slow-log/uploads';
import { bearer, contentSecurityPolicy, hostAllowed, originAllowed, tokenMatches } from './security';

/** Options for the host server. */
export interface HostOptions {
  runtime: Runtime;
  /** Built renderer (dist/renderer); when missing the API still works. */
  staticDir: string;
  /** Where uploaded files land (slow logs dropped in the browser). */
  uploadDir: string;
  port?: number;
  token?: string;
  /** Largest JSON body accepted by /api/call (bytes). */
  maxBodyBytes?: number;
  /** Largest upload accepted by /api/upload (bytes; default 4 GiB). */
  maxUploadBytes?: number;
  /** Uploads not digested within this time are removed (default 24 h); leftovers of an earlier run go at start-up. */
  uploadRetentionMs?: number;
}

/** A running host. */
export interface Host {
  port: number;
  token: string;
  /** The URL to open: it carries the token once; the renderer keeps it in session storage. */
  url: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

/** The HTTP status of a request the host refuses itself, by its error code: 4xx for what the caller sent, 5xx for the host's own failures. */
export function httpStatus(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION':
    case 'BAD_INPUT':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'FORBIDDEN_ORIGIN':
      return 403;
    case 'NOT_FOUND':
    case 'UNKNOWN_METHOD':
      return 404;
    case 'TIMEOUT':
      return 408;
    case 'TOO_LARGE':
      return 413;
    case 'UNSUPPORTED':
      return 415;
    default:
      return 500;
  }
}

function sendError(res: ServerResponse, status: number, err: AppError): void {
  sendJson(res, status, { ok: false, error: err.toEnvelope() });
}

/** Answers with the status of the error's code; a refused body is not read further, so the connection closes after the answer. */
function fail(req: IncomingMessage, res: ServerResponse, err: AppError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = httpStatus(err.code);
  if (!req.complete) res.setHeader('Connection', 'close');
  sendError(res, status, err);
}

/** decodeURIComponent, with a bad `%` escape as a typed error instead of a URIError. */
function decodePath(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new AppError('VALIDATION', `The URL path has a malformed %-escape: ${text.slice(0, 200)}`);
  }
}

/** The declared body length, when the request declares one. */
function declaredLength(req: IncomingMessage): number | undefined {
  const n = Number(req.headers['content-length']);
  return req.headers['content-length'] !== undefined && Number.isFinite(n) ? n : undefined;
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const tooLarge = (): AppError => new AppError('TOO_LARGE', `Request body over ${limit} bytes; open large files instead of pasting them`, { maxBytes: limit });
  if ((declaredLength(req) ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  // Not destroyed when refused, so the 413 still reaches the caller.
  for await (const chunk of req.iterator({ destroyOnReturn: false })) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The call body `{ requestId?, payload }`, or a typed error saying what is wrong with it. */
function parseCallBody(text: string): { requestId?: unknown; payload?: unknown } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new AppError('VALIDATION', `The body is not JSON: ${(err as Error).message}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError(
      'VALIDATION',
      `The body must be a JSON object { "requestId"?, "payload" }, not ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}`,
    );
  }
  return body as { requestId?: unknown; payload?: unknown };
}

/** Starts the host on 127.0.0.1. */
export async function startHost(opts: HostOptions): Promise<Host> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const maxBody = opts.maxBodyBytes ?? 64 * 1024 * 1024;
  const maxUpload = opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const retention = opts.uploadRetentionMs ?? DEFAULT_UPLOAD_RETENTION_MS;
  const staticRoot = resolve(opts.staticDir);
  let port = opts.port ?? 0;
  mkdirSync(opts.uploadDir, { recursive: true, mode: 0o700 });
  // Uploads of an earlier run were either digested (and removed) or abandoned with it.
  await sweepUploads(opts.uploadDir, 0);
  const sweeper = setInterval(() => void sweepUploads(opts.uploadDir, retention), Math.max(1000, Math.min(retention / 4, 60 * 60 * 1000)));
  sweeper.unref();

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => fail(req, res, toAppError(err)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) return sendError(res, 421, new AppError('FORBIDDEN_ORIGIN', 'Unknown Host header'));
    if (!originAllowed(req.headers.origin, port)) return sendError(res, 403, new AppError('FORBIDDEN_ORIGIN', 'Foreign Origin refused'));
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      return fail(req, res, new AppError('VALIDATION', 'Malformed request URL'));
    }
    if (url.pathname.startsWith('/api/')) {
      if (!tokenMatches(bearer(req.headers.authorization), token)) return sendError(res, 401, new AppError('UNAUTHORIZED', 'Missing or wrong token'));
      if (req.method === 'POST' && url.pathname.startsWith('/api/call/')) return handleCall(decodePath(url.pathname.slice('/api/call/'.length)), req, res);
      if (req.method === 'POST' && url.pathname === '/api/upload') return handleUpload(req, res);
      return sendError(res, 404, new AppError('NOT_FOUND', `No route ${req.method} ${url.pathname}`));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, new AppError('NOT_FOUND', 'Method not allowed'));
    return serveStatic(url.pathname, res);
  }

  async function handleCall(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!opts.runtime.dispatcher.has(method)) return fail(req, res, new AppError('UNKNOWN_METHOD', `Unknown method: ${method}`));
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      return fail(
        req,
        res,
        new AppError('UNSUPPORTED', `A call's body is JSON: send it as Content-Type: application/json (got ${type ? type.slice(0, 100) : 'none'})`),
      );
    }
    const body = parseCallBody(await readBody(req, maxBody));
    const requestId = typeof body.requestId === 'string' && body.requestId.length <= 100 ? body.requestId : randomUUID();
    const result = await opts.runtime.dispatcher.dispatch(method, body.payload, requestId);
    sendJson(res, 200, result);
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if ((declaredLength(req) ?? 0) > maxUpload) return fail(req, res, uploadTooLarge(maxUpload));
    // Not destroyed when refused, so the 413 or 400 still reaches the caller.
    const stored = await receiveUpload(req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>, opts.uploadDir, maxUpload);
    sendJson(res, 200, { ok: true, result: stored });
  }

  function serveStatic(pathname: string, res: ServerResponse): void {
    const rel = normalize(decodePath(pathname)).replace(/^([/\\])+/, '');
    let file = resolve(staticRoot, rel);
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) return sendError(res, 403, new AppError('NOT_FOUND', 'Outside the app'));
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(staticRoot, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The renderer is not built. Run `npm run build`.');
      return;
    }
    const ext = extname(file);
    res.writeHead(200, {
      'Content-Type': MIME[ext] ?? 'application/octet-stream',
      'Content-Security-Policy': contentSecurityPolicy(port),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': ext === '.html' ? 'no-store' : 'public, max-age=3600',
    });
    createReadStream(file).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const ok =
      url.pathname === '/api/events' &&
      hostAllowed(req.headers.host, port) &&
      originAllowed(req.headers.origin, port) &&
      tokenMatches(url.searchParams.get('token'), token);
    if (!ok) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });
  const onProgress = (e: ProgressEvent) => {
    const msg = JSON.stringify({ topic: 'progress', data: e });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
  };
  opts.runtime.events.on('progress', onProgress);

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : port;
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    close: async () => {
      clearInterval(sweeper);
      opts.runtime.events.off('progress', onProgress);
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
    },
  };
}
