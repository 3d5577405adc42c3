import { procedures } from '../db/schema';

/** A procedure's own columns as the admin page and the API read them (each adds its field columns). */
export const PROCEDURE_COLUMNS = {
	id: procedures.id,
	code: procedures.code,
	shortCode: procedures.shortCode,
	nameVi: procedures.nameVi,
	nameEn: procedures.nameEn,
	levelVi: procedures.levelVi,
	handlingDays: procedures.handlingDays,
	handlingHours: procedures.handlingHours,
	mode: procedures.mode,
	onlineLevel: procedures.onlineLevel,
	postedAtDesk: procedures.postedAtDesk,
	publishedOnline: procedures.publishedOnline,
	active: procedures.active
};
