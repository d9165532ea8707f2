import type { Image } from './png';

type Colour = readonly [number, number, number];
type Point = readonly [number, number];

// Module-level bindings: under a test runner's sandbox every global lookup (Math) is slow, and these run half a million times.
const { abs, atan2, max, min, PI, round, sqrt } = Math;

const ACCENT: Colour = [0x0f, 0x62, 0xa8];
const WHITE: Colour = [0xff, 0xff, 0xff];

/**
 * The app's icons, drawn here rather than copied: a speech bubble with a question mark. Teams wants a
 * 192×192 full-colour icon and a 32×32 white outline on a transparent background.
 */
export function colorIcon(size = 192): Image {
  const glyph = new Glyph(size);
  return draw(size, (x, y) => {
    if (glyph.outsideTile(x, y)) return undefined;
    return glyph.insideBubble(x, y) && glyph.questionMark(x, y) > 0 ? WHITE : ACCENT;
  });
}

/** The outline: the bubble's edge and the question mark, white, on transparency. */
export function outlineIcon(size = 32): Image {
  const glyph = new Glyph(size);
  const halfStroke = size * 0.045;
  return draw(size, (x, y) => (abs(glyph.bubble(x, y)) <= halfStroke || glyph.questionMark(x, y) <= 0 ? WHITE : undefined));
}

/** Samples each pixel 4×4 times so edges are smooth; `shade` says the colour at a point, undefined for none. */
function draw(size: number, shade: (x: number, y: number) => Colour | undefined): Image {
  const rgba = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = shade(px + (sx + 0.5) / samples, py + (sy + 0.5) / samples);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          hits++;
        }
      }
      if (hits === 0) continue;
      const offset = (py * size + px) * 4;
      rgba[offset] = round(r / hits);
      rgba[offset + 1] = round(g / hits);
      rgba[offset + 2] = round(b / hits);
      rgba[offset + 3] = round((hits / (samples * samples)) * 255);
    }
  }
  return { width: size, height: size, rgba };
}

/** The shapes at one size, as signed distances: negative inside, positive outside. */
class Glyph {
  private readonly centre: Point;
  private readonly radius: number;
  private readonly tail: readonly [Point, Point, Point];

  constructor(private readonly s: number) {
    this.centre = [s * 0.5, s * 0.46];
    this.radius = s * 0.3;
    this.tail = [
      [s * 0.27, s * 0.6],
      [s * 0.42, s * 0.72],
      [s * 0.22, s * 0.84],
    ];
  }

  /** The tile is a square with rounded corners filling the icon. */
  outsideTile(x: number, y: number): boolean {
    const half = this.s / 2;
    const corner = this.s * 0.18;
    const qx = abs(x - half) - (half - corner);
    const qy = abs(y - half) - (half - corner);
    return qx > 0 && qy > 0 && length(qx, qy) > corner;
  }

  /** A round bubble with a tail at the bottom left. */
  bubble(x: number, y: number): number {
    const body = length(x - this.centre[0], y - this.centre[1]) - this.radius;
    const [a, b, c] = this.tail;
    const tail = insideTriangle(x, y, a, b, c) ? -1 : min(segment(x, y, a, b), segment(x, y, b, c), segment(x, y, c, a));
    return min(body, tail);
  }

  /** Whether a point is in the bubble: much cheaper than its distance. */
  insideBubble(x: number, y: number): boolean {
    const [a, b, c] = this.tail;
    return length(x - this.centre[0], y - this.centre[1]) <= this.radius || insideTriangle(x, y, a, b, c);
  }

  /** A question mark: an open arc, a short stem, a dot. */
  questionMark(x: number, y: number): number {
    const s = this.s;
    const cx = s * 0.5;
    const cy = s * 0.39;
    const r = s * 0.095;
    const stroke = s * 0.032;
    const angle = atan2(y - cy, x - cx);
    // The arc runs from the left, over the top, round to the bottom: not its lower-left quarter.
    const onArc = !(angle > PI * 0.5 && angle < PI * 0.95);
    const arc = onArc ? abs(length(x - cx, y - cy) - r) - stroke : Number.POSITIVE_INFINITY;
    const stem = segment(x, y, [cx, cy + r], [cx, cy + r + s * 0.07]) - stroke;
    const dot = length(x - cx, y - (cy + r + s * 0.15)) - stroke * 1.25;
    return min(arc, stem, dot);
  }
}

function segment(x: number, y: number, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const t = max(0, min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
  return length(x - (a[0] + t * dx), y - (a[1] + t * dy));
}

function insideTriangle(x: number, y: number, a: Point, b: Point, c: Point): boolean {
  const d1 = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
  const d2 = (c[0] - b[0]) * (y - b[1]) - (c[1] - b[1]) * (x - b[0]);
  const d3 = (a[0] - c[0]) * (y - c[1]) - (a[1] - c[1]) * (x - c[0]);
  return (d1 >= 0 && d2 >= 0 && d3 >= 0) || (d1 <= 0 && d2 <= 0 && d3 <= 0);
}

/** Math.hypot is exact but slow. */
function length(dx: number, dy: number): number {
  return sqrt(dx * dx + dy * dy);
}
