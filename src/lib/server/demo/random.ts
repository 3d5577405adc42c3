/**
 * A small seeded PRNG (sfc32, seeded through splitmix32). Written out here rather than taken
 * from pure-rand, which is only a transitive dependency of fast-check and changes its API
 * between majors: the demo data must stay byte-identical for a seed.
 */
export class Random {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(seed: number) {
		let s = seed >>> 0;
		const next = () => {
			s = (s + 0x9e3779b9) >>> 0;
			let z = s;
			z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
			z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
			return (z ^ (z >>> 16)) >>> 0;
		};
		this.a = next();
		this.b = next();
		this.c = next();
		this.d = next();
		for (let i = 0; i < 12; i++) this.uint32();
	}

	/** An independent stream for one concern, so changing one part leaves the others' draws alone. */
	fork(label: string): Random {
		let h = this.uint32();
		for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
		return new Random(h);
	}

	uint32(): number {
		const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
		this.d = (this.d + 1) >>> 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) >>> 0;
		this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
		this.c = (this.c + t) >>> 0;
		return t;
	}

	/** Uniform in [0, 1). */
	next(): number {
		return this.uint32() / 4_294_967_296;
	}

	/** Uniform integer in [lo, hi] inclusive. */
	int(lo: number, hi: number): number {
		return lo + Math.floor(this.next() * (hi - lo + 1));
	}

	/** Uniform real in [lo, hi). */
	real(lo: number, hi: number): number {
		return lo + this.next() * (hi - lo);
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new Error('pick from an empty list');
		return items[Math.floor(this.next() * items.length)];
	}

	/** Picks by weight; weights need not sum to 1. */
	weighted<T>(items: readonly T[], weights: readonly number[]): T {
		let total = 0;
		for (const w of weights) total += w;
		let r = this.next() * total;
		for (let i = 0; i < items.length; i++) {
			r -= weights[i];
			if (r < 0) return items[i];
		}
		return items[items.length - 1];
	}

	/** A deterministic string shaped like a version-4 UUID. */
	uuid(): string {
		const hex = (n: number) => n.toString(16).padStart(8, '0');
		const a = hex(this.uint32());
		const b = hex(this.uint32());
		const c = hex(this.uint32());
		const d = hex(this.uint32());
		const variant = ((parseInt(c[0], 16) & 0x3) | 0x8).toString(16);
		return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
	}

	shuffle<T>(items: T[]): T[] {
		for (let i = items.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[items[i], items[j]] = [items[j], items[i]];
		}
		return items;
	}
}
