import { defineError } from '#lib';

export const demoErrors = {
  portInUse: defineError<{ port: number }>('PEEL_DEMO_PORT_IN_USE', undefined, (d) => `port ${d.port} is in use: is a Peel demo already running?`),
};
