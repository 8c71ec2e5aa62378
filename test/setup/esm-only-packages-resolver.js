// Jest resolves packages with the `require` condition; the kubernetes-models packages (the chart checks'
// Kubernetes schemas) publish ES modules under `import` only. For those, and only those, resolve with
// `import` (jest.preset.js transforms them to CommonJS); every other package keeps jest's default.
const ESM_ONLY = /^(kubernetes-models|@kubernetes-models\/[a-z-]+)(\/|$)/;

module.exports = (request, options) =>
  options.defaultResolver(
    request,
    ESM_ONLY.test(request) ? { ...options, conditions: ['import', 'default'] } : options,
  );
