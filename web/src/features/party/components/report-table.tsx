import { Table } from 'antd';
import { useI18n } from '../../../lib/i18n';
import { hours, yuan, type Report, type ReportRow } from '../api/party-api';

/** Counts per unit (a community) or per community (a street or the district), with the total underneath. */
export function ReportTable({ report }: { report: Report }) {
  const { t } = useI18n();
  const name = (r: ReportRow) => (r.kind === 'unaffiliated' ? t('party.unaffiliated') : r.name);
  return (
    <Table<ReportRow>
      size="small"
      rowKey={(r) => `${r.kind}-${r.id ?? 0}`}
      dataSource={report.rows}
      pagination={false}
      locale={{ emptyText: t('party.noReport') }}
      columns={[
        { title: report.rows[0]?.kind === 'community' ? t('party.community') : t('party.unitName'), key: 'name', render: (_, r) => name(r) },
        ...(report.rows[0]?.kind === 'community' ? [{ title: t('party.units'), dataIndex: 'units', align: 'right' as const }] : []),
        { title: t('party.registeredMembers'), dataIndex: 'members', align: 'right' },
        { title: t('party.pending'), dataIndex: 'pending', align: 'right' },
        { title: t('party.wishesClaimed'), dataIndex: 'wishesClaimed', align: 'right' },
        { title: t('party.wishesFulfilled'), dataIndex: 'wishesFulfilled', align: 'right' },
        { title: t('party.wishesValue'), dataIndex: 'wishesFulfilledValueFen', align: 'right', render: (v: number) => yuan(v) },
        { title: t('party.tasksDone'), dataIndex: 'tasksDone', align: 'right' },
        { title: t('party.serviceHours'), dataIndex: 'serviceMinutes', align: 'right', render: (v: number) => hours(v) },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}><strong>{t('party.total')}</strong></Table.Summary.Cell>
          {report.rows[0]?.kind === 'community' && <Table.Summary.Cell index={1} align="right">{report.total.units}</Table.Summary.Cell>}
          {[report.total.members, report.total.pending, report.total.wishesClaimed, report.total.wishesFulfilled, yuan(report.total.wishesFulfilledValueFen), report.total.tasksDone, hours(report.total.serviceMinutes)].map((v, i) => (
            <Table.Summary.Cell key={i} index={i + 2} align="right">{v}</Table.Summary.Cell>
          ))}
        </Table.Summary.Row>
      )}
    />
  );
}
