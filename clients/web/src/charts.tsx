// Bar charts with Chart.js, in Det Fælles Designsystem's colours. Chart.js is
// a third of the app's script, so it is a chunk of its own, loaded when the
// first chart is drawn (the numbers beside each chart show at once). Each
// chart is an image with a label; the numbers are always beside it as text.
import type { Chart } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { mio } from './format';
import { t } from './texts';

let loaded: Promise<typeof Chart> | undefined;

function chartJs(): Promise<typeof Chart> {
  loaded ??= import('./chart-setup').then((m) => m.Chart);
  return loaded;
}

// DKFDS's palette: primary blue, dark grey, success green, warning and error.
export const colours = { primary: '#0059b3', grey: '#747474', success: '#358000', warning: '#ffbf00', error: '#cc0000', light: '#bfbfbf' };

export interface Series {
  label: string;
  values: bigint[];
  colour: string;
}

export function BarChart(props: { id: string; label: string; labels: string[]; series: Series[]; horizontal?: boolean; height?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | undefined>(undefined);
  useEffect(() => {
    const data = {
      labels: props.labels,
      datasets: props.series.map((s) => ({
        label: s.label,
        data: s.values.map((v) => Number(v) / 1e6),
        backgroundColor: s.colour,
      })),
    };
    if (chart.current) {
      chart.current.data = data;
      chart.current.update();
      return;
    }
    let live = true;
    void chartJs().then((Chart) => {
      if (!live || !canvas.current || chart.current) return;
      chart.current = new Chart(canvas.current, {
      type: 'bar',
      data,
      options: {
        indexAxis: props.horizontal ? 'y' : 'x',
        maintainAspectRatio: false,
        responsive: true,
        plugins: {
          legend: { display: props.series.length > 1, position: 'bottom' },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${mio(BigInt(Math.round((c.raw as number) * 1e6)))}` } },
        },
        scales: {
          [props.horizontal ? 'x' : 'y']: { beginAtZero: true, title: { display: true, text: t.units.mio } },
        },
      },
      });
    });
    return () => { live = false; };
  }, [JSON.stringify(props.labels), JSON.stringify(props.series, (_, v) => (typeof v === 'bigint' ? String(v) : v))]);
  useEffect(() => () => chart.current?.destroy(), []);
  const height = props.height ?? Math.max(160, props.labels.length * props.series.length * 22 + 60);
  return (
    <div class="chart" data-height={String(height)} ref={(el) => { if (el) el.style.height = `${height}px`; }}>
      <canvas id={props.id} ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}
