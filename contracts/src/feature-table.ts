import { z } from 'zod';
import { Slug } from './common.ts';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export const HttpMethod = z.enum(HTTP_METHODS);

/** `legacy` is the monolith; every other owner names an upstream of an extracted service. */
export const LEGACY = 'legacy';
export const OwnerName = Slug;

/**
 * A path template: static segments, `:param` segments, and an optional trailing `*`
 * wildcard. Templates are written canonical: leading slash, no trailing slash, no dots.
 */
export const PathTemplate = z
  .string()
  .regex(
    /^\/(?:(?:[A-Za-z0-9._~-]+|:[A-Za-z_][A-Za-z0-9_]*)(?:\/(?:[A-Za-z0-9._~-]+|:[A-Za-z_][A-Za-z0-9_]*))*)?(?:\/\*)?$|^\/\*$/,
    'expected a path template like /api/products/:id (static segments, :params, optional trailing /*)',
  )
  .refine((p) => !p.split('/').some((s) => s === '.' || s === '..'), 'dot segments are not allowed in a path template');

export const FeatureMatch = z
  .object({
    methods: z.array(HttpMethod).min(1),
    paths: z.array(PathTemplate).min(1),
    /** Also match every path below each template (`/api/products/:id/reviews`). */
    children: z.boolean().default(false),
  })
  .strict();

export const FEATURE_MODES = ['legacy', 'service', 'canary'] as const;
export const FeatureMode = z.enum(FEATURE_MODES);

export const StickyKey = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('header'), name: z.string().min(1).toLowerCase() }).strict(),
  z.object({ kind: z.literal('cookie'), name: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('client-address') }).strict(),
]);

export const FallbackPolicy = z.enum(['legacy', 'none']);

/** The fields of a feature that change at run time (`PUT /features/:name`). */
export const FeatureOwnership = z
  .object({
    owner: OwnerName,
    mode: FeatureMode,
    percent: z.number().min(0).max(100).default(0),
    fallback: FallbackPolicy.default('legacy'),
  })
  .strict();

export const Feature = z
  .object({
    name: Slug,
    description: z.string().max(500).optional(),
    match: FeatureMatch,
    owner: OwnerName.default(LEGACY),
    mode: FeatureMode.default('legacy'),
    percent: z.number().min(0).max(100).default(0),
    sticky: StickyKey.default({ kind: 'client-address' }),
    fallback: FallbackPolicy.default('legacy'),
    /** Breaks ties between equally specific matches; higher wins. */
    priority: z.int().default(0),
    /** Marks non-GET requests of this feature as safe to retry on legacy. */
    idempotent: z.boolean().default(false),
  })
  .strict()
  .superRefine(
    (f, ctx) => {
      if ((f.mode === 'service' || f.mode === 'canary') && f.owner === LEGACY) {
        ctx.addIssue({ code: 'custom', path: ['owner'], message: `mode ${f.mode} needs a service owner, not legacy` });
      }
    },
    // Also run when other fields failed, so one pass reports every bad field of a file.
    { when: ({ value }) => isRecord(value) },
  );
export type Feature = z.output<typeof Feature>;
export type FeatureInput = z.input<typeof Feature>;

export const Upstream = z
  .object({
    urls: z.array(z.url({ protocol: /^https?$/ })).min(1),
    connectTimeoutMs: z.int().min(1).default(2_000),
    responseTimeoutMs: z.int().min(1).default(30_000),
    poolSize: z.int().min(1).default(128),
    /** Host header sent upstream; by default the client's Host is kept. */
    host: z.string().min(1).optional(),
    /** Where the service reports readiness and sync lag, if it does. */
    readyzUrl: z.url().optional(),
  })
  .strict();
export type Upstream = z.output<typeof Upstream>;

export const FeatureTable = z
  .object({
    upstreams: z.record(OwnerName, Upstream),
    features: z.array(Feature),
  })
  .strict()
  .superRefine(
    (t, ctx) => {
      // Runs on unvalidated input too (see `when`), so each value is checked before use.
      const upstreams = isRecord(t.upstreams) ? t.upstreams : {};
      if (isRecord(t.upstreams) && !upstreams[LEGACY]) ctx.addIssue({ code: 'custom', path: ['upstreams', LEGACY], message: 'the legacy upstream is required' });
      const seen = new Set<string>();
      (Array.isArray(t.features) ? t.features : []).forEach((f: Partial<Feature>, i) => {
        if (!isRecord(f)) return;
        if (typeof f.name === 'string' && seen.has(f.name)) ctx.addIssue({ code: 'custom', path: ['features', i, 'name'], message: `duplicate feature name ${f.name}` });
        if (typeof f.name === 'string') seen.add(f.name);
        const owner = f.owner ?? LEGACY;
        if (isRecord(t.upstreams) && typeof owner === 'string' && !upstreams[owner]) {
          ctx.addIssue({ code: 'custom', path: ['features', i, 'owner'], message: `owner ${owner} has no upstream` });
        }
      });
    },
    { when: ({ value }) => isRecord(value) },
  );
export type FeatureTable = z.output<typeof FeatureTable>;
export type FeatureTableInput = z.input<typeof FeatureTable>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
