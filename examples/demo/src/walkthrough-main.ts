import { DEFAULT_AMQP_URL } from '#contracts';
import { runWalkthrough } from './walkthrough.ts';
import { isAmqpReachable } from './tcp-check.ts';

const amqpUrl = process.env.AMQP_URL ?? DEFAULT_AMQP_URL;
if (!(await isAmqpReachable(amqpUrl))) {
  process.stderr.write(`walkthrough: RabbitMQ is not reachable at ${new URL(amqpUrl).host}; start it with \`rabbitmq-server -detached\`\n`);
  process.exit(1);
}
const failed = await runWalkthrough({
  amqpUrl,
  ...(process.env.MONGODB_URL ? { mongodbUrl: process.env.MONGODB_URL } : {}),
  requestsPerStep: Number(process.env.WALKTHROUGH_REQUESTS ?? 400),
  print: (line) => process.stdout.write(`${line}\n`),
});
process.exit(failed === 0 ? 0 : 1);
