import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { describeIssues, type FieldIssue } from '#lib';
import { isAdminAuthorized } from './admin-auth.ts';
import { ACTOR_PATTERN } from './audit.ts';
import { proxyErrors } from './errors.ts';
import type { ChangeMeta, FeatureSnapshot, FeatureStore } from './feature-store.ts';

export const ACTOR_HEADER = 'x-peel-actor';
const DEFAULT_ACTOR = 'admin';

const Reason = z.string().min(1).max(500).optional();
const ChangeBody = z.object({ reason: Reason }).loose();
const RollbackBody = z.object({ reason: Reason }).strict();
const AuditQuery = z
  .object({ feature: z.string().min(1).optional(), limit: z.coerce.number().int().min(1).max(1000).optional(), before: z.coerce.number().int().min(1).optional() })
  .strict();
/** `If-Match: "7"` (the ETag of a read), a bare 7, or `*` for any version. */
const IF_MATCH = /^(?:W\/)?"?(\d{1,15})"?$/;
const Actor = z.string().regex(ACTOR_PATTERN);

interface NameParams {
  name: string;
}

/** The feature routes, each behind the bearer token when one is configured. */
export const adminRoutes: FastifyPluginAsync<{ store: FeatureStore; token: string | undefined; extra?: ((app: FastifyInstance) => void) | undefined }> = async (
  app,
  { store, token, extra },
) => {
  app.addHook('onRequest', async (request) => {
    if (token !== undefined && !isAdminAuthorized(request.headers.authorization, token)) throw proxyErrors.adminUnauthorized();
  });
  registerReads(app, store);
  registerChanges(app, store);
  extra?.(app);
};

function registerReads(app: FastifyInstance, store: FeatureStore): void {
  app.get('/features', async (_request, reply) => {
    const { version, table } = store.current();
    return withVersion(reply, { version, features: table.features });
  });
  app.get<{ Params: NameParams }>('/features/:name', async (request, reply) => withVersion(reply, featureReply(store.current(), request.params.name)));
  app.get('/audit', async (request) => {
    const result = AuditQuery.safeParse(request.query);
    if (!result.success) throw proxyErrors.adminRequestInvalid({ problem: issuesText(describeIssues(result.error)) });
    const query = result.data;
    return { entries: await store.audit(query) };
  });
}

function registerChanges(app: FastifyInstance, store: FeatureStore): void {
  app.put<{ Params: NameParams }>('/features/:name', async (request, reply) => {
    const { name } = request.params;
    featureReply(store.current(), name);
    const { reason, ...patch } = parse(ChangeBody, request.body, 'body', name);
    return withVersion(reply, featureReply(await store.update(name, patch, meta(request, reason)), name));
  });
  app.post<{ Params: NameParams }>('/features/:name/rollback', async (request, reply) => {
    const { name } = request.params;
    const { reason } = parse(RollbackBody, request.body ?? {}, 'body', name);
    return withVersion(reply, featureReply(await store.rollback(name, meta(request, reason)), name));
  });
  app.post('/rollback-all', async (request, reply) => {
    const { reason } = parse(RollbackBody, request.body ?? {}, 'body');
    const { version, table } = await store.rollbackAll(meta(request, reason));
    return withVersion(reply, { version, features: table.features });
  });
}

function featureReply(snapshot: FeatureSnapshot, name: string) {
  const feature = snapshot.table.features.find((f) => f.name === name);
  if (!feature) throw proxyErrors.featureNotFound({ feature: name });
  return { version: snapshot.version, feature };
}

/** A reply that carries a config version also gives it as its ETag, for If-Match on a change. */
function withVersion<T extends { version: number }>(reply: FastifyReply, body: T): T {
  reply.header('etag', `"${body.version}"`);
  return body;
}

function meta(request: FastifyRequest, reason: string | undefined): ChangeMeta {
  const ifVersion = ifMatchOf(request.headers['if-match']);
  return { actor: actorOf(request.headers[ACTOR_HEADER]), ...(reason === undefined ? {} : { reason }), ...(ifVersion === undefined ? {} : { ifVersion }) };
}

/** A name the audit log cannot keep is refused, not replaced: attribution is the point of it. */
function actorOf(header: string | string[] | undefined): string {
  if (header === undefined) return DEFAULT_ACTOR;
  const parsed = Actor.safeParse(header);
  if (!parsed.success) {
    throw proxyErrors.adminRequestInvalid({ problem: `${ACTOR_HEADER}: expected 1 to 100 printable ASCII characters, not starting with a space; got ${JSON.stringify(String(header).slice(0, 40))}` });
  }
  return parsed.data;
}

function ifMatchOf(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = IF_MATCH.exec(header.trim());
  if (!match) throw proxyErrors.adminRequestInvalid({ problem: `if-match: expected the config version as an ETag ("7", from a read's ETag header) or *; got ${JSON.stringify(header.slice(0, 40))}` });
  return Number(match[1]);
}

function parse<S extends z.ZodType>(schema: S, value: unknown, where: string, feature?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = describeIssues(result.error).map((i) => (i.path === '(root)' ? { ...i, path: `(${where})`, expected: `a JSON object` } : i));
  throw proxyErrors.featureChangeInvalid(feature === undefined ? { issues } : { feature, issues });
}

function issuesText(issues: FieldIssue[]): string {
  return issues.map((i) => `${i.path}: expected ${i.expected}`).join('; ');
}
