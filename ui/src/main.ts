import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { theme } from './lib/theme.svelte';

// Start-up milestones for the launch benchmark (scripts/bench-list.mjs reads them); a mark
// costs nothing and is never sent anywhere.
performance.mark('desk:script');

// Before the first paint, so a dark choice never flashes light.
theme.start();

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing from index.html');

const app = mount(App, { target });
performance.mark('desk:mounted');
export default app;
