/**
 * The Node host: serves the built renderer and mounts the runtime's dispatcher over HTTP
 * (`POST /api/call/<method>`) and a WebSocket (`/api/events`) for progress, on 127.0.0.1 only.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppError, type ProgressEvent } from '../../../shared/contract/core';
import type { Runtime } from '../../services/runtime';
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

function sendError(res: ServerResponse, status: number, err: AppError): void {
  sendJson(res, status, { ok: false, error: err.toEnvelope() });
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new AppError('BAD_INPUT', `Request body over ${limit} bytes; open large files instead of pasting them`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the host on 127.0.0.1. */
export async function startHost(opts: HostOptions): Promise<Host> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const maxBody = opts.maxBodyBytes ?? 64 * 1024 * 1024;
  const staticRoot = resolve(opts.staticDir);
  let port = opts.port ?? 0;
  mkdirSync(opts.uploadDir, { recursive: true, mode: 0o700 });

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, err instanceof AppError ? err : new AppError('INTERNAL', String(err)));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) return sendError(res, 421, new AppError('FORBIDDEN_ORIGIN', 'Unknown Host header'));
    if (!originAllowed(req.headers.origin, port)) return sendError(res, 403, new AppError('FORBIDDEN_ORIGIN', 'Foreign Origin refused'));
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) {
      if (!tokenMatches(bearer(req.headers.authorization), token)) return sendError(res, 401, new AppError('UNAUTHORIZED', 'Missing or wrong token'));
      if (req.method === 'POST' && url.pathname.startsWith('/api/call/'))
        return handleCall(decodeURIComponent(url.pathname.slice('/api/call/'.length)), req, res);
      if (req.method === 'POST' && url.pathname === '/api/upload') return handleUpload(req, res);
      return sendError(res, 404, new AppError('NOT_FOUND', `No route ${req.method} ${url.pathname}`));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, new AppError('NOT_FOUND', 'Method not allowed'));
    return serveStatic(url.pathname, res);
  }

  async function handleCall(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!opts.runtime.dispatcher.has(method)) return sendError(res, 404, new AppError('UNKNOWN_METHOD', `Unknown method: ${method}`));
    let body: { requestId?: unknown; payload?: unknown };
    try {
      body = JSON.parse(await readBody(req, maxBody)) as typeof body;
    } catch (err) {
      return sendError(res, 400, err instanceof AppError ? err : new AppError('VALIDATION', 'The body is not JSON'));
    }
    const requestId = typeof body.requestId === 'string' && body.requestId.length <= 100 ? body.requestId : randomUUID();
    const result = await opts.runtime.dispatcher.dispatch(method, body.payload, requestId);
    sendJson(res, 200, result);
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = randomUUID();
    const file = join(opts.uploadDir, id);
    await pipeline(req, createWriteStream(file, { mode: 0o600 }));
    sendJson(res, 200, { ok: true, result: { uploadId: id, bytes: statSync(file).size } });
  }

  function serveStatic(pathname: string, res: ServerResponse): void {
    const rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
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
      opts.runtime.events.off('progress', onProgress);
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
    },
  };
}
