/**
 * A work list beside the selected item, for queues worked through one case at a time (sign-off,
 * review, callbacks). ↑/↓ (or j/k), Home and End move through the list; when the selected item
 * leaves the list after a step, the next one is selected.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Empty, Spin } from 'antd';

export interface MasterDetailProps<I> {
  items: I[];
  getKey: (item: I) => string;
  renderItem: (item: I) => ReactNode;
  renderDetail: (item: I) => ReactNode;
  listLabel: string;
  detailLabel: string;
  emptyText: string;
  loading?: boolean;
  listWidth?: number;
  /** Height taken above the panes (header, title, tabs), so both panes fit the window and scroll on their own. */
  above?: number;
}


export function MasterDetail<I>({ items, getKey, renderItem, renderDetail, listLabel, detailLabel, emptyText, loading, listWidth = 340, above = 175 }: MasterDetailProps<I>) {
  const [selected, setSelected] = useState<string>();
  const lastIndex = useRef(0);
  const height = `max(360px, calc(100vh - ${above}px))`;
  const listRef = useRef<HTMLDivElement>(null);
  const keys = items.map(getKey);
  let index = selected ? keys.indexOf(selected) : -1;
  if (index < 0 && items.length > 0) index = Math.min(lastIndex.current, items.length - 1);
  const current = index >= 0 ? items[index] : undefined;
  const currentKey = current ? getKey(current) : undefined;

  useEffect(() => {
    lastIndex.current = Math.max(index, 0);
    if (currentKey) listRef.current?.querySelector(`[data-key="${CSS.escape(currentKey)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [index, currentKey]);

  function move(to: number) {
    if (items.length === 0) return;
    const i = Math.max(0, Math.min(items.length - 1, to));
    setSelected(keys[i]);
  }

  function onKeyDown(e: React.KeyboardEvent) {
    const k = e.key;
    if (k === 'ArrowDown' || k === 'j') move(index + 1);
    else if (k === 'ArrowUp' || k === 'k') move(index - 1);
    else if (k === 'Home') move(0);
    else if (k === 'End') move(items.length - 1);
    else return;
    e.preventDefault();
  }

  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'stretch' }}>
      <div
        ref={listRef}
        // an empty listbox is invalid ARIA: only a list with options is one
        role={items.length > 0 ? 'listbox' : undefined}
        aria-label={items.length > 0 ? listLabel : undefined}
        tabIndex={items.length > 0 ? 0 : undefined}
        aria-activedescendant={currentKey ? `md-${currentKey}` : undefined}
        onKeyDown={onKeyDown}
        style={{ width: listWidth, flex: 'none', height, overflow: 'auto', border: '1px solid #f0f0f0', borderRadius: 4, background: '#fff' }}
      >
        {loading && items.length === 0 ? (
          <Spin style={{ margin: 24 }} />
        ) : items.length === 0 ? (
          <Empty description={emptyText} style={{ marginTop: 48 }} />
        ) : (
          items.map((item, i) => {
            const key = keys[i];
            const isCurrent = key === currentKey;
            return (
              <div
                key={key}
                id={`md-${key}`}
                data-key={key}
                role="option"
                aria-selected={isCurrent}
                onClick={() => setSelected(key)}
                style={{ padding: '8px 12px', cursor: 'pointer', borderBottom: '1px solid #f0f0f0', borderLeft: `3px solid ${isCurrent ? '#c0392b' : 'transparent'}`, background: isCurrent ? '#fff1f0' : undefined }}
              >
                {renderItem(item)}
              </div>
            );
          })
        )}
      </div>
      <section aria-label={detailLabel} style={{ flex: 1, minWidth: 0, height, overflow: 'auto' }}>
        {current ? renderDetail(current) : !loading && <Empty description={emptyText} style={{ marginTop: 48 }} />}
      </section>
    </div>
  );
}
