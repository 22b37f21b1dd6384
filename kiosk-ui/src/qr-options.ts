/** How the phone-link QR code is drawn; the e2e test renders the same to compare. */
export const qrOptions = { errorCorrectionLevel: 'M', margin: 2, width: 360, color: { dark: '#000000', light: '#ffffff' } } as const;
