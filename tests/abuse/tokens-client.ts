import type { FormClient } from './guards-client';

/** The first capture of `re` in `text`, or a failure naming what was looked for. */
export function pick(text: string, re: RegExp, what: string): string {
	const m = re.exec(text);
	if (!m) throw new Error(`${what} not found`);
	return m[1];
}

/** A form's fields, a field given several values (checkboxes) repeated. */
export function fields(values: Record<string, string | number | (string | number)[]>): [string, string][] {
	return Object.entries(values).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((one): [string, string] => [k, String(one)]));
}

/** An officer takes a counter (the first offered that is not in `avoid`); returns its id. */
export async function takeCounter(officer: FormClient, avoid: number[] = []): Promise<number> {
	await officer.post('/app/counter?/leave', {});
	const page = await officer.get('/app/counter');
	const offered = [...page.text.matchAll(/name="counterId" value="(\d+)"/g)].map((m) => Number(m[1]));
	const counterId = offered.find((id) => !avoid.includes(id));
	if (counterId === undefined) throw new Error('no counter offered');
	const taken = await officer.post('/app/counter?/take', fields({ counterId, force: 1 }));
	if (taken.status !== 200) throw new Error(`take counter: ${taken.status}`);
	return counterId;
}

/** Serves a new dossier with this code at the officer's counter (created on the spot with the first procedure offered). */
export async function serveNewDossier(officer: FormClient, code: string): Promise<void> {
	const unknown = await officer.post('/app/counter?/serve', { code, stage: 'receiving' });
	if (unknown.status !== 404) throw new Error(`serve ${code}: ${unknown.status}`);
	const procedureId = pick(unknown.text, /name="procedureId"[\s\S]*?<option value="(\d+)"/, 'a procedure');
	const created = await officer.post('/app/counter?/create', { code, procedureId });
	if (created.status !== 200) throw new Error(`create ${code}: ${created.status}`);
}
