/** The category tree (GET /api/categories) for TreeSelects, and code → name; loaded once per page load. */
import { useMemo } from 'react';
import { get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import type { Category } from '../shared/types';

export interface CategoryNode {
  value: string;
  title: string;
  children?: CategoryNode[];
}

let cache: Promise<Category[]> | null = null;
function loadCategories(): Promise<Category[]> {
  cache ??= get<Category[]>('/api/categories').catch((e: unknown) => {
    cache = null;
    throw e;
  });
  return cache;
}

export function useCategories(): { tree: CategoryNode[]; nameOf: (code: string | null | undefined) => string; loading: boolean } {
  const { data, loading } = useAsync(loadCategories, []);
  return useMemo(() => {
    const list = data ?? [];
    const nodes = new Map<string, CategoryNode>(list.map((c) => [c.code, { value: c.code, title: c.name }]));
    const roots: CategoryNode[] = [];
    // parents come before children
    for (const c of list) {
      const node = nodes.get(c.code)!;
      const parent = c.parentCode ? nodes.get(c.parentCode) : undefined;
      if (parent) (parent.children ??= []).push(node);
      else roots.push(node);
    }
    const names = new Map(list.map((c) => [c.code, c.name]));
    const nameOf = (code: string | null | undefined) => {
      if (!code) return '—';
      const parts = code.split('.');
      return parts.map((_, i) => names.get(parts.slice(0, i + 1).join('.')) ?? '').filter(Boolean).join(' / ') || code;
    };
    return { tree: roots, nameOf, loading };
  }, [data, loading]);
}
