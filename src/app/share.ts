/**
 * Sending a file on from the phone: through the share sheet (Web Share API with files — WeChat, messages, mail…)
 * where the browser can, else saved as a download. Either way the file is made on the device; nothing is uploaded
 * by the app.
 */

export type ShareOutcome = 'shared' | 'downloaded' | 'cancelled';

/** Can this browser hand files to the share sheet? */
export function canShareFiles(): boolean {
  try {
    const probe = new File(['x'], 'x.txt', { type: 'text/plain' });
    return typeof navigator.share === 'function' && typeof navigator.canShare === 'function' && navigator.canShare({ files: [probe] });
  } catch {
    return false;
  }
}

/** Save a file through a Blob and a temporary `<a download>`. */
export function downloadFile(file: Blob, name: string): void {
  const url = URL.createObjectURL(file);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/**
 * Share `text` as the file `name` (the share sheet must be opened from a tap: call this from the click itself), or
 * download it where files cannot be shared. Closing the share sheet is "cancelled", not an error.
 */
export async function shareOrDownload(text: string, name: string, type: string, title: string): Promise<ShareOutcome> {
  const file = new File([text], name, { type });
  if (canShareFiles() && navigator.canShare({ files: [file] })) {
    try {
      await navigator.share({ files: [file], title });
      return 'shared';
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return 'cancelled';
      // NotAllowedError (no tap any more) and the like: fall back to the download.
    }
  }
  downloadFile(file, name);
  return 'downloaded';
}
