// Starts Swagger UI on /docs over the sandbox's own OpenAPI document, with the API key of the
// merchant the dashboard shows filled in. Everything it loads comes from the sandbox.
const root = document.getElementById('swagger-ui')
root.textContent = ''
const ui = SwaggerUIBundle({
  url: root.dataset.spec,
  domNode: root,
  presets: [SwaggerUIBundle.presets.apis],
  deepLinking: true,
  // The default validator badge would call validator.swagger.io.
  validatorUrl: null,
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
  onComplete: () => ui.preauthorizeApiKey(root.dataset.scheme, root.dataset.apiKey),
})
