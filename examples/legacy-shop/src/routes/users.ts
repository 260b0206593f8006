import { ObjectId } from 'mongodb';
import type { FastifyInstance } from 'fastify';
import type { ShopCollections, UserDoc } from '../documents.ts';
import { shopErrors } from '../errors.ts';
import { isDuplicateKey } from '../mongo-errors.ts';
import { IdParams, UserInput, UserOrdersQuery } from '../request-schemas.ts';
import { requestStamp } from '../request-stamp.ts';
import { orderResponse, userResponse } from '../responses.ts';
import { parseInput } from '../validate.ts';

export function registerUserRoutes(app: FastifyInstance, { users, orders }: ShopCollections, now: () => Date): void {
  app.post('/api/users', async (req, reply) => {
    const input = parseInput(UserInput, req.body, 'body');
    const doc: UserDoc = { _id: new ObjectId(), email: input.email, name: input.name, registeredAt: now(), ...requestStamp(req) };
    try {
      await users.insertOne(doc);
    } catch (err) {
      if (isDuplicateKey(err)) throw shopErrors.duplicate({ resource: 'user', field: 'email', value: input.email }, { cause: err });
      throw err;
    }
    return reply.code(201).header('location', `/api/users/${doc._id.toHexString()}`).send(userResponse(doc));
  });

  app.get('/api/users/:id', async (req) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    return userResponse(await mustFindUser(users, id));
  });

  /** The user's most recent orders first. */
  app.get('/api/users/:id/orders', async (req) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const { limit } = parseInput(UserOrdersQuery, req.query, 'query');
    const user = await mustFindUser(users, id);
    const docs = await orders.find({ userId: user._id }).sort({ placedAt: -1, _id: -1 }).limit(limit).toArray();
    return { items: docs.map(orderResponse) };
  });
}

async function mustFindUser(users: ShopCollections['users'], id: string): Promise<UserDoc> {
  const doc = await users.findOne({ _id: new ObjectId(id) });
  if (!doc) throw shopErrors.notFound({ resource: 'user', id });
  return doc;
}
