/** 批量导入: upload a spreadsheet of cases, watch its progress, read every bad row. */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Progress, Space, Table, Typography } from 'antd';
import { api, get } from '../shared/api';
import { useLang } from '../shared/i18n';
import { fmtTime } from '../shared/format';
import { AdminPage, FileButton, Section } from './ui';

interface ImportJob {
  id: string;
  filename: string;
  status: 'parsing' | 'importing' | 'done' | 'failed';
  total: number;
  processed: number;
  created: number;
  duplicates: number;
  progress: number;
  errors: { row: number; field: string; message: string; messageEn?: string }[];
  failure: string | null;
  createdAt: string;
  finishedAt: string | null;
}

const finished = (j: ImportJob) => j.status === 'done' || j.status === 'failed';

export function ImportsPage() {
  const { lang, t } = useLang();
  const [file, setFile] = useState<File>();
  const [job, setJob] = useState<ImportJob>();
  const [error, setError] = useState<string>();
  const [uploading, setUploading] = useState(false);

  // poll every second until the job is done or failed
  useEffect(() => {
    if (!job || finished(job)) return;
    const timer = setTimeout(() => {
      get<ImportJob>(`/api/imports/${job.id}`)
        .then(setJob)
        .catch((e: Error) => setError(e.message));
    }, 1000);
    return () => clearTimeout(timer);
  }, [job]);

  const start = async () => {
    if (!file) return;
    const fd = new FormData();
    fd.append('file', file);
    setUploading(true);
    setError(undefined);
    setJob(undefined);
    try {
      setJob(await api<ImportJob>('POST', '/api/imports', fd));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setUploading(false);
    }
  };

  const statusText = job && { parsing: t('正在读取文件', 'Reading the file'), importing: t('正在导入', 'Importing'), done: t('已完成', 'Done'), failed: t('失败', 'Failed') }[job.status];
  return (
    <AdminPage
      zh="批量导入"
      en="Batch import"
      intro={t(
        '从其他渠道（网上留言、媒体、走基层、联络员、领导接听、应急）收集的诉求可用 Excel（.xlsx 第一个工作表）或 UTF-8 CSV 批量登记，最多 20 MB、5 万行。第 1 行为表头；必填列：渠道、外部编号、诉求类型、标题、内容。电话、短信、信箱渠道有各自的受理入口，不能批量导入。同一渠道和外部编号的行不会重复登记。',
        'Cases collected elsewhere (online, media, grassroots, liaison, leader line, emergency) can be registered from Excel (.xlsx, first sheet) or UTF-8 CSV, up to 20 MB and 50,000 rows. Row 1 is the header; required columns: channel, external id, kind, title, content. Phone, SMS and mailbox have their own intake and are refused. A row whose channel and external id already exist is not registered twice.',
      )}
    >
      <Space wrap>
        <FileButton label={t('选择文件', 'Choose a file')} accept=".xlsx,.csv" onFile={setFile} />
        <Typography.Text>{file ? file.name : t('未选择文件', 'No file chosen')}</Typography.Text>
        <Button type="primary" disabled={!file || (job && !finished(job))} loading={uploading} onClick={start}>
          {t('开始导入', 'Start import')}
        </Button>
      </Space>
      {error && <Alert type="error" title={error} showIcon />}
      {job && (
        <Card size="small" title={<Section>{t(`导入：${job.filename}`, `Import: ${job.filename}`)}</Section>}>
          <Progress
            percent={Math.round(job.progress * 100)}
            status={job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'}
            format={() => `${job.processed}/${job.total}`}
            aria-label={t('导入进度', 'Import progress')}
          />
          <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('状态', 'Status')}>
              <span aria-live="polite">{statusText}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('已处理', 'Processed')}>
              {job.processed}/{job.total}
            </Descriptions.Item>
            <Descriptions.Item label={t('新登记', 'Registered')}>{job.created}</Descriptions.Item>
            <Descriptions.Item label={t('重复（已存在）', 'Duplicates')}>{job.duplicates}</Descriptions.Item>
            <Descriptions.Item label={t('有误的行', 'Bad rows')}>{new Set(job.errors.map((e) => e.row)).size}</Descriptions.Item>
            <Descriptions.Item label={t('开始时间', 'Started')}>{fmtTime(job.createdAt)}</Descriptions.Item>
          </Descriptions>
          {job.failure && <Alert type="error" showIcon title={t('导入失败', 'The import failed')} description={job.failure} />}
        </Card>
      )}
      {job && job.errors.length > 0 && (
        <>
          <Section>{t('有误的行（其余行已正常登记）', 'Rows with errors (the other rows were registered)')}</Section>
          <Table
            rowKey={(e) => `${e.row}:${e.field}:${e.message}`}
            size="small"
            dataSource={job.errors}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            columns={[
              { title: t('行号', 'Row'), dataIndex: 'row', width: 80 },
              { title: t('列', 'Column'), dataIndex: 'field', width: 140 },
              { title: t('问题', 'Problem'), key: 'message', render: (_: unknown, e: ImportJob['errors'][number]) => (lang === 'en' ? (e.messageEn ?? e.message) : e.message) },
            ]}
          />
        </>
      )}
    </AdminPage>
  );
}
