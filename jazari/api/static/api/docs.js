/* Swagger UI for the Jazari API, served by the platform itself: no CDN, no inline script.
   The address of the OpenAPI document and the CSRF token come from data- attributes of #swagger-ui. */
(function () {
  "use strict";

  function start() {
    var element = document.getElementById("swagger-ui");
    if (!element || typeof window.SwaggerUIBundle !== "function") {
      return;
    }
    var csrfToken = element.dataset.csrfToken;
    window.SwaggerUIBundle({
      url: element.dataset.openapiUrl,
      domNode: element,
      deepLinking: true,
      // The default would load a badge from validator.swagger.io: nothing may come from another host.
      validatorUrl: null,
      // "Try it out" in the browser uses the signed-in session; writes carry Django's CSRF token.
      requestInterceptor: function (request) {
        if (csrfToken && request.method && request.method.toUpperCase() !== "GET") {
          request.headers["X-CSRFToken"] = csrfToken;
        }
        return request;
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
