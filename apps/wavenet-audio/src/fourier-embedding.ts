/**
 * A fixed embedding of `classes` ordered classes (mu-law codes) in `channels` dimensions, like
 * a Transformer's sine position encoding of the code's position: code `c` at `u = 2c / (classes - 1)
 * - 1` in `[-1, 1]` becomes `cos(pi k u / 2)` and `sin(pi k u / 2)` for `k = 1 .. channels / 2`
 * (and `u` itself when `channels` is odd). Neighbouring codes, which are neighbouring amplitudes,
 * get neighbouring vectors, and no two codes the same one.
 *
 * @returns The table `[classes, channels]`, row-major.
 */
export function fourierEmbedding(classes: number, channels: number): Float32Array {
  const table = new Float32Array(classes * channels); // [classes, channels]
  const pairs = Math.floor(channels / 2);
  for (let c = 0; c < classes; c++) {
    const u = classes > 1 ? (2 * c) / (classes - 1) - 1 : 0;
    for (let k = 1; k <= pairs; k++) {
      table[c * channels + 2 * (k - 1)] = Math.cos((Math.PI * k * u) / 2);
      table[c * channels + 2 * (k - 1) + 1] = Math.sin((Math.PI * k * u) / 2);
    }
    if (channels % 2 === 1) table[c * channels + channels - 1] = u;
  }
  return table;
}
