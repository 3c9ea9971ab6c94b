import { ImageUploader, type ImageUploadItem } from 'antd-mobile';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { uploadWishPhoto } from '../api/wishes-api';

/** Photos of a wish or of its fulfilment: each uploads when picked (re-encoded on the server, metadata stripped). */
export function WishPhotoPicker({ purpose, label, max = 3, onChange }: { purpose: 'wish' | 'proof'; label: string; max?: number; onChange: (ids: string[]) => void }) {
  const { t } = useI18n();
  const [items, setItems] = useState<ImageUploadItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  // antd-mobile's thumbnails render <img> without alt: name each one.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const name = () => el.querySelectorAll('img').forEach((img, i) => { if (img.alt !== `${label} ${i + 1}`) img.alt = `${label} ${i + 1}`; });
    name();
    const observer = new MutationObserver(name);
    observer.observe(el, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [label]);
  return (
    <div ref={ref} data-testid={`wish-photos-${purpose}`}>
      <ImageUploader
        value={items}
        maxCount={max}
        accept="image/*"
        onChange={(next) => {
          setItems(next);
          onChange(next.map((i) => i.key as string));
        }}
        upload={async (file) => {
          setError(null);
          try {
            const { id } = await uploadWishPhoto(file, purpose);
            return { key: id, url: URL.createObjectURL(file) };
          } catch (err) {
            setError(t('req.photoFailed', { message: errorText(err, t) }));
            throw err;
          }
        }}
      />
      {error && <p role="alert" className="gz-h5-field-error">{error}</p>}
    </div>
  );
}
