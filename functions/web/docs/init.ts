/**
 * Starts swagger-ui on `/docs` (its bundle is loaded by the page before this module). It reads the
 * document from this origin, never asks the public validator, and refuses "try it out" requests to
 * any other host (the page's `connect-src 'self'` would block them anyway).
 */

interface SwaggerRequest {
  url: string;
}

interface SwaggerUiOptions {
  url: string;
  dom_id: string;
  validatorUrl: null;
  deepLinking: boolean;
  requestInterceptor: (request: SwaggerRequest) => SwaggerRequest;
}

declare global {
  interface Window {
    SwaggerUIBundle?: (options: SwaggerUiOptions) => unknown;
  }
}

function sameOriginOnly(request: SwaggerRequest): SwaggerRequest {
  const target = new URL(request.url, window.location.href);
  if (target.origin !== window.location.origin) {
    throw new Error(`The API reference only sends requests to ${window.location.origin}`);
  }
  return request;
}

const start = window.SwaggerUIBundle;
if (!start) throw new Error('swagger-ui did not load');
// The page names the document in its own language (`/openapi.json?lang=ja` on the Japanese page).
const documentUrl = document.getElementById('swagger-ui')?.dataset.openapi ?? '/openapi.json';
start({
  url: documentUrl,
  dom_id: '#swagger-ui',
  validatorUrl: null,
  deepLinking: true,
  requestInterceptor: sameOriginOnly,
});

export {};
