import { EVENT_TYPES, routingKeyOf } from '#contracts';

/**
 * The event types a pattern selects. `*` is one dot-separated word and `#` any number of
 * them (as in AMQP topic bindings); a pattern matches a type or its routing key, so
 * `shop.product.*` selects every `shop.product.<change>.v<n>`.
 */
export function matchingEventTypes(pattern: string): string[] {
  const regex = new RegExp(`^${pattern.split('.').map(word).join('\\.')}$`);
  return EVENT_TYPES.filter((type) => regex.test(type) || regex.test(routingKeyOf(type)));
}

function word(part: string): string {
  if (part === '#') return '.*';
  return part.split('*').map(escape).join('[^.]+');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
