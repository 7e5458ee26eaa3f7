/**
 * 我要写信 — the mayor's mailbox form (POST /api/public/mailbox, DOMAIN.md §3): the letter, the
 * citizen's details unless anonymous, up to five photos checked here before upload, and the
 * CAPTCHA. On success the case number and query code, which are all the citizen needs to track it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Form, Input, Select, Space, Switch, Typography } from 'antd';
import { CheckCircleFilled, DeleteOutlined, ReloadOutlined } from '@ant-design/icons';
import { ApiError, api, get } from '../shared/api';
import { useLang } from '../shared/i18n';
import { kindLabel } from '../shared/format';
import { KINDS, type Kind } from '../../core/enums';
import { isValidCitizenPhone, isValidIdNumber } from '../../core/citizen';
import { MAX_PHOTOS, MAX_PHOTO_BYTES, PHOTO_TYPES, type Captcha, type MailboxReceipt } from './portal-api';
import { Page, Section } from './Page';

interface Values {
  title: string;
  content: string;
  kind: Kind;
  address?: string;
  name?: string;
  phone?: string;
  idNumber?: string;
  anonymous: boolean;
  confidential: boolean;
  captchaAnswer: string;
}

/** The server names the field it refuses (`details.field`); here is where that field sits on the form. */
const FORM_FIELD: Record<string, keyof Values | 'photos'> = {
  title: 'title',
  content: 'content',
  kind: 'kind',
  address: 'address',
  name: 'name',
  phone: 'phone',
  idNumber: 'idNumber',
  citizen: 'name',
  'citizen.name': 'name',
  'citizen.phone': 'phone',
  'citizen.idNumber': 'idNumber',
  captchaId: 'captchaAnswer',
  captchaAnswer: 'captchaAnswer',
  photos: 'photos',
};

/** The server's message ends with the field's code name ("…（citizen.phone）"); beside the field it is noise. */
const bare = (message: string) => message.replace(/\s*（[\w.]+）$/, '').replace(/^[\w.]+: /, '');

const svgSrc = (svg: string) => `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;

export function WritePage() {
  const { t } = useLang();
  const [receipt, setReceipt] = useState<MailboxReceipt>();
  return (
    <Page title={t('我要写信', 'Write to us')}>
      {receipt ? <Receipt receipt={receipt} onAgain={() => setReceipt(undefined)} /> : <Letter onSent={setReceipt} />}
    </Page>
  );
}

function Letter({ onSent }: { onSent: (r: MailboxReceipt) => void }) {
  const { lang, t } = useLang();
  const [form] = Form.useForm<Values>();
  const anonymous = Form.useWatch('anonymous', form) ?? false;
  const [captcha, setCaptcha] = useState<Captcha>();
  const [captchaError, setCaptchaError] = useState<string>();
  const [photos, setPhotos] = useState<File[]>([]);
  const [photoError, setPhotoError] = useState<string>();
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);
  const photoInput = useRef<HTMLInputElement>(null);

  const newCaptcha = useCallback(async () => {
    try {
      setCaptcha(await get<Captcha>('/api/public/captcha'));
      setCaptchaError(undefined);
    } catch (e) {
      setCaptchaError((e as Error).message);
    }
  }, []);
  useEffect(() => {
    void newCaptcha();
  }, [newCaptcha]);

  const addPhotos = (picked: File[]) => {
    const keep = [...photos];
    const problems: string[] = [];
    for (const f of picked) {
      const isImage = PHOTO_TYPES.includes(f.type) || (!f.type && /\.(jpe?g|png|gif|webp|heic|bmp)$/i.test(f.name));
      if (!isImage) problems.push(t(`“${f.name}”不是图片（仅限 JPG、PNG、GIF、WebP、HEIC、BMP）`, `"${f.name}" is not an image (JPG, PNG, GIF, WebP, HEIC or BMP only)`));
      else if (f.size > MAX_PHOTO_BYTES) problems.push(t(`“${f.name}”超过 5 MB`, `"${f.name}" is larger than 5 MB`));
      else if (f.size === 0) problems.push(t(`“${f.name}”是空文件`, `"${f.name}" is empty`));
      else if (keep.length >= MAX_PHOTOS) problems.push(t(`最多 ${MAX_PHOTOS} 张照片，“${f.name}”未添加`, `at most ${MAX_PHOTOS} photos: "${f.name}" was not added`));
      else keep.push(f);
    }
    setPhotos(keep);
    setPhotoError(problems.length ? problems.join('；') : undefined);
  };

  const send = async (v: Values) => {
    if (!captcha) return;
    setSending(true);
    setError(undefined);
    const fd = new FormData();
    fd.set('title', v.title.trim());
    fd.set('content', v.content.trim());
    fd.set('kind', v.kind);
    if (v.address?.trim()) fd.set('address', v.address.trim());
    if (!v.anonymous) {
      if (v.name?.trim()) fd.set('name', v.name.trim());
      if (v.phone?.trim()) fd.set('phone', v.phone.trim());
      if (v.idNumber?.trim()) fd.set('idNumber', v.idNumber.trim().toUpperCase());
    }
    fd.set('anonymous', String(!!v.anonymous));
    fd.set('confidential', String(!!v.confidential));
    fd.set('captchaId', captcha.id);
    fd.set('captchaAnswer', v.captchaAnswer.trim());
    for (const p of photos) fd.append('photos', p, p.name);
    try {
      onSent(await api<MailboxReceipt>('POST', '/api/public/mailbox', fd));
      window.scrollTo(0, 0);
    } catch (e) {
      const message = (e as Error).message;
      setError(message);
      const field = e instanceof ApiError && typeof e.details?.field === 'string' ? FORM_FIELD[e.details.field] : undefined;
      if (field === 'captchaAnswer') {
        // a wrong or expired answer: a fresh puzzle, the answer field emptied and marked
        await newCaptcha();
        form.setFields([{ name: 'captchaAnswer', value: '', errors: [bare(message)] }]);
        form.focusField('captchaAnswer');
      } else if (field === 'photos') {
        setPhotoError(bare(message));
        photoInput.current?.focus();
      } else if (field) {
        form.setFields([{ name: field, errors: [bare(message)] }]);
        form.scrollToField(field, { block: 'center', focus: true });
      } else {
        window.scrollTo(0, 0);
      }
    } finally {
      setSending(false);
    }
  };

  const maxLen = (n: number) => ({ max: n, message: t(`不能超过 ${n} 个字`, `at most ${n} characters`) });

  return (
    <>
      <p style={{ color: '#555' }}>
        {t('来信将由 12345 热线受理并转交有关单位办理，办理结果可凭受理编号和查询码查询。紧急情况请直接拨打 110、119、120。', 'The 12345 hotline registers your letter and passes it to the unit in charge; track it with the case number and query code. In an emergency call 110, 119 or 120.')}
      </p>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<Values> form={form} name="mailbox" layout="vertical" initialValues={{ kind: 'complaint', anonymous: false, confidential: false }} onFinish={(v) => void send(v)} scrollToFirstError={{ block: 'center', focus: true }}>
        <Form.Item label={t('标题', 'Title')} name="title" rules={[{ required: true, whitespace: true, message: t('请填写标题', 'Enter a title') }, { min: 2, message: t('标题至少 2 个字', 'at least 2 characters') }, maxLen(200)]}>
          <Input maxLength={200} placeholder={t('一句话概括您的诉求', 'Your request in one line')} />
        </Form.Item>
        <Form.Item label={t('内容', 'Content')} name="content" rules={[{ required: true, whitespace: true, message: t('请填写内容', 'Enter the content') }, { min: 5, message: t('内容至少 5 个字', 'at least 5 characters') }, maxLen(10_000)]}>
          <Input.TextArea rows={6} maxLength={10_000} showCount placeholder={t('事情经过、地点、时间和您的诉求', 'What happened, where, when, and what you ask for')} />
        </Form.Item>
        <Form.Item label={t('诉求类型', 'Kind')} name="kind">
          <Select options={KINDS.map((k) => ({ value: k, label: kindLabel(k, lang) }))} />
        </Form.Item>
        <Form.Item label={t('地址', 'Address')} name="address" rules={[maxLen(500)]} extra={t('事发地点，便于承办单位现场核查', 'Where it happens, so the unit can check on site')}>
          <Input maxLength={500} autoComplete="street-address" />
        </Form.Item>
        <Form.Item label={t('匿名', 'Anonymous')} name="anonymous" valuePropName="checked" extra={t('匿名来信不保留您的姓名和电话，因此收不到短信回执和回访。', 'An anonymous letter keeps no name or phone, so you get no SMS receipt and no callback.')}>
          <Switch />
        </Form.Item>
        {!anonymous && (
          <>
            <Form.Item
              label={t('姓名', 'Name')}
              name="name"
              dependencies={['phone']}
              rules={[
                maxLen(50),
                ({ getFieldValue }) => ({
                  validator: (_, v?: string) => (v?.trim() || String(getFieldValue('phone') ?? '').trim() ? Promise.resolve() : Promise.reject(new Error(t('请填写姓名或手机号码，或选择匿名', 'Enter your name or phone, or write anonymously')))),
                }),
              ]}
            >
              <Input maxLength={50} autoComplete="name" />
            </Form.Item>
            <Form.Item
              label={t('手机号码', 'Mobile phone')}
              name="phone"
              extra={t('受理后将向该号码发送受理编号和查询码', 'We send the case number and query code to this number')}
              rules={[{ validator: (_, v?: string) => (!v?.trim() || isValidCitizenPhone(v) ? Promise.resolve() : Promise.reject(new Error(t('请填写正确的手机号码或固定电话', 'Enter a valid mobile or landline number')))) }]}
            >
              <Input maxLength={32} inputMode="tel" autoComplete="tel" />
            </Form.Item>
            <Form.Item
              label={t('身份证号（选填）', 'ID number (optional)')}
              name="idNumber"
              rules={[{ validator: (_, v?: string) => (!v?.trim() || isValidIdNumber(v, new Date()) ? Promise.resolve() : Promise.reject(new Error(t('身份证号码无效，请核对', 'Not a valid ID number')))) }]}
            >
              <Input maxLength={18} autoComplete="off" />
            </Form.Item>
          </>
        )}
        <Form.Item label={t('保密', 'Confidential')} name="confidential" valuePropName="checked" extra={t('保密来信不会公开选登，仅经办人员可见。', 'A confidential letter is never published; only the staff handling it see it.')}>
          <Switch />
        </Form.Item>
        <Form.Item label={t('照片', 'Photos')} htmlFor="mailbox_photos" validateStatus={photoError ? 'error' : undefined} help={photoError} extra={t(`选填，最多 ${MAX_PHOTOS} 张图片，每张不超过 5 MB`, `Optional: up to ${MAX_PHOTOS} images, 5 MB each at most`)}>
          <input
            ref={photoInput}
            id="mailbox_photos"
            type="file"
            accept={PHOTO_TYPES.join(',')}
            multiple
            disabled={photos.length >= MAX_PHOTOS}
            onChange={(e) => {
              addPhotos(Array.from(e.target.files ?? []));
              e.target.value = ''; // the same file can be chosen again after removing it
            }}
            style={{ maxWidth: '100%' }}
          />
        </Form.Item>
        {photos.length > 0 && (
          <ul aria-label={t('已选照片', 'Chosen photos')} style={{ listStyle: 'none', padding: 0, margin: '-8px 0 16px' }}>
            {photos.map((p, i) => (
              <li key={`${p.name}-${i}`} style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '4px 0' }}>
                <Thumb file={p} />
                <span style={{ flex: 1, overflowWrap: 'anywhere' }}>
                  {p.name} <span style={{ color: '#595959' }}>({p.size < 1024 * 1024 ? `${Math.max(1, Math.round(p.size / 1024))} KB` : `${(p.size / 1024 / 1024).toFixed(1)} MB`})</span>
                </span>
                <Button size="small" icon={<DeleteOutlined />} aria-label={t(`删除 ${p.name}`, `Remove ${p.name}`)} onClick={() => (setPhotos(photos.filter((_, j) => j !== i)), setPhotoError(undefined))} />
              </li>
            ))}
          </ul>
        )}
        <Form.Item label={t('验证码', 'CAPTCHA')} htmlFor="mailbox_captchaAnswer" required extra={t('请计算图中算式，填写结果', 'Work out the sum in the picture and enter the result')}>
          <Space wrap align="center">
            {captcha ? (
              <img src={svgSrc(captcha.svg)} alt={t('验证码图片：一道算术题', 'CAPTCHA image: an arithmetic sum')} width={150} height={50} style={{ border: '1px solid #ddd', borderRadius: 4, background: '#fff' }} />
            ) : (
              <span style={{ display: 'inline-block', width: 150, height: 50 }} />
            )}
            <Button type="link" icon={<ReloadOutlined />} onClick={() => void newCaptcha()}>
              {t('看不清，换一张', 'New picture')}
            </Button>
          </Space>
          {captchaError && <Alert type="warning" showIcon title={captchaError} style={{ marginTop: 8 }} />}
          <Form.Item name="captchaAnswer" noStyle rules={[{ required: true, whitespace: true, message: t('请填写验证码', 'Answer the CAPTCHA') }, maxLen(10)]}>
            <Input id="mailbox_captchaAnswer" maxLength={10} autoComplete="off" style={{ maxWidth: 200, marginTop: 8, display: 'block' }} />
          </Form.Item>
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={sending} disabled={!captcha}>
          {t('提交', 'Submit')}
        </Button>
      </Form>
    </>
  );
}

function Thumb({ file }: { file: File }) {
  const [url, setUrl] = useState<string>();
  const [broken, setBroken] = useState(false);
  useEffect(() => {
    const u = URL.createObjectURL(file);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [file]);
  if (!url || broken) return <span style={{ width: 48, height: 48, background: '#eee', borderRadius: 4 }} aria-hidden />;
  return <img src={url} alt="" width={48} height={48} onError={() => setBroken(true)} style={{ objectFit: 'cover', borderRadius: 4 }} />;
}

function Receipt({ receipt, onAgain }: { receipt: MailboxReceipt; onAgain: () => void }) {
  const { t } = useLang();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const big = { fontSize: 28, fontWeight: 700, letterSpacing: 1, fontFamily: 'ui-monospace, Menlo, Consolas, monospace' } as const;
  return (
    <div style={{ background: '#fff', border: '1px solid #e3e3e3', borderRadius: 8, padding: 16 }}>
      <Typography.Title level={2} ref={heading} tabIndex={-1} style={{ fontSize: 20, outline: 'none' }}>
        <CheckCircleFilled aria-hidden style={{ color: '#389e0d', marginRight: 8 }} />
        {t('来信已受理', 'Your letter has been received')}
      </Typography.Title>
      <p>{t('请记下受理编号和查询码，凭它们可以随时查询办理进度。', 'Keep the case number and query code: with them you can track your letter at any time.')}</p>
      <dl style={{ margin: '16px 0' }}>
        <dt>{t('受理编号', 'Case number')}</dt>
        <dd style={{ margin: '0 0 12px' }}>
          <Typography.Text copyable={{ text: receipt.caseNo }} style={big} data-testid="case-no">
            {receipt.caseNo}
          </Typography.Text>
        </dd>
        <dt>{t('查询码', 'Query code')}</dt>
        <dd style={{ margin: 0 }}>
          <Typography.Text copyable={{ text: receipt.queryCode }} style={big} data-testid="query-code">
            {receipt.queryCode}
          </Typography.Text>
        </dd>
      </dl>
      {receipt.receiptSms && <Alert type="info" showIcon title={t('受理编号和查询码已通过短信发送到您的手机。', 'We also sent the case number and query code to your phone by SMS.')} style={{ marginBottom: 16 }} />}
      <Section title={t('接下来', 'What next')}>
        <Space wrap>
          <Link to={`/track?no=${encodeURIComponent(receipt.caseNo)}&code=${encodeURIComponent(receipt.queryCode)}`}>{t('查询办理进度', 'Track this letter')}</Link>
          <Button onClick={onAgain}>{t('再写一封', 'Write another')}</Button>
        </Space>
      </Section>
    </div>
  );
}
