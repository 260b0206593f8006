import t from 'tap';
import { ObjectId } from 'bson';
import { describeUpdate } from '../src/update-description.ts';

t.test('top-level set and unset', async (t) => {
  t.same(describeUpdate({ _id: 1, a: 1, b: 2 }, { _id: 1, a: 5, c: 3 }), { updatedFields: { a: 5, c: 3 }, removedFields: ['b'], truncatedArrays: [] });
});

t.test('nested changes use dotted paths', async (t) => {
  const before = { _id: 1, address: { city: 'Oslo', zip: '0150', geo: { lat: 1 } } };
  const after = { _id: 1, address: { city: 'Bergen', geo: { lat: 1, lng: 2 } } };
  t.same(describeUpdate(before, after), { updatedFields: { 'address.city': 'Bergen', 'address.geo.lng': 2 }, removedFields: ['address.zip'], truncatedArrays: [] });
});

t.test('arrays: element changes, appends, tail truncation, other reshapes', async (t) => {
  t.same(describeUpdate({ tags: ['a', 'b'] }, { tags: ['a', 'x'] }).updatedFields, { 'tags.1': 'x' });
  t.same(describeUpdate({ tags: ['a'] }, { tags: ['a', 'b', 'c'] }).updatedFields, { 'tags.1': 'b', 'tags.2': 'c' });
  t.same(describeUpdate({ tags: ['a', 'b', 'c'] }, { tags: ['a'] }), { updatedFields: {}, removedFields: [], truncatedArrays: [{ field: 'tags', newSize: 1 }] });
  t.same(describeUpdate({ tags: ['a', 'b', 'c'] }, { tags: ['b', 'c'] }), { updatedFields: { tags: ['b', 'c'] }, removedFields: [], truncatedArrays: [] });
  t.same(describeUpdate({ items: [{ qty: 1 }] }, { items: [{ qty: 2 }] }).updatedFields, { 'items.0.qty': 2 });
});

t.test('BSON values compare by value and type', async (t) => {
  const id = new ObjectId();
  t.same(describeUpdate({ ref: id, at: new Date(5) }, { ref: new ObjectId(id.toHexString()), at: new Date(5) }).updatedFields, {});
  t.same(describeUpdate({ n: 1 }, { n: '1' }).updatedFields, { n: '1' });
  t.same(describeUpdate({ o: { a: 1 } }, { o: 'flat' }).updatedFields, { o: 'flat' });
});
