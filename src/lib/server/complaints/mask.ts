/**
 * A phone number as shown to everyone but the assigned inspector and administrators: the
 * first two and last three digits, e.g. 0912345678 → "09xx xxx 678". Pure; never logs.
 */
export function maskPhone(phone: string | null | undefined): string | null {
	if (!phone) return null;
	const digits = phone.replace(/\D/g, '');
	if (digits.length < 6) return 'xxx';
	return `${digits.slice(0, 2)}xx xxx ${digits.slice(-3)}`;
}
