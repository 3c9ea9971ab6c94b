import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { unstableSetRender } from 'antd-mobile';
import { Providers } from './providers';
import { H5App } from './app';
import { initElderMode } from './elder-mode';
import '../../components/base.css';
import './h5.css';

// antd-mobile's imperative APIs (Toast, Dialog) render with ReactDOM.render, which React 19 removed (#6817).
unstableSetRender((node, container) => {
  const c = container as Element & { _gzRoot?: Root };
  c._gzRoot ??= createRoot(c);
  const root = c._gzRoot;
  root.render(node);
  return async () => {
    await new Promise((r) => setTimeout(r, 0));
    root.unmount();
    delete c._gzRoot;
  };
});

initElderMode();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers>
      <H5App />
    </Providers>
  </StrictMode>,
);
