import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { CALL_PARTS, OTHER_PART } from '../call-parts.ts';
import type { FlameNode } from '../harness/cpu-profile.ts';

const WIDTH = 1_600;
const ROW = 18;
const HEADER = 34;
const LEGEND_ROW = 20;
/** Deep enough for BullMQ → our runner → the provider client → undici; deeper is noise. */
const MAX_DEPTH = 36;
const PALETTE = [
  '#2563eb',
  '#16a34a',
  '#ea580c',
  '#9333ea',
  '#0891b2',
  '#ca8a04',
  '#dc2626',
  '#4f46e5',
  '#059669',
  '#db2777',
  '#65a30d',
  '#7c3aed',
  '#0d9488',
  '#94a3b8',
];

function colourOf(part: string): string {
  const index = CALL_PARTS.findIndex((p) => p.part === part);
  return part === OTHER_PART || index < 0 ? '#cbd5e1' : (PALETTE[index % PALETTE.length] ?? '#999');
}

function depthOf(node: FlameNode): number {
  return 1 + Math.max(0, ...node.children.map(depthOf));
}

/**
 * An icicle chart of the worker's profile: the root on top, each box as wide as its share of
 * the busy time, coloured by the part of the call it belongs to (the profile table's parts).
 */
export function flameChart(tree: FlameNode, title: string): Buffer {
  const depth = Math.min(MAX_DEPTH, depthOf(tree));
  const legendParts = [...CALL_PARTS.map((p) => p.part), OTHER_PART];
  const legendRows = Math.ceil(legendParts.length / 4);
  const height = HEADER + depth * ROW + 12 + legendRows * LEGEND_ROW + 8;
  const canvas = createCanvas(WIDTH, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, WIDTH, height);
  ctx.fillStyle = '#111';
  ctx.font = 'bold 15px DejaVu Sans, Liberation Sans, sans-serif';
  ctx.fillText(title, 8, 22);
  ctx.font = '11px DejaVu Sans, Liberation Sans, sans-serif';
  const scale = WIDTH / Math.max(tree.ms, 1e-9);
  const draw = (node: FlameNode, x: number, level: number) => {
    if (level >= depth) return;
    const width = node.ms * scale;
    if (width < 1) return;
    box(ctx, node, x, HEADER + level * ROW, width);
    let childX = x;
    for (const child of node.children) {
      draw(child, childX, level + 1);
      childX += child.ms * scale;
    }
  };
  draw(tree, 0, 0);
  const legendTop = HEADER + depth * ROW + 12;
  legendParts.forEach((part, i) => {
    const x = 8 + (i % 4) * (WIDTH / 4);
    const y = legendTop + Math.floor(i / 4) * LEGEND_ROW;
    ctx.fillStyle = colourOf(part);
    ctx.fillRect(x, y, 12, 12);
    ctx.fillStyle = '#111';
    ctx.fillText(part, x + 18, y + 10);
  });
  return canvas.toBuffer('image/png');
}

function box(ctx: SKRSContext2D, node: FlameNode, x: number, y: number, width: number): void {
  ctx.fillStyle = colourOf(node.part);
  ctx.fillRect(x, y, Math.max(1, width - 1), ROW - 1);
  if (width < 40) return;
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, width - 2, ROW);
  ctx.clip();
  ctx.fillStyle = node.part === OTHER_PART ? '#111' : '#fff';
  ctx.fillText(node.name, x + 3, y + 13);
  ctx.restore();
}
