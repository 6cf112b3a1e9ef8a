/** Boots the page: picks the platform API (Electron's preload or browser mode) and mounts the app. */
import { mount } from 'svelte';
import App from './App.svelte';
import { platformApi } from './api/platform';
import { AppState } from './state/app-state.svelte';
import './styles/app.css';

const app = new AppState(platformApi());
mount(App, { target: document.getElementById('app')!, props: { app } });
