/**
 * Face shapes for the rating buttons, from a wide smile (most satisfied) to a frown. The mouth
 * is a quadratic curve whose control point moves with the level's place on the scale.
 */
export function mouthPath(position: number): string {
	// position: 0 = most satisfied … 1 = least satisfied
	const curve = 20 - position * 40; // +20 smile … −20 frown
	return `M 30 62 Q 50 ${62 + curve} 70 62`;
}

export function faceColour(cls: 'satisfied' | 'neutral' | 'dissatisfied', position: number): { fill: string; ink: string } {
	if (cls === 'satisfied') return position < 0.2 ? { fill: '#17643a', ink: '#fff' } : { fill: '#3b7420', ink: '#fff' };
	if (cls === 'neutral') return { fill: '#815400', ink: '#fff' };
	return position > 0.9 ? { fill: '#8f1d16', ink: '#fff' } : { fill: '#b3261e', ink: '#fff' };
}
