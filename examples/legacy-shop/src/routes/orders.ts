import { ObjectId } from 'mongodb';
import type { Db } from 'mongodb';
import type { FastifyInstance } from 'fastify';
import type { ShopCollections } from '../documents.ts';
import { shopErrors } from '../errors.ts';
import { changeOrderStatus } from '../orders/change-status.ts';
import { placeOrder } from '../orders/place-order.ts';
import { IdParams, OrderInput, OrderStatusInput } from '../request-schemas.ts';
import { requestStamp } from '../request-stamp.ts';
import { orderResponse } from '../responses.ts';
import { parseInput } from '../validate.ts';

export function registerOrderRoutes(app: FastifyInstance, db: Db, collections: ShopCollections, now: () => Date): void {
  app.post('/api/orders', async (req, reply) => {
    const input = parseInput(OrderInput, req.body, 'body');
    const order = await placeOrder(db, collections, input, now(), requestStamp(req));
    return reply.code(201).header('location', `/api/orders/${order._id.toHexString()}`).send(orderResponse(order));
  });

  app.get('/api/orders/:id', async (req) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const order = await collections.orders.findOne({ _id: new ObjectId(id) });
    if (!order) throw shopErrors.notFound({ resource: 'order', id });
    return orderResponse(order);
  });

  app.post('/api/orders/:id/status', async (req) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const { status } = parseInput(OrderStatusInput, req.body, 'body');
    return orderResponse(await changeOrderStatus(db, collections, id, status, now(), requestStamp(req)));
  });
}
