import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { qrOptions } from '../qr-options';

/** A QR code drawn locally (no network) as an image, with a text alternative. */
export function QrCode({ value, alt, className, onReady }: { value: string; alt: string; className?: string; onReady?: () => void }) {
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
  if (!src) return <div className={`qr-placeholder ${className ?? ''}`} aria-hidden="true" />;
  return <img className={className} src={src} alt={alt} data-qr-value={value} onLoad={onReady} />;
}
