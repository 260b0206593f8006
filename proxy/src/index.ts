export { proxyErrors } from './errors.ts';
export { loadProxyConfig } from './config.ts';
export { startProxy, type RunningProxy } from './main.ts';
export { buildProxyServer, type ProxyServer, type ProxyServerOptions } from './proxy-server.ts';
export type { SnapshotSource } from './routing-state.ts';
export { canonicalTarget, type CanonicalTarget, type TargetCheck } from './routing/canonical-target.ts';
export { compileMatcher, type RouteMatch, type RouteMatcher } from './routing/route-matcher.ts';
export { decideOwner, type DecisionReason, type ForcedSide, type OwnerDecision } from './routing/owner-decision.ts';
export { stickyBucket, inCanary } from './routing/sticky-bucket.ts';
export type { RequestRecord } from './observe/request-record.ts';
export {
  createMemoryFeatureStore,
  createFeatureStore,
  type FeatureStore,
  type FeatureSnapshot,
  type FeaturePatchInput,
  type ChangeMeta,
} from './feature-store.ts';
export { buildAdminServer, type AdminServerOptions } from './admin-server.ts';
export { isAdminAuthorized, assertAdminListenSafe } from './admin-auth.ts';
export { loadFeaturesFile } from './features-file.ts';
