import { join } from 'node:path';

/**
 * Where the console's built browser files are (tools/build/console-ui.ts writes them): beside the service
 * bundles, `dist/console-ui`, for `npm start`, the e2e harness and the image alike.
 */
export const CONSOLE_ASSETS_DIR = join(__dirname, '..', '..', 'console-ui');

/**
 * The console loads only its own script and stylesheet and calls only its own origin (the front door): no
 * inline script, no third party, no framing, no referrer leaving the page.
 */
export const CONSOLE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
