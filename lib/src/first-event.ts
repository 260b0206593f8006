import type { EventEmitter } from 'node:events';

/** Resolves at the first of `events` that `emitter` emits, and stops listening to all of them. */
export function firstEvent(emitter: Pick<EventEmitter, 'on' | 'off'>, events: readonly string[]): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      for (const event of events) emitter.off(event, done);
      resolve();
    };
    for (const event of events) emitter.on(event, done);
  });
}
