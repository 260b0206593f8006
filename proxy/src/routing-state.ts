import type { FeatureTable } from '#contracts';
import { compileMatcher, type RouteMatcher } from './routing/route-matcher.ts';
import type { UpstreamClient } from './forward/upstream-client.ts';
import type { UpstreamRegistry } from './forward/upstream-registry.ts';

/** What the proxy needs from the feature store: the snapshot in force, read once per request. */
export interface SnapshotSource {
  current(): { readonly version: number; readonly table: FeatureTable };
}

export interface CompiledRouting {
  readonly version: number;
  readonly table: FeatureTable;
  readonly matcher: RouteMatcher;
  readonly upstreams: ReadonlyMap<string, UpstreamClient>;
}

/**
 * Compiles each new snapshot once (matcher and upstream clients) and hands out the compiled
 * form for the snapshot in force. A request keeps the routing it started with, so a toggle
 * applies to the next request and never to one in flight.
 */
export class RoutingState {
  private last: { snapshot: unknown; compiled: CompiledRouting } | undefined;

  constructor(
    private readonly source: SnapshotSource,
    private readonly registry: UpstreamRegistry,
    private readonly onCompiled: (routing: CompiledRouting) => void = () => {},
  ) {}

  current(): CompiledRouting {
    const snapshot = this.source.current();
    if (this.last?.snapshot === snapshot) return this.last.compiled;
    const compiled: CompiledRouting = {
      version: snapshot.version,
      table: snapshot.table,
      matcher: compileMatcher(snapshot.table.features),
      upstreams: this.registry.sync(snapshot.table),
    };
    this.last = { snapshot, compiled };
    this.onCompiled(compiled);
    return compiled;
  }
}
