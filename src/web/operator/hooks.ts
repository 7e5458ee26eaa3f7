/** Small hooks of the desks: a debounced server query that ignores stale answers, and Ctrl+Enter. */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

/**
 * Runs `load(input)` `delay` ms after `input` last changed (compared as JSON); null skips the query
 * and clears the answer. An answer to an older input never overwrites a newer one.
 */
export function useDebouncedQuery<I, T>(input: I | null, load: (input: I) => Promise<T>, delay = 400): { data: T | undefined; loading: boolean; error: Error | undefined } {
  const [state, setState] = useState<{ data?: T; loading: boolean; error?: Error }>({ loading: false });
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const key = input === null ? null : JSON.stringify(input);
  useEffect(() => {
    if (key === null) {
      setState({ loading: false });
      return;
    }
    let alive = true;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      loadRef
        .current(JSON.parse(key) as I)
        .then((data) => alive && setState({ data, loading: false }))
        .catch((error: Error) => alive && setState({ loading: false, error }));
    }, delay);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [key, delay]);
  return { data: state.data, loading: state.loading, error: state.error };
}

/** onKeyDown for a form's wrapper: Ctrl+Enter (⌘+Enter on a Mac) runs `submit`, even inside a textarea. */
export function ctrlEnter(submit: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };
}
