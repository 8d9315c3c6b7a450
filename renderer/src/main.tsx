// Renderer entry: styles, stores, and the App bound to the preload's window.uploader.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createAppStores } from './store/app-stores';
import './styles/index.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App api={window.uploader} stores={createAppStores()} />
  </StrictMode>,
);
