import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import type { Test } from 'tap';

export interface SmtpReceiver {
  url: string;
  /** Each accepted message as raw text (headers and body). */
  messages: string[];
}

/**
 * The server side of plain SMTP (RFC 5321), just enough for a client to deliver: a real
 * TCP peer, so the sender is tested through its actual protocol code.
 */
export async function startSmtpReceiver(t: Test): Promise<SmtpReceiver> {
  const messages: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    converse(socket, messages);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(async () => {
    for (const socket of sockets) socket.destroy();
    server.close();
    await once(server, 'close');
  });
  const { port } = server.address() as { port: number };
  return { url: `smtp://127.0.0.1:${port}`, messages };
}

function converse(socket: Socket, messages: string[]): void {
  const reply = (line: string): void => void socket.write(`${line}\r\n`);
  let data: string[] | undefined;
  reply('220 receiver ESMTP');
  createInterface({ input: socket }).on('line', (line) => {
    if (data) {
      if (line !== '.') return void data.push(line.startsWith('..') ? line.slice(1) : line);
      messages.push(data.join('\n'));
      data = undefined;
      return reply('250 2.0.0 queued');
    }
    const verb = line.slice(0, 4).toUpperCase();
    if (verb === 'EHLO' || verb === 'HELO') return reply('250 receiver');
    if (verb === 'DATA') {
      data = [];
      return reply('354 end with <CRLF>.<CRLF>');
    }
    if (verb === 'QUIT') {
      reply('221 bye');
      return void socket.end();
    }
    reply('250 2.0.0 ok');
  });
  socket.on('error', () => undefined);
}
