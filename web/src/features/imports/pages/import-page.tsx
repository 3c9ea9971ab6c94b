import { Alert, Button, Card, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { ApiError } from '../../../lib/api/client';
import { errorText } from '../../../lib/api/error-text';
import { PageShell } from '../../../components/page-shell';
import { IMPORT_LEVELS, placesTemplateUrl, useImportPlaces, type ImportRejection, type ImportResult } from '../api/import-places';

export function ImportPage() {
  const { t } = useI18n();
  const upload = useImportPlaces();
  const [wrongType, setWrongType] = useState(false);
  const err = upload.error;
  const rejection = err instanceof ApiError && err.code === 'IMPORT_REJECTED' ? (err.body as unknown as ImportRejection) : null;

  return (
    <PageShell title={t('import.title')}>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('import.step1')}>
          <Button href={placesTemplateUrl} download>
            {t('import.downloadTemplate')}
          </Button>
        </Card>
        <Card title={t('import.step2')}>
          <Upload
            accept=".xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              const ok = file.name.toLowerCase().endsWith('.xlsx');
              setWrongType(!ok);
              if (ok) upload.mutate(file);
              return false; // we send it ourselves, with the CSRF header
            }}
          >
            <Button type="primary" loading={upload.isPending}>
              {upload.isPending ? t('import.uploading') : t('import.chooseFile')}
            </Button>
          </Upload>
          <div style={{ marginTop: 16 }} aria-live="polite">
            {wrongType && <Alert type="warning" showIcon title={t('import.onlyXlsx')} />}
            {upload.isSuccess && <ImportSummary result={upload.data} />}
            {upload.isError && !rejection && <Alert type="error" showIcon title={errorText(err, t)} />}
            {rejection && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Alert type="error" showIcon title={t('import.rejected')} description={err?.message} />
                {rejection.errorFileUrl && (
                  <Typography.Link href={rejection.errorFileUrl} download>
                    {t('import.errorFile')}
                  </Typography.Link>
                )}
                <Table
                  rowKey={(r) => `${r.row}-${r.message}`}
                  size="small"
                  dataSource={rejection.errors}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  columns={[
                    { title: t('import.row'), dataIndex: 'row', width: 100 },
                    { title: t('import.reason'), dataIndex: 'message' },
                  ]}
                />
              </Space>
            )}
          </div>
        </Card>
      </Space>
    </PageShell>
  );
}

function ImportSummary({ result }: { result: ImportResult }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="success" showIcon title={t(result.dryRun ? 'import.dryRun' : 'import.done', { rows: result.rows })} />
      <Table
        rowKey="level"
        size="small"
        pagination={false}
        dataSource={IMPORT_LEVELS.map((level) => ({
          level,
          created: result.created[level],
          updated: result.updated[level],
          unchanged: result.unchanged[level],
        }))}
        columns={[
          { title: t('import.level'), dataIndex: 'level', render: (l: (typeof IMPORT_LEVELS)[number]) => t(`import.level.${l}`) },
          { title: t('import.created'), dataIndex: 'created', align: 'right' },
          { title: t('import.updated'), dataIndex: 'updated', align: 'right' },
          { title: t('import.unchanged'), dataIndex: 'unchanged', align: 'right' },
        ]}
      />
    </Space>
  );
}
