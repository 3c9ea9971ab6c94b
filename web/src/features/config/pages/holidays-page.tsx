import { App, Button, Flex, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { PageShell } from '../../../components/page-shell';
import { QueryState } from '../../../components/states';
import { useHolidays } from '../api/list-holidays';
import { useDeleteHoliday } from '../api/delete-holiday';
import type { Holiday } from '../api/types';
import { AddHolidayModal } from '../components/add-holiday-modal';

/** 节假日表: the holidays and make-up workdays that working-time deadlines follow, one year at a time. */
export function HolidaysPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const [adding, setAdding] = useState(false);
  const holidays = useHolidays(year);
  const remove = useDeleteHoliday();
  const years = Array.from({ length: 5 }, (_, i) => thisYear - 2 + i);

  const del = (h: Holiday) =>
    remove.mutate(h.day, {
      onSuccess: () => void message.success(t('config.holidays.deleted', { day: h.day })),
      onError: (err) => void message.error(errorText(err, t)),
    });

  return (
    <PageShell
      title={t('config.holidays.title')}
      extra={
        <Flex gap={8} align="center">
          <Typography.Text id="holiday-year">{t('config.holidays.year')}</Typography.Text>
          <Select aria-labelledby="holiday-year" value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: String(y) }))} style={{ width: 100 }} />
          <Button type="primary" onClick={() => setAdding(true)}>
            {t('config.holidays.add')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('config.holidays.intro')}</Typography.Paragraph>
      <QueryState query={holidays} isEmpty={(d) => d.length === 0} emptyText={t('config.holidays.empty')}>
        {(rows) => (
          <>
            <Typography.Paragraph>
              {t('config.holidays.count', {
                year,
                holidays: rows.filter((r) => r.kind === 'holiday').length,
                workdays: rows.filter((r) => r.kind === 'workday').length,
              })}
            </Typography.Paragraph>
            <Table<Holiday>
              rowKey="day"
              dataSource={rows}
              size="small"
              pagination={false} // one year is a few dozen rows at most: no page hides the day just added
              columns={[
                { title: t('config.holidays.day'), dataIndex: 'day' },
                { title: t('config.holidays.weekday'), key: 'weekday', render: (_, h) => dayjs(h.day).format('dddd') },
                {
                  title: t('config.holidays.kind'),
                  dataIndex: 'kind',
                  render: (k: Holiday['kind']) => <Tag color={k === 'holiday' ? 'error' : 'processing'}>{t(`config.holidays.kind.${k}`)}</Tag>,
                },
                { title: t('config.holidays.name'), dataIndex: 'name' },
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_, h) => (
                    <Popconfirm
                      title={t('config.holidays.deleteConfirm', { day: h.day, name: h.name })}
                      description={t('config.holidays.deleteHelp')}
                      okText={t('common.delete')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => del(h)}
                    >
                      <Button size="small" danger aria-label={`${t('common.delete')} ${h.day}`}>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]}
            />
          </>
        )}
      </QueryState>
      {adding && <AddHolidayModal open defaultYear={year} onClose={() => setAdding(false)} />}
    </PageShell>
  );
}
