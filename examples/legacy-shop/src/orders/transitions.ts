import type { OrderStatus } from '#contracts';

/** placed → paid → shipped → delivered; cancelled from placed or paid. Nothing leaves delivered or cancelled. */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  placed: ['paid', 'cancelled'],
  paid: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export function allowedNextStatuses(from: OrderStatus): OrderStatus[] {
  return [...NEXT[from]];
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** Statuses whose items still hold stock; cancelling gives it back. */
export function holdsStock(status: OrderStatus): boolean {
  return status !== 'cancelled';
}
