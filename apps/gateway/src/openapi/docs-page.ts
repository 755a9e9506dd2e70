import { DOCS_PATH, OPENAPI_JSON_PATH } from './documentation-routes';

export const DOCS_ASSETS_PATH = `${DOCS_PATH}/assets`;

/**
 * The Swagger UI page. Everything it loads comes from this origin and nothing is inline (no <script>
 * body, no <style>, no style="" attribute), so it runs under the gateway's CSP: script-src 'self',
 * style-src 'self'. (SwaggerModule.setup's own page inlines a <style> block, which the CSP blocks.)
 */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Slotline API</title>
<link rel="stylesheet" href="${DOCS_ASSETS_PATH}/swagger-ui.css">
<link rel="stylesheet" href="${DOCS_ASSETS_PATH}/docs.css">
<link rel="icon" type="image/png" href="${DOCS_ASSETS_PATH}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_ASSETS_PATH}/docs-init.js"></script>
</body>
</html>
`;

// validatorUrl: null keeps the UI from calling validator.swagger.io (the CSP would block it anyway).
export const DOCS_INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '${OPENAPI_JSON_PATH}',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout'
  });
});
`;

export const DOCS_CSS = `html { box-sizing: border-box; overflow-y: scroll; }
*, *:before, *:after { box-sizing: inherit; }
body { margin: 0; background: #fafafa; }
`;

/** Files of swagger-ui-dist the page needs; nothing else of the package is served. */
export const SWAGGER_UI_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'] as const;
