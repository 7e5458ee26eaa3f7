/** Photos and PDFs for a reply, each uploaded on its own (`POST /api/attachments`) before the reply names them. */
import { Button, Upload, message, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api } from './api';
import { useT } from './i18n';
import { errorText } from './ui';

const MAX_BYTES = 5 * 1024 * 1024;

export function PhotoUpload({ files, onChange }: { files: UploadFile<{ id: string }>[]; onChange: (files: UploadFile<{ id: string }>[]) => void }) {
  const t = useT();
  return (
    <Upload<{ id: string }>
      accept="image/*,application/pdf"
      multiple
      listType="picture"
      fileList={files}
      onChange={({ fileList }) => onChange(fileList)}
      beforeUpload={(file) => {
        const okType = file.type.startsWith('image/') || file.type === 'application/pdf';
        if (!okType) message.error(t(`${file.name}：只能上传图片或 PDF`, `${file.name}: images or PDF only`));
        else if (file.size > MAX_BYTES) message.error(t(`${file.name}：超过 5 MB`, `${file.name}: larger than 5 MB`));
        return okType && file.size <= MAX_BYTES ? true : Upload.LIST_IGNORE;
      }}
      customRequest={({ file, onSuccess, onError }) => {
        const body = new FormData();
        body.append('file', file as Blob);
        api<{ id: string }>('POST', '/api/attachments', body)
          .then((r) => onSuccess?.(r))
          .catch((e: Error) => {
            message.error(errorText(e));
            onError?.(e);
          });
      }}
    >
      <Button icon={<UploadOutlined />}>{t('上传照片或文件', 'Upload photos or files')}</Button>
    </Upload>
  );
}
