/**
 * The Vietnamese lunar calendar (âm lịch), for the holidays that follow it: Tết Nguyên đán
 * (1/1 lunar) and Giỗ Tổ Hùng Vương (10/3 lunar).
 *
 * Hồ Ngọc Đức's algorithm ("Thuật toán tính âm lịch", the one Vietnamese calendar software
 * uses): new moons and the sun's longitude from Jean Meeus's "Astronomical Algorithms",
 * evaluated in the time zone UTC+7. The zone matters: China computes at UTC+8, and in some years
 * (1985, 2007) a new moon close to midnight puts Tết on different days in the two countries.
 * Pinned by lunar.test.ts against the published Tết dates 2020–2030 and by a round-trip property.
 */
import { dayNumber, dayString } from './working-days';

const VIETNAM_ZONE_HOURS = 7;
/** Julian day number of 1970-01-01 (day number 0 of working-days.ts). */
const JD_OF_DAY_ZERO = 2_440_588;
const SYNODIC_MONTH = 29.530588853;
const JD_NEW_MOON_1900 = 2_415_021.076998695;

const int = Math.floor;
const rad = Math.PI / 180;

const toJd = (day: string) => dayNumber(day) + JD_OF_DAY_ZERO;
const fromJd = (jd: number) => dayString(jd - JD_OF_DAY_ZERO);

/** Julian date (fractional, UT) of the k-th new moon after 1900-01-01 (Meeus, ch. 49, simplified). */
function newMoon(k: number): number {
	const T = k / 1236.85;
	const T2 = T * T;
	const T3 = T2 * T;
	let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
	jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * rad);
	const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
	const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
	const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
	let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * rad) + 0.0021 * Math.sin(2 * rad * M);
	c1 = c1 - 0.4068 * Math.sin(Mpr * rad) + 0.0161 * Math.sin(rad * 2 * Mpr);
	c1 = c1 - 0.0004 * Math.sin(rad * 3 * Mpr);
	c1 = c1 + 0.0104 * Math.sin(rad * 2 * F) - 0.0051 * Math.sin(rad * (M + Mpr));
	c1 = c1 - 0.0074 * Math.sin(rad * (M - Mpr)) + 0.0004 * Math.sin(rad * (2 * F + M));
	c1 = c1 - 0.0004 * Math.sin(rad * (2 * F - M)) - 0.0006 * Math.sin(rad * (2 * F + Mpr));
	c1 = c1 + 0.001 * Math.sin(rad * (2 * F - Mpr)) + 0.0005 * Math.sin(rad * (2 * Mpr + M));
	const deltaT = T < -11 ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3 : -0.000278 + 0.000265 * T + 0.000262 * T2;
	return jd1 + c1 - deltaT;
}

/** The sun's apparent longitude (radians, 0–2π) at a Julian date (Meeus, ch. 25, low accuracy). */
function sunLongitude(jdn: number): number {
	const T = (jdn - 2451545.0) / 36525;
	const T2 = T * T;
	const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
	const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
	let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(rad * M);
	DL = DL + (0.019993 - 0.000101 * T) * Math.sin(rad * 2 * M) + 0.00029 * Math.sin(rad * 3 * M);
	let L = (L0 + DL) * rad;
	L = L - Math.PI * 2 * int(L / (Math.PI * 2));
	return L;
}

/** The day (Julian day number, local) of the k-th new moon. */
const newMoonDay = (k: number) => int(newMoon(k) + 0.5 + VIETNAM_ZONE_HOURS / 24);
/** Which of the 12 major solar terms (0–11) the sun is in at the start of a local day. */
const solarTerm = (jdn: number) => int((sunLongitude(jdn - 0.5 - VIETNAM_ZONE_HOURS / 24) / Math.PI) * 6);

/** The first day of lunar month 11 (the month holding the winter solstice) of a solar year. */
function lunarMonth11(year: number): number {
	const off = toJd(`${String(year).padStart(4, '0')}-12-31`) - 2415021;
	const k = int(off / SYNODIC_MONTH);
	const nm = newMoonDay(k);
	return solarTerm(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

/** Months after month 11 at which the leap month falls (a month with no major solar term). */
function leapMonthOffset(a11: number): number {
	const k = int((a11 - JD_NEW_MOON_1900) / SYNODIC_MONTH + 0.5);
	let i = 1;
	let arc = solarTerm(newMoonDay(k + i));
	let last: number;
	do {
		last = arc;
		i++;
		arc = solarTerm(newMoonDay(k + i));
	} while (arc !== last && i < 14);
	return i - 1;
}

export interface LunarDate {
	day: number;
	month: number;
	year: number;
	/** A leap month (tháng nhuận) repeats the number of the month before it. */
	leap: boolean;
}

/** The lunar date of a solar (Gregorian) YYYY-MM-DD date, years 1900–2199. */
export function solarToLunar(day: string): LunarDate {
	const jd = toJd(day);
	const year = Number(day.slice(0, 4));
	const k = int((jd - JD_NEW_MOON_1900) / SYNODIC_MONTH);
	let monthStart = newMoonDay(k + 1);
	if (monthStart > jd) monthStart = newMoonDay(k);
	let a11 = lunarMonth11(year);
	let b11 = a11;
	let lunarYear: number;
	if (a11 >= monthStart) {
		lunarYear = year;
		a11 = lunarMonth11(year - 1);
	} else {
		lunarYear = year + 1;
		b11 = lunarMonth11(year + 1);
	}
	const lunarDay = jd - monthStart + 1;
	const diff = int((monthStart - a11) / 29);
	let leap = false;
	let month = diff + 11;
	if (b11 - a11 > 365) {
		const leapDiff = leapMonthOffset(a11);
		if (diff >= leapDiff) {
			month = diff + 10;
			if (diff === leapDiff) leap = true;
		}
	}
	if (month > 12) month -= 12;
	if (month >= 11 && diff < 4) lunarYear -= 1;
	return { day: lunarDay, month, year: lunarYear, leap };
}

/** The solar YYYY-MM-DD date of a lunar date; a RangeError for a leap month that year lacks. */
export function lunarToSolar(d: LunarDate): string {
	const [a11, b11] = d.month < 11 ? [lunarMonth11(d.year - 1), lunarMonth11(d.year)] : [lunarMonth11(d.year), lunarMonth11(d.year + 1)];
	const k = int(0.5 + (a11 - JD_NEW_MOON_1900) / SYNODIC_MONTH);
	let off = d.month - 11;
	if (off < 0) off += 12;
	if (b11 - a11 > 365) {
		const leapOff = leapMonthOffset(a11);
		let leapMonth = leapOff - 2;
		if (leapMonth < 0) leapMonth += 12;
		if (d.leap && d.month !== leapMonth) throw new RangeError(`lunar year ${d.year} has no leap month ${d.month}`);
		if (d.leap || off >= leapOff) off += 1;
	} else if (d.leap) throw new RangeError(`lunar year ${d.year} has no leap month`);
	return fromJd(newMoonDay(k + off) + d.day - 1);
}

/** Mùng 1 Tết: the first day of the first lunar month of a year. */
export const lunarNewYear = (year: number) => lunarToSolar({ day: 1, month: 1, year, leap: false });

/** Giỗ Tổ Hùng Vương: the 10th day of the third lunar month. */
export const hungKingsDay = (year: number) => lunarToSolar({ day: 10, month: 3, year, leap: false });

const STEMS = ['Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ', 'Canh', 'Tân', 'Nhâm', 'Quý'];
const BRANCHES = ['Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi', 'Thân', 'Dậu', 'Tuất', 'Hợi'];

/** The year's name in the sexagenary cycle, as Tết is called: 2026 → "Bính Ngọ". */
export const lunarYearName = (year: number) => `${STEMS[(year + 6) % 10]} ${BRANCHES[(year + 8) % 12]}`;
