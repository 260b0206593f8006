import { productResponseFromState, type OrderState, type ProductResponse } from '#contracts';
import { orderStateFromDoc, productStateFromDoc, userStateFromDoc, type OrderDoc, type ProductDoc, type UserDoc } from './documents.ts';

/** HTTP bodies: the contract states with `id` in place of `productId`/`userId`/`orderId`. */

export function productResponse(doc: ProductDoc): ProductResponse {
  return productResponseFromState(productStateFromDoc(doc));
}

export interface UserResponse {
  id: string;
  email: string;
  name: string;
  registeredAt: string;
}

export function userResponse(doc: UserDoc): UserResponse {
  const { userId, ...rest } = userStateFromDoc(doc);
  return { id: userId, ...rest };
}

export type OrderResponse = { id: string } & Omit<OrderState, 'orderId'>;

export function orderResponse(doc: OrderDoc): OrderResponse {
  const { orderId, ...rest } = orderStateFromDoc(doc);
  return { id: orderId, ...rest };
}
