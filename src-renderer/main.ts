/** Boots the page: installs the theme colours, picks the platform API (Electron's preload or browser mode) and mounts the app. */
import { mount } from 'svelte';
import App from './App.svelte';
import { platformApi } from './api/platform';
import { AppState } from './state/app-state.svelte';
import { paletteCss } from '../src-common/view/palette';
import './styles/app.css';
import { installFigureFont } from './styles/figure-font-files';

// The CSS variables come from the one palette table the exports also read.
const colours = document.createElement('style');
colours.dataset.palette = '';
colours.textContent = paletteCss();
document.head.prepend(colours);

installFigureFont();

const app = new AppState(platformApi());
// For the end-to-end tests only (`?test-hooks`): the notebook file state, as the exercise editor drives it.
if (new URLSearchParams(location.search).has('test-hooks'))
  Object.assign(window, { studioTest: { file: app.notebook.file } });
mount(App, { target: document.getElementById('app')!, props: { app } });
