import { ImageUploader, type ImageUploadItem } from 'antd-mobile';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { ApiError } from '../../../lib/api/client';
import { errorText } from '../../../lib/api/error-text';
import { uploadPhoto } from '../api/upload-photo';

/** Photos for the H5 form: each one uploads when picked; until the upload endpoint exists, a 404 says so plainly. */
export function H5PhotoPicker({ onChange }: { onChange: (ids: string[]) => void }) {
  const { t } = useI18n();
  const [items, setItems] = useState<ImageUploadItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  // antd-mobile's thumbnails render <img> without alt (axe: image-alt, critical); name each one "照片 n".
  const ref = useRef<HTMLDivElement>(null);
  const label = t('req.photos');
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const name = () =>
      el.querySelectorAll('img').forEach((img, i) => {
        const alt = `${label} ${i + 1}`;
        if (img.alt !== alt) img.alt = alt;
      });
    name();
    const observer = new MutationObserver(name); // childList only, so setting alt does not re-trigger it
    observer.observe(el, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [label]);
  return (
    <div ref={ref}>
      <ImageUploader
        value={items}
        maxCount={9}
        accept="image/*"
        onChange={(next) => {
          setItems(next);
          onChange(next.map((i) => i.key as string));
        }}
        upload={async (file) => {
          setError(null);
          try {
            const { id } = await uploadPhoto(file);
            return { key: id, url: URL.createObjectURL(file) };
          } catch (err) {
            const msg = err instanceof ApiError && err.status === 404 ? t('req.photoUnavailable') : t('req.photoFailed', { message: errorText(err, t) });
            setError(msg);
            throw err;
          }
        }}
      />
      {error && (
        <p role="alert" className="gz-h5-field-error">
          {error}
        </p>
      )}
    </div>
  );
}
