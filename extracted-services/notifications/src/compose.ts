import type { EventOf, Money, NotificationKind, PeelEvent } from '#contracts';

/** What a notification says and to whom, before it is stored or sent. */
export interface NotificationDraft {
  userId: string;
  kind: NotificationKind;
  orderId: string | null;
  subject: string;
  body: string;
}

/** The person, when the service knows them from a registration. */
export interface Contact {
  email: string;
  name: string;
}

type OrderStatusChanged = EventOf<'shop.order.status-changed.v1'>;

const STATUS_KINDS: Partial<Record<OrderStatusChanged['data']['status'], NotificationKind>> = {
  shipped: 'order-shipped',
  delivered: 'order-delivered',
  cancelled: 'order-cancelled',
};

/**
 * The notification an event calls for, or undefined when it calls for none (snapshots,
 * payment, unknown types). Pure: the same event always gives the same draft.
 */
export function composeNotification(event: PeelEvent, contact: Contact | undefined): NotificationDraft | undefined {
  switch (event.type) {
    case 'shop.user.registered.v1':
      return welcome(event.data.userId, { email: event.data.email, name: event.data.name });
    case 'shop.order.placed.v1':
      return orderConfirmation(event.data, contact);
    case 'shop.order.status-changed.v1':
      return statusUpdate(event.data, contact);
    default:
      return undefined;
  }
}

function welcome(userId: string, contact: Contact): NotificationDraft {
  return {
    userId,
    kind: 'welcome',
    orderId: null,
    subject: 'Welcome to the shop',
    body: `Hello ${contact.name}, your account is ready.`,
  };
}

function orderConfirmation(order: EventOf<'shop.order.placed.v1'>['data'], contact: Contact | undefined): NotificationDraft {
  const lines = order.items.map((item) => `${item.quantity} x ${item.name} (${formatMoney(item.unitPrice)})`);
  return {
    userId: order.userId,
    kind: 'order-confirmation',
    orderId: order.orderId,
    subject: `Order ${order.orderId} confirmed`,
    body: [`${greeting(contact)}, thank you for your order.`, ...lines, `Total: ${formatMoney(order.total)}`].join('\n'),
  };
}

function statusUpdate(change: OrderStatusChanged['data'], contact: Contact | undefined): NotificationDraft | undefined {
  const kind = STATUS_KINDS[change.status];
  if (!kind) return undefined;
  return {
    userId: change.userId,
    kind,
    orderId: change.orderId,
    subject: `Order ${change.orderId} ${change.status}`,
    body: `${greeting(contact)}, your order ${change.orderId} is now ${change.status}.`,
  };
}

function greeting(contact: Contact | undefined): string {
  return contact ? `Hello ${contact.name}` : 'Hello';
}

/** Minor units to a fixed two-decimal amount; every shop currency has two. */
export function formatMoney(money: Money): string {
  const major = Math.floor(money.amountMinor / 100);
  const minor = String(money.amountMinor % 100).padStart(2, '0');
  return `${major}.${minor} ${money.currency}`;
}
