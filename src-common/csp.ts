/**
 * The Content-Security-Policy of the app's page. Scripts and workers only from the app itself; no remote
 * anything. Two narrow allowances: inline styles (Svelte and D3 set style attributes) and compiling
 * WebAssembly (the core's matmul kernel; this permits no eval of JavaScript).
 * `dev` adds the Vite dev server's websocket (browser mode only); `meta` leaves out what a <meta> tag
 * cannot carry.
 */
export function contentSecurityPolicy(options: { dev?: boolean; meta?: boolean } = {}): string {
  const connect = options.dev ? "'self' ws://127.0.0.1:* ws://localhost:*" : "'self'";
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'none'",
    ...(options.meta ? [] : ["frame-ancestors 'none'"]),
    "object-src 'none'",
  ].join('; ');
}
