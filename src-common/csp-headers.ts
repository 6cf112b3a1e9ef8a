/**
 * The headers every response of the app's page carries, from Electron's app:// protocol and from browser
 * mode's server alike (workers included: a worker runs under its own script's headers, not the page's).
 * - The CSP (src-common/csp.ts), as a header: a <meta> tag reaches neither workers nor frame-ancestors.
 * - Cross-origin isolation (COOP same-origin + COEP require-corp): SharedArrayBuffer, which Pyodide's
 *   interrupt buffer (Stop) needs. CORP same-origin: only the app itself may embed what it serves.
 * - nosniff and no referrer: a file is only ever what its content type says, and no URL leaks.
 */
import { contentSecurityPolicy } from './csp';

export function securityHeaders(csp: string = contentSecurityPolicy()): Record<string, string> {
  return {
    'content-security-policy': csp,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
    'cross-origin-resource-policy': 'same-origin',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}
