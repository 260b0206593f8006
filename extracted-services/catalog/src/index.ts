export { startCatalog, CATALOG_BINDINGS, type RunningCatalog, type CatalogDeps } from './start.ts';
export { loadCatalogConfig } from './config.ts';
export { runCatalog } from './main.ts';
export { buildCatalogApp, type CatalogAppDeps } from './app.ts';
export { productChangeOf, isProductEvent, type ProductChange, type ProductEvent } from './product-change.ts';
export { catalogErrors } from './errors.ts';
