// Cytoscape styles and helpers shared by the path and network views.

import { goldsteinColor } from './ui.js';

export function edgeWidth(count) {
  return 1.5 + Math.min(9, Math.log2(1 + count) * 1.6);
}

export const BASE_STYLE = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-family': 'DejaVu Sans, sans-serif',
      'font-size': 12,
      color: '#1d2733',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'wrap',
      'text-max-width': 130,
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': 2,
      'background-color': '#7f9cc4',
      'border-width': 1.5,
      'border-color': '#ffffff',
      width: 'data(size)',
      height: 'data(size)',
    },
  },
  {
    selector: 'edge',
    style: {
      'curve-style': 'bezier',
      width: 'data(width)',
      'line-color': 'data(color)',
      'target-arrow-color': 'data(color)',
      'target-arrow-shape': 'data(arrow)',
      'arrow-scale': 0.9,
      opacity: 0.85,
    },
  },
  { selector: 'edge[label]', style: {
    label: 'data(label)', 'font-size': 11, color: '#3c4856', 'text-rotation': 'autorotate',
    'text-background-color': '#ffffff', 'text-background-opacity': 0.9, 'text-background-padding': 2,
  } },
  { selector: '.faded', style: { opacity: 0.15 } },
  { selector: 'node.highlight', style: { 'border-color': '#f0b429', 'border-width': 4 } },
  { selector: 'edge.highlight', style: { opacity: 1, 'underlay-color': '#f0b429', 'underlay-opacity': 0.35, 'underlay-padding': 4 } },
  { selector: 'node:selected', style: { 'border-color': '#f0b429', 'border-width': 4 } },
];

export function edgeData(id, source, target, summary, directed, label) {
  return {
    id, source, target, label,
    count: summary.event_count,
    width: edgeWidth(summary.event_count),
    color: goldsteinColor(summary.goldstein_mean),
    arrow: directed ? 'triangle' : 'none',
  };
}

export function colorLegend(extra = []) {
  const span = (t) => { const s = document.createElement('span'); s.textContent = t; return s; };
  const row = document.createElement('div');
  row.className = 'legend-row';
  const bar = document.createElement('span');
  bar.className = 'bar';
  row.append(span('Edge colour: mean Goldstein −10'), bar, span('+10 · width: events'), ...extra.map(span));
  return row;
}
