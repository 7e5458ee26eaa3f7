import { describe, expect, it } from 'vitest';
import { ADDRESS_MARK, NAME_MARK, maskedSubject, redactJson, redactText } from './redact';
import { flagUnusual, median } from './access-report';

const zhang = { name: '张伟', phone: '13800138000', idNumber: '11010519491231002X', address: '东华街道幸福小区3栋2单元501' };

describe('redactText', () => {
  it('takes the citizen’s name, phone, ID number and address out of a text, in the forms people write them', () => {
    const text = '我是张伟，住东华街道幸福小区3栋2单元501，电话138-0013-8000（或 138 0013 8000），身份证11010519491231002x，请张伟本人接听。';
    const out = redactText(text, zhang);
    expect(out).not.toMatch(/张伟|13800138000|138-0013|138 0013|11010519491231002|幸福小区3栋2单元/i);
    expect(out).toContain(NAME_MARK);
    expect(out).toContain(ADDRESS_MARK);
    expect(out).toContain('请某某本人接听');
  });

  it('blanks any other phone or ID number too, and keeps the rest of the text as it was', () => {
    const out = redactText('邻居李四（13912345678，座机0571-87654321）也反映了油烟问题，共3户，2026年3月起。', zhang);
    expect(out).toBe('邻居李四（***********，座机************）也反映了油烟问题，共3户，2026年3月起。');
  });

  it('leaves a one-character name and a short address alone rather than blanking every occurrence of a common character', () => {
    expect(redactText('王府井大街', { name: '王', phone: null, idNumber: null, address: '北京' })).toBe('王府井大街');
  });

  it('reaches every string inside JSON, keeping its shape', () => {
    const payload = { sms: { from: '13800138000', text: '张伟反映噪音' }, parts: ['张伟', 3], at: null };
    expect(redactJson(payload, zhang)).toEqual({ sms: { from: '***********', text: `${NAME_MARK}反映噪音` }, parts: [NAME_MARK, 3], at: null });
  });

  it('names the subject of an audit record only masked', () => {
    expect(maskedSubject('13800138000', '11010519491231002X')).toBe('138****8000 / 110105********002X');
  });
});

describe('unusual access', () => {
  it('takes the median of the same role', () => {
    expect(median([1, 2, 12])).toBe(2);
    expect(median([1, 2, 3, 40])).toBe(2.5);
  });

  it('flags a user far above the median of their role, not one alone in their role or under the minimum', () => {
    const rows = flagUnusual([
      { role: 'operator', views: 12 },
      { role: 'operator', views: 1 },
      { role: 'operator', views: 2 },
      { role: 'supervisor', views: 300 },
      { role: 'dispatcher', views: 9 },
      { role: 'dispatcher', views: 1 },
    ]);
    expect(rows.map((r) => r.flagged)).toEqual([true, false, false, false, false, false]);
    expect(rows[0]!.roleMedian).toBe(2);
  });
});
