import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';

// Start-up milestones for the launch benchmark (scripts/bench-list.mjs reads them); a mark
// costs nothing and is never sent anywhere.
performance.mark('desk:script');

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing from index.html');

const app = mount(App, { target });
performance.mark('desk:mounted');
export default app;
