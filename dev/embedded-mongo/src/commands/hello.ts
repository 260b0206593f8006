import { hostname } from 'node:os';
import { Long, type Document } from 'bson';
import { PEEL_VERSION } from '#lib';
import { MAX_MESSAGE_BYTES } from '../wire/frame-reader.ts';
import { loopDelaySummary } from '../loop-delay.ts';
import type { CommandContext } from './context.ts';

/** The MongoDB release the server behaves like; wire version 21 is MongoDB 7.0. */
export const SERVER_VERSION = '7.0.0';
export const MAX_WIRE_VERSION = 21;

/** hello / isMaster: the primary of a one-member replica set. */
export function hello(cmd: Document, ctx: CommandContext): Document {
  const { identity, store } = ctx.state;
  const now = store.changeLog.now();
  const legacy = 'isMaster' in cmd || 'ismaster' in cmd;
  return {
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    helloOk: true,
    hosts: [identity.address],
    setName: identity.setName,
    setVersion: 1,
    primary: identity.address,
    me: identity.address,
    electionId: identity.electionId,
    lastWrite: { opTime: { ts: now, t: Long.fromNumber(1) }, lastWriteDate: new Date(now.high * 1000), majorityOpTime: { ts: now, t: Long.fromNumber(1) }, majorityWriteDate: new Date(now.high * 1000) },
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: MAX_MESSAGE_BYTES,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

export function buildInfo(): Document {
  return {
    version: SERVER_VERSION,
    gitVersion: `peel-embedded-mongo-${PEEL_VERSION}`,
    versionArray: SERVER_VERSION.split('.').map(Number).concat(0),
    bits: 64,
    debug: false,
    maxBsonObjectSize: 16 * 1024 * 1024,
    storageEngines: ['embedded'],
    modules: [],
    openssl: { running: 'disabled' },
    javascriptEngine: 'none',
    allocator: 'system',
    buildEnvironment: {},
    ok: 1,
  };
}

export function hostInfo(): Document {
  return {
    system: { currentTime: new Date(), hostname: hostname(), numCores: 1, cpuArch: process.arch },
    os: { type: process.platform, name: process.platform },
    extra: {},
    ok: 1,
  };
}

/**
 * Like mongod's, plus `peelEventLoop`: how late this server's event loop ran (ms beyond the
 * sampling interval), since start or since a serverStatus with `peelEventLoopReset: true`,
 * which resets it after reading. It tells a stall in this process from one elsewhere.
 */
export function serverStatus(cmd: Document, ctx: CommandContext): Document {
  const uptimeMs = Date.now() - ctx.state.identity.startedAt.getTime();
  const peelEventLoop = loopDelaySummary(ctx.state.loopDelay);
  if (cmd.peelEventLoopReset === true) ctx.state.loopDelay.reset();
  return {
    host: ctx.state.identity.address,
    version: SERVER_VERSION,
    process: 'peel-embedded-mongo',
    pid: Long.fromNumber(process.pid),
    uptime: Math.floor(uptimeMs / 1000),
    uptimeMillis: Long.fromNumber(uptimeMs),
    localTime: new Date(),
    storageEngine: { name: 'embedded', supportsCommittedReads: true, persistent: false },
    peelEventLoop,
    ok: 1,
  };
}
