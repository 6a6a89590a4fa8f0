import QRCode from 'qrcode';

/**
 * DAVx5 registers the schemes `caldav(s)://` and `carddav(s)://` (and `davx5://`) for its login
 * screen: `caldavs://max.muster@host/dav/` opens it with the base URL `https://host/dav/` and the
 * user name filled in. The password is never put into the link.
 */
export function davx5Link(origin: string, davRoot: string, login: string): string {
  const url = new URL(origin);
  const scheme = url.protocol === 'https:' ? 'caldavs' : 'caldav';
  return `${scheme}://${encodeURIComponent(login)}@${url.host}${davRoot}`;
}

/** The link as a QR code, a PNG data URL to put inline (no external resources). */
export function qrDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, scale: 6 });
}
