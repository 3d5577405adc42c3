import QRCode from 'qrcode';

/** A QR code as inline SVG (no image request, nothing from another host). */
export function qrSvg(text: string): Promise<string> {
	return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
