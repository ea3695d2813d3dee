/**
 * Request checks of the Node host: it binds 127.0.0.1, needs the per-run token, and refuses a
 * foreign Host (DNS rebinding) or Origin (a web page trying to reach it). No CORS headers are sent.
 */
import { timingSafeEqual } from 'node:crypto';

/** The origins and hosts the host answers to. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/** True when `Host` names this host. */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  return !!hostHeader && allowedHosts(port).has(hostHeader.toLowerCase());
}

/** True when there is no Origin (same-origin GET, CLI) or it is this host's own. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** Constant-time token comparison. */
export function tokenMatches(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The bearer token of an Authorization header. */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}

/** The renderer's CSP under the Node host (Monaco needs blob: workers and inline styles). */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
