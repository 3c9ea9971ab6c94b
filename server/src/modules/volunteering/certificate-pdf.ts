import fs from 'node:fs';
import PDFDocument from 'pdfkit';

/** Debian fonts-noto-cjk (ecosystem.md §3–4): the .ttc collection and the Simplified Chinese face inside it. */
export const CJK_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const CJK_FONT_FACE = 'NotoSansCJKsc-Regular';

export type CertificateContent = {
  code: string;
  name: string;
  totalHours: string;
  activityCount: number;
  content: string;
  recordingOrg: string;
  issuedOn: string;
  verifyUrl: string;
  rows: { date: string; title: string; hours: string }[];
};

/**
 * 志愿服务证明 (办法 arts. 14–15): free, stating hours, content and the recording body, with a code anyone can
 * verify. Drawn with pdfkit and the Noto CJK font, which is subset-embedded, so the text extracts as Chinese.
 */
export function renderCertificate(c: CertificateContent): Promise<Buffer> {
  if (!fs.existsSync(CJK_FONT_FILE)) {
    return Promise.reject(new Error(`Chinese font missing: install the Debian package fonts-noto-cjk (${CJK_FONT_FILE})`));
  }
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `志愿服务证明 ${c.code}`, Producer: 'Gongzhi' } });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', CJK_FONT_FILE, CJK_FONT_FACE);
  doc.font('cjk');
  doc.fontSize(24).text('志愿服务证明', { align: 'center' });
  doc.moveDown(1.5);
  doc.fontSize(13).text(`兹证明 ${c.name} 同志参加志愿服务活动 ${c.activityCount} 次，累计服务时长 ${c.totalHours} 小时。`, { lineGap: 6 });
  doc.moveDown(0.5);
  doc.text(`服务内容：${c.content}`, { lineGap: 6 });
  doc.moveDown(0.5);
  doc.text(`记录单位：${c.recordingOrg}`);
  doc.moveDown(1);
  doc.fontSize(11).text('服务明细', { underline: true });
  doc.moveDown(0.3);
  for (const r of c.rows.slice(0, 30)) doc.text(`${r.date}    ${r.title}    ${r.hours} 小时`);
  if (c.rows.length > 30) doc.text(`……另 ${c.rows.length - 30} 条`);
  doc.moveDown(1.5);
  doc.fontSize(11).text(`证明编号（验证码）：${c.code}`);
  doc.text(`查验地址：${c.verifyUrl}`);
  doc.text(`出具日期：${c.issuedOn}`);
  doc.moveDown(1);
  doc.fontSize(9).fillColor('#666').text('本证明免费出具，依据《志愿服务记录与证明出具办法（试行）》；服务记录不得用于商业用途。');
  doc.end();
  return done;
}
