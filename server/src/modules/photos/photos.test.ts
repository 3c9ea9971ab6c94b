import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { sniffImage } from './image.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let phones: Record<string, string>;
let resident: Session;
let residentB: Session;
let commissioner: Session;
let property: Session;
let nobody: Session;
let repairs: number;

async function signInAll() {
  const s = (k: string) => signIn(t.app, phones[k]!, PASSWORD);
  resident = await s('resident');
  residentB = await s('residentB');
  commissioner = await s('commissioner');
  property = await s('property');
  nobody = await s('nobody');
}

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const mk = async (name: string, roles: Parameters<typeof createPerson>[3]) => (await createPerson(t.deps, tree.districtId, name, roles)).phone;
  phones = {
    resident: await mk('居民张', [{ role: 'resident', place: p['A-h1']! }]),
    residentB: await mk('居民李', [{ role: 'resident', place: p['B-h1']! }]),
    commissioner: await mk('专员王', [{ role: 'commissioner', place: p.A! }]),
    property: await mk('物业刘', [{ role: 'property_staff', place: p.A! }]),
    nobody: await mk('志愿者周', [{ role: 'volunteer', place: p.A! }]),
  };
  await signInAll();
  repairs = (await as(t.app, resident).get('/api/request-categories')).json().find((c: { code: string }) => c.code === 'repairs').id;
});
afterAll(() => t.close());

/** A multipart/form-data body with one file in the field `file`. */
function upload(s: Session | null, file: Buffer, opts: { purpose?: string; filename?: string; type?: string; lang?: string } = {}) {
  const boundary = '----gongzhi-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${opts.filename ?? 'photo.jpg'}"\r\nContent-Type: ${opts.type ?? 'image/jpeg'}\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return t.app.inject({
    method: 'POST',
    url: `/api/request-photos${opts.purpose ? `?purpose=${opts.purpose}` : ''}`,
    payload,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}),
      ...(opts.lang ? { 'accept-language': opts.lang } : {}),
    },
  });
}

/** Whether an EXIF block (as sharp's metadata returns it, "Exif\0\0" + TIFF) points to a GPS IFD (tag 0x8825). */
function exifHasGps(exif: Buffer): boolean {
  const tiff = exif.subarray(6);
  const le = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd0 = u32(4);
  const entries = u16(ifd0);
  for (let i = 0; i < entries; i++) if (u16(ifd0 + 2 + i * 12) === 0x8825) return true;
  return false;
}

/** The JPEG's segment markers before the image data: APP1 (0xE1) carries EXIF and XMP, APP2 (0xE2) an ICC profile. */
function jpegMarkers(b: Buffer): number[] {
  const markers: number[] = [];
  let o = 2;
  while (o + 4 <= b.length && b[o] === 0xff) {
    const marker = b[o + 1]!;
    markers.push(marker);
    if (marker === 0xda) break; // start of scan: image data follows
    o += 2 + b.readUInt16BE(o + 2);
  }
  return markers;
}

/** A 3000×1000 phone photo taken sideways (EXIF orientation 6), with the camera's make and a GPS position. */
async function phonePhotoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#c33' } })
    .withExif({
      IFD0: { Make: 'GongzhiTestPhone' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 16/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '120/1 10/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
}

describe('request photos', () => {
  it('re-encodes an upload: upright, at most 2048 px, JPEG, and no EXIF — the GPS position is gone', async () => {
    const original = await phonePhotoWithGps();
    const before = await sharp(original).metadata();
    expect(before).toMatchObject({ width: 3000, height: 1000, orientation: 6 });
    expect(exifHasGps(before.exif!)).toBe(true);
    expect(original.includes('GongzhiTestPhone')).toBe(true);

    const res = await upload(resident, original);
    expect(res.statusCode, res.body).toBe(201);
    const photo = res.json();
    expect(photo.id).toMatch(/^[\w-]{22,}$/);
    // Turned upright (1000×3000), then fitted inside 2048 px.
    expect(photo).toMatchObject({ purpose: 'report', url: `/api/request-photos/${photo.id}`, width: 683, height: 2048 });

    const stored = (await t.deps.db.selectFrom('request_photos').selectAll().where('id', '=', photo.id).executeTakeFirstOrThrow());
    expect(stored).toMatchObject({ request_id: null, uploaded_by: resident.personId, mime: 'image/jpeg', width: 683, height: 2048 });
    const bytes = Buffer.from(stored.content);
    expect(stored.bytes).toBe(bytes.length);
    expect(sniffImage(bytes)).toBe('jpeg');
    const after = await sharp(bytes).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: 683, height: 2048 });
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    const markers = jpegMarkers(bytes);
    expect(markers.at(-1)).toBe(0xda);
    expect(markers).not.toContain(0xe1);
    expect(markers).not.toContain(0xe2);
    expect(bytes.includes('GongzhiTestPhone')).toBe(false);
    expect(bytes.includes('Exif')).toBe(false);

    // The uploader reads it back with the headers a browser must get.
    const got = await as(t.app, resident).get(photo.url);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['cache-control']).toBe('private, max-age=3600');
    expect(Buffer.compare(got.rawPayload, bytes)).toBe(0);
  });

  it('accepts PNG and WebP and returns JPEG', async () => {
    for (const make of [(s: ReturnType<typeof sharp>) => s.png(), (s: ReturnType<typeof sharp>) => s.webp()]) {
      const file = await make(sharp({ create: { width: 400, height: 300, channels: 4, background: { r: 0, g: 120, b: 200, alpha: 0.5 } } })).toBuffer();
      const res = await upload(resident, file, { filename: 'x.png', type: 'image/png' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ width: 400, height: 300 });
      expect(sniffImage((await as(t.app, resident).get(res.json().url)).rawPayload)).toBe('jpeg');
    }
  });

  it('refuses what is not an image (415), whatever its name says, and files over 10 MB (413)', async () => {
    const text = await upload(resident, Buffer.from('这不是图片 just text'), { filename: 'photo.jpg', lang: 'en-US' });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ code: 'UNSUPPORTED_FILE', message: expect.stringContaining('JPEG') });
    const pdf = await upload(resident, Buffer.from('%PDF-1.7\n%...'), { filename: 'scan.pdf', type: 'application/pdf' });
    expect(pdf.json().code).toBe('UNSUPPORTED_FILE');
    // JPEG magic bytes in front of garbage: the decoder fails, and the answer is the same.
    const fake = await upload(resident, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]));
    expect(fake.statusCode).toBe(415);
    expect(fake.json().code).toBe('UNSUPPORTED_FILE');
    // Not multipart at all.
    const json = await as(t.app, resident).post('/api/request-photos', { file: 'x' });
    expect(json.statusCode).toBe(415);

    const big = Buffer.concat([await phonePhotoWithGps(), Buffer.alloc(10 * 1024 * 1024, 1)]);
    const tooLarge = await upload(resident, big);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringContaining('10 MB') });
    expect(Number((await t.deps.db.selectFrom('request_photos').select((eb) => eb.fn.countAll().as('n')).where('uploaded_by', '=', resident.personId).executeTakeFirstOrThrow()).n)).toBe(3);
  });

  it('lets only those who may raise or resolve requests upload', async () => {
    const file = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).jpeg().toBuffer();
    expect((await upload(null, file)).statusCode).toBe(401);
    expect((await upload(nobody, file)).json().code).toBe('FORBIDDEN');
    expect((await upload(resident, file, { purpose: 'resolution' })).json().code).toBe('FORBIDDEN');
    expect((await upload(property, file, { purpose: 'resolution' })).statusCode).toBe(201);
    expect((await upload(commissioner, file)).statusCode).toBe(201); // raising for a resident
  });

  it('shows an attached photo to whoever can see the request, and nobody else', async () => {
    const file = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#888' } }).jpeg().toBuffer();
    const photo = (await upload(resident, file)).json();
    // Before it is attached only the uploader sees it.
    expect((await as(t.app, commissioner).get(photo.url)).statusCode).toBe(404);

    const raised = await as(t.app, resident).post('/api/me/requests', { compoundId: tree.places.A!.id, categoryId: repairs, type: 'help', description: '楼道灯坏了', photoIds: [photo.id] });
    expect(raised.statusCode, raised.body).toBe(201);
    expect(raised.json().photos).toEqual([{ id: photo.id, purpose: 'report', url: photo.url }]);

    expect((await as(t.app, commissioner).get(photo.url)).statusCode).toBe(200);
    expect((await as(t.app, resident).get(photo.url)).statusCode).toBe(200);
    // The property company sees the request only once it is routed to them; another compound's resident never.
    expect((await as(t.app, property).get(photo.url)).statusCode).toBe(404);
    expect((await as(t.app, residentB).get(photo.url)).statusCode).toBe(404);
    expect((await t.app.inject({ url: photo.url })).statusCode).toBe(401);
    expect((await as(t.app, commissioner).get('/api/request-photos/AAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);

    // Routed to the property company: now they see it.
    expect((await as(t.app, commissioner).post(`/api/requests/${raised.json().id}/assign`, {})).statusCode).toBe(200);
    expect((await as(t.app, property).get(photo.url)).statusCode).toBe(200);
  });

  it('deletes photos never attached after a day, on the next upload in the district', async () => {
    const file = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#0f0' } }).jpeg().toBuffer();
    const stale = (await upload(resident, file)).json();
    const attachedBefore = await t.deps.db.selectFrom('request_photos').select('id').where('request_id', 'is not', null).execute();
    t.clock.advance(25 * 60 * 60 * 1000);
    await signInAll();
    const fresh = (await upload(residentB, file)).json();
    const left = (await t.deps.db.selectFrom('request_photos').select(['id', 'request_id']).execute());
    const ids = left.map((r) => r.id);
    expect(ids).not.toContain(stale.id);
    expect(ids).toContain(fresh.id);
    // Attached photos stay, however old; every unattached one older than a day went.
    expect(left.filter((r) => r.request_id !== null).map((r) => r.id).sort()).toEqual(attachedBefore.map((r) => r.id).sort());
    expect(left.filter((r) => r.request_id === null).map((r) => r.id)).toEqual([fresh.id]);
  });
});
