import { QrImage, useQrDataUrl } from '../components/QrCode';

/**
 * The QR code of the ticket's own link, for the kiosk's scanner (a remote ticket checking in). Loaded
 * only when needed, so the phone page of an ordinary ticket stays without the QR library.
 */
export default function PhoneQr({ value, alt }: { value: string; alt: string }) {
  const src = useQrDataUrl(value);
  return <QrImage src={src} value={value} alt={alt} className="phone-qr" />;
}
