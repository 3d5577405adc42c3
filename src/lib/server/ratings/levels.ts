/**
 * Buttons to scale levels. Button 1 and level 1 are both "most satisfied". A box with as many
 * buttons as the active scale has levels maps one to one; otherwise the ends stay the ends and
 * the middle is spread linearly, halves rounding up (a 5-button box on a 3-level scale:
 * 1→1, 2→2, 3→2, 4→3, 5→3). Null: the box has no such button.
 */
export function buttonToLevel(button: number, buttons: number, levelCount: number): number | null {
	if (!Number.isInteger(button) || !Number.isInteger(buttons) || !Number.isInteger(levelCount)) return null;
	if (buttons < 2 || levelCount < 2 || button < 1 || button > buttons) return null;
	if (buttons === levelCount) return button;
	const exact = 1 + ((button - 1) * (levelCount - 1)) / (buttons - 1);
	return Math.min(levelCount, Math.max(1, Math.round(exact)));
}
