export { photosRoutes } from './photos.routes.ts';
/**
 * The upload pipeline for other modules' photos (wishes): read the multipart `file` (≤ 10 MB, else FILE_TOO_LARGE),
 * then re-encode it (upright, ≤ 2048 px, JPEG, no metadata, no GPS).
 */
export { uploadedFile } from './photos.routes.ts';
export { reencodePhoto } from './image.ts';
