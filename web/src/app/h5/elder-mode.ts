import { useCallback, useState } from 'react';

// 长辈版 (适老化): one class on <html>; h5.css turns it into larger text, larger targets, stronger contrast.
const KEY = 'gz.elder';
const CLASS = 'gz-elder';

export function initElderMode(): boolean {
  let on = false;
  try {
    on = localStorage.getItem(KEY) === '1';
  } catch {
    /* private mode */
  }
  document.documentElement.classList.toggle(CLASS, on);
  return on;
}

export function useElderMode(): [boolean, () => void] {
  const [on, setOn] = useState(() => document.documentElement.classList.contains(CLASS));
  const toggle = useCallback(() => {
    setOn((prev) => {
      const next = !prev;
      document.documentElement.classList.toggle(CLASS, next);
      try {
        localStorage.setItem(KEY, next ? '1' : '0');
      } catch {
        /* private mode */
      }
      return next;
    });
  }, []);
  return [on, toggle];
}
