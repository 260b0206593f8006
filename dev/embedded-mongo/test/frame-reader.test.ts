import t from 'tap';
import { FrameReader, MAX_MESSAGE_BYTES } from '../src/wire/frame-reader.ts';

function frame(length: number, fill: number): Buffer {
  const buf = Buffer.alloc(length, fill);
  buf.writeInt32LE(length, 0);
  return buf;
}

t.test('cuts frames at their length prefix, across and within chunks', async (t) => {
  const reader = new FrameReader();
  const a = frame(20, 1);
  const b = frame(30, 2);
  const both = Buffer.concat([a, b]);
  t.same(reader.push(both.subarray(0, 3)).frames, []);
  t.same(reader.push(both.subarray(3, 25)).frames, [a]);
  t.same(reader.push(both.subarray(25)).frames, [b]);
  t.same(new FrameReader().push(both).frames, [a, b]);
});

t.test('refuses impossible lengths before buffering', async (t) => {
  t.equal(new FrameReader().push(frame(16, 0).subarray(0, 4).fill(0)).problem?.reason, 'too-small');
  const big = Buffer.alloc(4);
  big.writeInt32LE(MAX_MESSAGE_BYTES + 1, 0);
  t.equal(new FrameReader().push(big).problem?.reason, 'too-large');
  const negative = Buffer.alloc(4);
  negative.writeInt32LE(-5, 0);
  t.equal(new FrameReader().push(negative).problem?.reason, 'too-small');
});
