import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { checkReleased, releasedPathOf } from '#contracts/released';

const contractsDir = join(import.meta.dirname, '..');
const read = (path: string): string | undefined => {
  const file = join(contractsDir, path);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};

t.test('no released event version has changed', async (t) => {
  const { changed, unreleased } = checkReleased(read);
  t.same(changed, [], 'published consumers validate against the released schema (strict): add a new major version (.v2) beside it instead');
  t.same(unreleased, [], 'a new event type: run `npm run contracts:release` and commit contracts/released/');
});

t.test('the check catches a changed and an unreleased type', async (t) => {
  const edited = (path: string) => {
    if (path === releasedPathOf('shop.user.registered.v1')) return (read(path) ?? '').replace('"email"', '"mail"');
    if (path === releasedPathOf('shop.order.placed.v1')) return undefined;
    return read(path);
  };
  t.same(checkReleased(edited), { changed: ['shop.user.registered.v1'], unreleased: ['shop.order.placed.v1'] });
});
