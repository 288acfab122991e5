// ECharts options of the dashboard's charts.

import {
  QUADS, GOLDSTEIN_COLOR, DIRECTION_COLORS, bucketLabel, GRANULARITY_WORD, fmtGoldstein,
} from './ui.js';

// What every chart shares: short animations, the page's font, an axis tooltip.
const COMMON = {
  animationDuration: 300,
  textStyle: { fontFamily: 'inherit' },
  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
};

// The mean Goldstein score of every bucket as a line on the second axis
// (a gap where a bucket has none), with a dashed line at 0.
function goldsteinLine(name, color, means) {
  return {
    name,
    type: 'line',
    yAxisIndex: 1,
    connectNulls: false,
    symbol: 'circle',
    symbolSize: 7,
    lineStyle: { width: 2.5, color },
    itemStyle: { color },
    data: means.map((g) => (g === undefined ? null : Number(g.toFixed(3)))),
    markLine: {
      silent: true, symbol: 'none', label: { show: false },
      lineStyle: { color: '#9aa3ad', type: 'dashed', width: 1 }, data: [{ yAxis: 0 }],
    },
  };
}

// A timeline (GetTimelineResponse): one stacked bar per bucket by quad class
// and the mean Goldstein score on a second axis (-10..10); `selected` (a
// bucket index) is shaded.
export function timelineOption(t, selected = null, compact = false) {
  const series = QUADS.map((q) => ({
    name: q.label,
    type: 'bar',
    stack: 'events',
    barMaxWidth: 42,
    itemStyle: { color: q.color },
    data: t.buckets.map((b) => b[q.key]),
  }));
  series.push(goldsteinLine('Goldstein mean', GOLDSTEIN_COLOR, t.buckets.map((b) => b.goldstein_mean)));
  return timelineChart(t, series, selected, compact);
}

// A timeline split by direction (GetTimeline with split_directions): per
// bucket one bar for the events of each direction (`outgoing`, then
// `incoming`), side by side, and each direction's mean Goldstein score as a
// line. `names`: the two directions as the legend shows them
// (["Russia → North Korea", "North Korea → Russia"]).
export function splitTimelineOption(t, names, selected = null) {
  const sides = ['outgoing', 'incoming'];
  const bars = sides.map((side, i) => ({
    name: names[i],
    type: 'bar',
    barMaxWidth: 26,
    barGap: '8%',
    itemStyle: { color: DIRECTION_COLORS[i].bar },
    data: t.buckets.map((b) => b[side]?.event_count ?? 0),
  }));
  // Different marks, so that equal means (a visit and its hosting) both show.
  const lines = sides.map((side, i) => {
    const line = goldsteinLine(`Goldstein ${names[i]}`, DIRECTION_COLORS[i].line, t.buckets.map((b) => b[side]?.goldstein_mean));
    return i === 0 ? { ...line, symbolSize: 10 } : { ...line, symbol: 'diamond', symbolSize: 8, markLine: undefined };
  });
  return timelineChart(t, [...bars, ...lines], selected, false);
}

// What both timelines share: the period axis, the events and Goldstein axes,
// the legend (every series, in order) and the selected bucket's shading.
function timelineChart(t, series, selected, compact) {
  const labels = t.buckets.map((b) => bucketLabel(b, t.granularity));
  const many = labels.length > 40;
  return {
    ...COMMON,
    tooltip: { ...COMMON.tooltip, valueFormatter: (v) => (v === null || v === undefined ? '—' : String(v)) },
    legend: { top: 0, itemGap: 16, data: series.map((s) => s.name) },
    grid: { left: 64, right: 72, top: compact ? 70 : 44, bottom: many ? 84 : 56 },
    xAxis: {
      type: 'category',
      data: labels,
      name: `Period (${GRANULARITY_WORD[t.granularity] ?? ''})`,
      nameLocation: 'middle',
      nameGap: many ? 30 : 34,
      axisLabel: {
        hideOverlap: true,
        rotate: labels.length > 16 && !many ? 45 : 0,
        // The selected bucket's label stands out.
        formatter: (value, index) => (index === selected ? `{sel|${value}}` : value),
        rich: { sel: { color: '#ffffff', backgroundColor: '#1f4e96', borderRadius: 3, padding: [2, 4], fontWeight: 'bold' } },
      },
      axisTick: { alignWithLabel: true },
    },
    yAxis: [
      { type: 'value', name: 'Events', nameLocation: 'middle', nameGap: 44, minInterval: 1 },
      { type: 'value', name: 'Mean Goldstein', nameLocation: 'middle', nameGap: 44, min: -10, max: 10, interval: 5, splitLine: { show: false } },
    ],
    dataZoom: many ? [{ type: 'slider', bottom: 8, height: 18 }, { type: 'inside' }] : [],
    series: selected === null ? series : series.map((s, i) => (i === 0 ? {
      ...s,
      markLine: {
        silent: true, symbol: 'none', label: { show: false }, z: 0,
        lineStyle: { color: 'rgba(31,78,150,0.35)', type: 'solid', width: 3 }, data: [{ xAxis: labels[selected] }],
      },
    } : s)),
  };
}


// Partners (GetNeighborsResponse.neighbors): horizontal bars stacked by
// quad class, busiest at the top.
export function partnersOption(neighbors) {
  const shown = neighbors.slice(0, 15).reverse();
  return {
    ...COMMON,
    tooltip: {
      ...COMMON.tooltip,
      formatter: (items) => {
        const n = shown[items[0].dataIndex];
        const lines = items.filter((i) => i.value > 0).map((i) => `${i.marker}${i.seriesName}: ${i.value}`);
        return `<b>${n.actor}</b><br>${n.summary.event_count} events (out ${n.out_count}, in ${n.in_count})<br>`
          + `mean Goldstein ${fmtGoldstein(n.summary.goldstein_mean)}<br>${lines.join('<br>')}`;
      },
    },
    legend: { top: 0, data: QUADS.map((q) => q.label) },
    grid: { left: 150, right: 28, top: 40, bottom: 44 },
    xAxis: { type: 'value', name: 'Events', nameLocation: 'middle', nameGap: 28, minInterval: 1 },
    yAxis: { type: 'category', data: shown.map((n) => n.actor), axisLabel: { width: 136, overflow: 'truncate' } },
    series: QUADS.map((q) => ({
      name: q.label, type: 'bar', stack: 'events', barMaxWidth: 22, itemStyle: { color: q.color },
      data: shown.map((n) => n.summary[q.key]),
    })),
  };
}
