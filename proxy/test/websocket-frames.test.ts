import t from 'tap';
import { closeFrame, FrameBoundaries } from '#proxy/forward/websocket-frames';

function frame(payloadLength: number, masked: boolean, opcode = 0x2): Buffer {
  const length = payloadLength < 126 ? [payloadLength] : payloadLength < 65_536 ? [126, payloadLength >> 8, payloadLength & 0xff] : [127, ...Buffer.from(new BigUint64Array([BigInt(payloadLength)]).buffer).reverse()];
  const head = Buffer.from([0x80 | opcode, (masked ? 0x80 : 0) | (length[0] as number), ...length.slice(1), ...(masked ? [1, 2, 3, 4] : [])]);
  return Buffer.concat([head, Buffer.alloc(payloadLength, 7)]);
}

const cases: Array<[string, Buffer]> = [
  ['empty, unmasked', frame(0, false)],
  ['empty, masked', frame(0, true)],
  ['125 bytes (7-bit length)', frame(125, false)],
  ['126 bytes (16-bit length), masked', frame(126, true)],
  ['65,535 bytes (16-bit length)', frame(65_535, false)],
  ['65,536 bytes (64-bit length), masked', frame(65_536, true)],
  ['a ping between fragments', frame(3, false, 0x9)],
];

t.test('boundaries are found whatever the chunking', async (t) => {
  for (const [name, bytes] of cases) {
    const stream = Buffer.concat([bytes, frame(1, false)]);
    for (const size of [1, 2, 3, 7, 64, stream.length]) {
      const frames = new FrameBoundaries();
      const boundaries = new Set<number>();
      for (let start = 0; start < stream.length; start += size) {
        const chunk = stream.subarray(start, start + size);
        let at = 0;
        while (at < chunk.length) {
          at = frames.advance(chunk, at, true);
          if (at === chunk.length) break;
          // At a boundary inside the chunk: note it, then step one byte past it.
          if (start + at > 0) boundaries.add(start + at);
          at = frames.advance(chunk.subarray(0, at + 1), at);
        }
        if (frames.atBoundary) boundaries.add(start + chunk.length);
      }
      t.same([...boundaries], [bytes.length, stream.length], `${name}, in ${size}-byte chunks`);
    }
  }
});

t.test('advance without stopping reads to the end of the chunk', async (t) => {
  const frames = new FrameBoundaries();
  const two = Buffer.concat([frame(10, true), frame(300, false)]);
  t.equal(frames.advance(two.subarray(0, 20)), 20);
  t.notOk(frames.atBoundary, 'inside the second frame');
  t.equal(frames.advance(two, 20), two.length);
  t.ok(frames.atBoundary);
});

t.test('close frames: unmasked to the client, masked to the upstream', async (t) => {
  t.same([...closeFrame(1001, 'bye', false)], [0x88, 5, 0x03, 0xe9, ...Buffer.from('bye')]);
  const masked = closeFrame(1001, 'bye', true);
  t.same([masked[0], masked[1]], [0x88, 0x85]);
  const key = masked.subarray(2, 6);
  t.same([...masked.subarray(6).map((b, i) => b ^ (key[i % 4] as number))], [0x03, 0xe9, ...Buffer.from('bye')]);
  const frames = new FrameBoundaries();
  frames.advance(masked);
  t.ok(frames.atBoundary, 'a whole frame by its own header');
  t.throws(() => closeFrame(1001, 'x'.repeat(124), false), RangeError);
});
