// Chart.js with only the parts the app draws (tree-shaken); src/charts.tsx
// imports this module when the first chart is drawn.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.font.family = "'IBM Plex Sans', system-ui, sans-serif";
Chart.defaults.color = '#1a1a1a';
Chart.defaults.animation = false;

export { Chart };
