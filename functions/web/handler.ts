/**
 * The public web pages: the dashboard (`/`), the API reference (`/docs`), the OpenAPI document and
 * the built assets. Placeholder until the asset build lands: every page answers 404.
 */
import { RouteNotFoundError } from '../../shared/http/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';

const notBuilt = async () => {
  throw new RouteNotFoundError();
};

export const handler = httpHandler({
  'GET /': notBuilt,
  'GET /docs': notBuilt,
  'GET /openapi.json': notBuilt,
  'GET /assets/{file}': notBuilt,
});
