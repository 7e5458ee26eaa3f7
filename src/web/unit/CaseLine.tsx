/** One line of a work list: number, deadline, title, and the lead unit. */
import type { ReactNode } from 'react';
import { useLang } from '../shared/i18n';
import { Countdown } from '../shared/format';
import type { CaseView } from '../shared/types';
import { Muted } from './ui';

export function CaseLine({ c, extra }: { c: Pick<CaseView, 'caseNo' | 'title' | 'dueAt' | 'deadlineStatus'> & { leadUnit?: CaseView['leadUnit'] }; extra?: ReactNode }) {
  const { lang } = useLang();
  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <Muted small>
          {c.caseNo}
        </Muted>
        {c.dueAt && c.deadlineStatus && <Countdown dueAt={c.dueAt} status={c.deadlineStatus} lang={lang} />}
      </div>
      <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{c.title}</div>
      {(c.leadUnit || extra) && (
        <Muted small>
          {c.leadUnit?.name}
          {extra}
        </Muted>
      )}
    </>
  );
}
