import t from 'tap';
import { DEFAULT_AMQP_URL } from '#contracts';
import { runWalkthrough } from '../src/walkthrough.ts';

// `npm run demo:walkthrough` with fewer requests: the whole stack on free ports, with its own names.
t.test('the walkthrough moves product reads to the catalog in steps and back, and no request fails', async (t) => {
  const lines: string[] = [];
  const failed = await runWalkthrough({
    amqpUrl: process.env.AMQP_URL ?? DEFAULT_AMQP_URL,
    ...(process.env.MONGODB_URL ? { mongodbUrl: process.env.MONGODB_URL } : {}),
    requestsPerStep: 60,
    print: (line) => void lines.push(line),
  });
  if (failed > 0) t.comment(lines.join('\n'));
  t.equal(failed, 0, 'no request failed');
  const shares = new Map(
    lines.flatMap((line) => {
      const match = /^== (.+): \d+ requests, 0 failed, served by catalog ([\d.]+) %/.exec(line);
      return match ? [[match[1] as string, Number(match[2])] as const] : [];
    }),
  );
  t.equal(shares.get('all on legacy'), 0);
  t.ok((shares.get('canary 10 %') ?? 100) < 50, `canary 10 %: ${shares.get('canary 10 %')} % on catalog`);
  const half = shares.get('canary 50 %') ?? 0;
  t.ok(half > 10 && half < 90, `canary 50 %: ${half} % on catalog`);
  t.equal(shares.get('catalog owns products-read (100 %)'), 100);
  t.equal(shares.get('rolled back to legacy'), 0);
  t.match(lines.at(-1), 'walkthrough passed: no request failed');
});
