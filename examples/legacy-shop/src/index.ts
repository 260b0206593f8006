export { buildShopApp, type ShopAppDeps } from './app.ts';
export { startLegacyShop, type RunningShop, type StartShopDeps } from './main.ts';
export { loadShopConfig, embeddedMongoUrl } from './config.ts';
export { prepareShopDatabase } from './database.ts';
export { seedShop, type SeedCounts, type SeedResult } from './seed/seed.ts';
export { shopErrors } from './errors.ts';
export { REQUEST_ID_FIELD, requestStamp, type RequestStamp } from './request-stamp.ts';
export { SHOP_PRODUCT_CODEC } from './routes/products.ts';
export {
  shopCollections,
  productStateFromDoc,
  userStateFromDoc,
  orderStateFromDoc,
  type ProductDoc,
  type UserDoc,
  type OrderDoc,
  type OrderItemDoc,
  type ShopCollections,
} from './documents.ts';
export { allowedNextStatuses, canTransition } from './orders/transitions.ts';
