/** The page's Content-Security-Policy, shared by Electron's responses and browser mode's <meta> tag. */
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src-common/csp';

describe('content security policy', () => {
  const directives = (csp: string) =>
    Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

  it('allows scripts, workers and connections only from the app itself', () => {
    const d = directives(contentSecurityPolicy());
    expect(d['default-src']).toEqual(["'none'"]);
    expect(d['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(d['worker-src']).toEqual(["'self'"]);
    expect(d['connect-src']).toEqual(["'self'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toMatch(/https?:|'unsafe-eval'|\*/);
  });

  it('opens the dev server websocket only in dev, and drops what <meta> cannot carry', () => {
    expect(directives(contentSecurityPolicy({ dev: true }))['connect-src']).toContain('ws://127.0.0.1:*');
    expect(contentSecurityPolicy({ meta: true })).not.toContain('frame-ancestors');
  });
});
