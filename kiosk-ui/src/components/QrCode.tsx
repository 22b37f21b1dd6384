import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { qrOptions } from '../qr-options';

/** A QR code of `value` drawn locally (no network) as a PNG data URL; null until it is ready. */
export function useQrDataUrl(value: string): string | null {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(value, qrOptions)
      .then((url) => {
        if (live) setSrc(url);
      })
      .catch(() => {
        if (live) setSrc(null);
      });
    return () => {
      live = false;
    };
  }, [value]);
  return src;
}

/** The QR image with a text alternative, or an empty square of the same size while it is drawn. */
export function QrImage({ src, value, alt, className, onLoad }: { src: string | null; value: string; alt: string; className: string; onLoad?: () => void }) {
  if (!src) return <div className={`${className} qr-placeholder`} aria-hidden="true" />;
  return <img className={className} src={src} alt={alt} data-qr-value={value} onLoad={onLoad} />;
}
