// Starts the API explorer of /docs (Swagger UI) on the page's element, from a file because
// the pages' Content-Security-Policy allows no inline script. Swagger UI's own script is
// served by this server too (/docs/assets): nothing comes from a CDN, and the validator
// badge, which would ask a server elsewhere, is off.
"use strict";
(function () {
  const element = document.getElementById("swagger-ui");
  if (!element || !window.SwaggerUIBundle) return;
  window.ui = window.SwaggerUIBundle({
    url: element.dataset.spec,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
  });
})();
